// Load: many real renderers flooding main with every kind of call (send, invoke, sendSync) while
// main pushes to all of them, and two renderers streaming 1 MiB messages both ways. Nothing may
// be lost, each sender's order must hold in both directions, and every invoke and sendSync must
// be answered. Throughput and peak memory are printed, never asserted: this machine's speed is
// not the behaviour under test.
//
// IPCLAB_LOAD_SCALE scales the message counts; 1 gives the reliability issue's figures
// (16 renderers x 100,000 messages, main pushing 10,000 to each; 2 renderers x 200 messages of
// 1 MiB, main pushing 50 of 1 MiB to each), which is the default: they take about 35 s on a
// busy two-core machine. Use a smaller scale for a quicker run.

#include "ipcmain.h"
#include "ipcreply.h"
#include "monotonicclock.h"
#include "processstats.h"
#include "rendererdriver.h"
#include "rendererlauncher.h"
#include "webcontents.h"

#include <QJsonDocument>
#include <QTest>
#include <QTestEventLoop>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace {

// An "ipclab:" channel: the renderer's agent reports every message on any other channel back to
// main ("ipclab:received"), which would double the traffic being measured.
const QString floodChannel = QStringLiteral("ipclab:load");
const QString pushChannel = floodChannel + QStringLiteral(":push");

constexpr double defaultScale = 1.0;
constexpr int mebibyte = 1 << 20;
// No wait below should ever get near this; CTest stops the suite at 600 s.
constexpr int generousMs = 540000;

double loadScale()
{
    bool ok = false;
    const double scale = qEnvironmentVariable("IPCLAB_LOAD_SCALE").toDouble(&ok);
    return ok && scale > 0 ? scale : defaultScale;
}

qint64 scaled(qint64 full, qint64 minimum)
{
    return qMax<qint64>(minimum, std::llround(double(full) * loadScale()));
}


// Starts VmHWM again from the current resident size, so each row reports its own peak.
bool resetPeakResident()
{
    std::FILE *clearRefs = std::fopen("/proc/self/clear_refs", "w");
    if (!clearRefs)
        return false;
    const bool written = std::fputs("5", clearRefs) >= 0;
    return std::fclose(clearRefs) == 0 && written;
}

QString mib(qint64 kilobytes)
{
    return QString::number(double(kilobytes) / 1024, 'f', 1) + QStringLiteral(" MiB");
}

QString compact(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

// What main saw of one renderer, and what it sent it.
struct Peer
{
    qint64 received = 0;
    qint64 nextSeq = 0;
    qint64 outOfOrder = 0;
    qint64 badPayloads = 0;
    qint64 answered = 0;   // invoke and sendSync answers main gave
    qint64 pushed = 0;
    qint64 pushErrors = 0;
    bool floodFinished = false;
    QJsonObject outcome;   // the flood step's
    QString gone;          // why it went away, if it did
};

} // namespace

class tst_Load : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        qInfo().noquote() << QStringLiteral("IPCLAB_LOAD_SCALE=%1 (1 = the issue's figures; "
                                            "default %2)")
                                     .arg(loadScale())
                                     .arg(defaultScale);
    }

    void floodLosesNothingAndKeepsOrder_data()
    {
        QTest::addColumn<int>("renderers");
        QTest::addColumn<qint64>("count");        // messages each renderer sends
        QTest::addColumn<QStringList>("mix");
        QTest::addColumn<int>("payloadBytes");    // each message's string, beside its seq
        QTest::addColumn<qint64>("pushes");       // what main sends each renderer meanwhile
        QTest::addColumn<int>("pushBytes");
        QTest::addColumn<int>("windowSize");      // invokes a renderer keeps unanswered at most
        const QStringList everyKind{"send", "invoke", "sendSync"};
        const qint64 mixedCount = scaled(100000, 3);
        QTest::newRow("mixedFlood") << 16 << mixedCount << everyKind << 64
                                    << qMax<qint64>(1, mixedCount / 10) << 0 << 64;
        QTest::newRow("megabyteStreams") << 2 << scaled(200, 3) << everyKind << mebibyte
                                         << scaled(50, 1) << mebibyte << 4;
    }

    void floodLosesNothingAndKeepsOrder()
    {
        QFETCH(int, renderers);
        QFETCH(qint64, count);
        QFETCH(QStringList, mix);
        QFETCH(int, payloadBytes);
        QFETCH(qint64, pushes);
        QFETCH(int, pushBytes);
        QFETCH(int, windowSize);
        const QString row = QString::fromLatin1(QTest::currentDataTag());
        qInfo().noquote() << QStringLiteral("%1: %2 renderers x %3 messages of %4 payload bytes "
                                            "(%5), main pushing %6 of %7 payload bytes to each, "
                                            "invoke window %8")
                                     .arg(row)
                                     .arg(renderers)
                                     .arg(count)
                                     .arg(payloadBytes)
                                     .arg(mix.join(QStringLiteral(", ")))
                                     .arg(pushes)
                                     .arg(pushBytes)
                                     .arg(windowSize);

        qint64 expectedInvokes = 0;
        qint64 expectedSyncs = 0;
        for (int i = 0; i < mix.size(); ++i) {
            const qint64 ofThisKind = count / mix.size() + (i < count % mix.size() ? 1 : 0);
            if (mix.at(i) == QLatin1String("invoke"))
                expectedInvokes += ofThisKind;
            else if (mix.at(i) == QLatin1String("sendSync"))
                expectedSyncs += ofThisKind;
        }

        QHash<int, Peer> peers; // by renderer id; outlives the launcher and its signals
        // Seqs must come exactly in order per renderer, whatever the kind: one renderer issues
        // them in order over one socket, so main receives them in that order.
        auto receive = [&peers, payloadBytes](int senderId, const QJsonArray &args) {
            Peer &peer = peers[senderId];
            const qint64 seq = args.at(0).toInteger(-1);
            if (seq != peer.nextSeq)
                ++peer.outOfOrder;
            peer.nextSeq = seq + 1;
            ++peer.received;
            const bool payloadIntact = payloadBytes == 0
                    ? args.size() == 1
                    : args.size() == 2 && args.at(1).toString().size() == payloadBytes;
            if (!payloadIntact)
                ++peer.badPayloads;
        };

        IpcMain ipcMain;
        ipcMain.on(floodChannel, [&](IpcMainEvent &event, const QJsonArray &args) {
            receive(event.senderId(), args);
            if (event.isSync()) {
                event.returnValue = args.at(0);
                ++peers[event.senderId()].answered;
            }
        });
        ipcMain.handle(floodChannel, [&](IpcMainInvokeEvent &event, const QJsonArray &args) {
            receive(event.senderId(), args);
            ++peers[event.senderId()].answered;
            return args.at(0);
        });

        // Waits below run a real event loop (QTestEventLoop), never QTRY: QTest::qWait sleeps
        // 10 ms between rounds of events, which would cap a renderer at one sendSync per 10 ms.
        bool floodsStarted = false;
        QList<WebContents *> windows;
        auto settled = [&] {
            if (!floodsStarted)
                return false;
            for (WebContents *w : std::as_const(windows)) {
                const Peer &peer = peers.value(w->id());
                if (!peer.gone.isEmpty())
                    return true; // fails below, with the reason
                if (!peer.floodFinished || peer.pushed < pushes)
                    return false;
            }
            return true;
        };
        auto exitLoopIfSettled = [&] {
            if (settled())
                QTestEventLoop::instance().exitLoop();
        };

        RendererLauncher launcher(&ipcMain);
        launcher.setRendererProgram(IPCLAB_RENDERER_PATH);
        for (int i = 0; i < renderers; ++i) {
            WebContents *w = launcher.launch({"--headless"});
            connect(w, &WebContents::renderProcessGone, this,
                    [&, id = w->id()](const RenderProcessGoneDetails &details) {
                        peers[id].gone =
                                QStringLiteral("%1 (%2)").arg(details.reason).arg(details.exitCode);
                        exitLoopIfSettled();
                    });
            windows << w;
        }
        auto allReady = [&windows] {
            return std::all_of(windows.cbegin(), windows.cend(),
                               [](WebContents *w) { return w->isReady(); });
        };
        QTRY_VERIFY_WITH_TIMEOUT(allReady(), 60000);

        const bool peakReset = resetPeakResident();
        const QString pushPayload(pushBytes, QLatin1Char('x'));
        const QJsonObject flood{{"op", "flood"},
                                {"channel", floodChannel},
                                {"count", count},
                                {"mix", QJsonArray::fromStringList(mix)},
                                {"payloadBytes", payloadBytes},
                                {"windowSize", windowSize},
                                {"timeout", generousMs}};
        const qint64 startedAt = monotonicNanoseconds();
        for (WebContents *w : std::as_const(windows)) {
            IpcReply *reply = w->invoke("ipclab:perform", QJsonArray{QJsonValue(QJsonArray{flood})},
                                        generousMs);
            connect(reply, &IpcReply::finished, this, [&, reply, id = w->id()] {
                Peer &peer = peers[id];
                peer.floodFinished = true;
                peer.outcome = reply->isError() ? QJsonObject{{"error", reply->error().toJson()}}
                                                : reply->value().toArray().at(0).toObject();
                reply->deleteLater();
                exitLoopIfSettled();
            });
        }
        floodsStarted = true;

        // Main pushes [seq] (and the payload) to each renderer while it floods, keeping pace with
        // what it has received from that renderer so the pushes spread over the whole flood. A
        // renderer's first message says its flood step, and so its push counter, is running.
        QTimer pushTimer;
        pushTimer.setInterval(1);
        connect(&pushTimer, &QTimer::timeout, this, [&] {
            for (WebContents *w : std::as_const(windows)) {
                Peer &peer = peers[w->id()];
                if (peer.received == 0 || !peer.gone.isEmpty())
                    continue;
                const qint64 due = qMin(pushes, peer.received * pushes / count + 1);
                for (; peer.pushed < due; ++peer.pushed) {
                    QJsonArray args{peer.pushed};
                    if (pushBytes > 0)
                        args.append(pushPayload);
                    if (!w->send(pushChannel, args).isNull())
                        ++peer.pushErrors;
                }
            }
            exitLoopIfSettled();
        });
        pushTimer.start();

        if (!settled())
            QTestEventLoop::instance().enterLoopMSecs(generousMs);
        pushTimer.stop();
        QVERIFY2(settled(), "the floods did not finish in time");

        // Main wrote every push before this query on the same connection, and a renderer handles
        // what arrives in order: its answer counts them all.
        qint64 rendererPeakMax = 0;
        qint64 rendererPeakSum = 0;
        QHash<int, QJsonObject> pushState;
        for (WebContents *w : std::as_const(windows)) {
            if (!peers.value(w->id()).gone.isEmpty())
                continue;
            const QJsonObject state = RendererDriver::invokeAndWait(w, "ipclab:flood-state",
                                                                    {floodChannel})
                                              .toObject();
            pushState.insert(w->id(), state);
            rendererPeakMax = qMax(rendererPeakMax, state.value("vmHwmKb").toInteger());
            rendererPeakSum += state.value("vmHwmKb").toInteger();
        }
        const double elapsedSeconds = double(monotonicNanoseconds() - startedAt) / 1e9;
        const qint64 mainPeak = peakResidentKilobytes();

        qint64 received = 0;
        qint64 sent = 0;
        qint64 slowestFloodNs = 0;
        for (const Peer &peer : std::as_const(peers)) {
            received += peer.received;
            sent += peer.pushed + peer.answered;
            slowestFloodNs = qMax(slowestFloodNs, peer.outcome.value("elapsedNs").toInteger());
        }
        qInfo().noquote() << QStringLiteral("%1: main received %2 and sent %3 messages (%4 pushes, "
                                            "%5 answers) in %6 s: %7 messages/s; slowest "
                                            "renderer's flood %8 s")
                                     .arg(row)
                                     .arg(received)
                                     .arg(sent)
                                     .arg(pushes * renderers)
                                     .arg(sent - pushes * renderers)
                                     .arg(elapsedSeconds, 0, 'f', 2)
                                     .arg(double(received + sent) / elapsedSeconds, 0, 'f', 0)
                                     .arg(double(slowestFloodNs) / 1e9, 0, 'f', 2);
        if (payloadBytes >= mebibyte || pushBytes >= mebibyte) {
            const double megabytes = (double(received) * payloadBytes
                                      + double(pushes) * renderers * pushBytes)
                    / 1e6;
            qInfo().noquote() << QStringLiteral("%1: %2 MB of payload (both ways) at %3 MB/s")
                                         .arg(row)
                                         .arg(megabytes, 0, 'f', 0)
                                         .arg(megabytes / elapsedSeconds, 0, 'f', 1);
        }
        qInfo().noquote() << QStringLiteral("%1: peak resident memory (VmHWM): main %2%3; "
                                            "renderers max %4, mean %5")
                                     .arg(row, mib(mainPeak),
                                          peakReset ? QString()
                                                    : QStringLiteral(" (since the suite started)"),
                                          mib(rendererPeakMax),
                                          mib(rendererPeakSum / qMax(1, renderers)));

        for (WebContents *w : std::as_const(windows)) {
            const Peer peer = peers.value(w->id());
            const QString who = QStringLiteral("renderer %1").arg(w->id());
            QVERIFY2(peer.gone.isEmpty(),
                     qPrintable(who + QStringLiteral(" went away: ") + peer.gone));
            QVERIFY2(!peer.outcome.contains("error"),
                     qPrintable(who + QStringLiteral(": ") + compact(peer.outcome)));

            // What main saw: all of it, in order, intact; and every push went out.
            const QJsonObject seenByMain{{"received", peer.received},
                                         {"outOfOrder", peer.outOfOrder},
                                         {"badPayloads", peer.badPayloads},
                                         {"answered", peer.answered},
                                         {"pushed", peer.pushed},
                                         {"pushErrors", peer.pushErrors}};
            const QJsonObject expectedByMain{{"received", count},
                                             {"outOfOrder", 0},
                                             {"badPayloads", 0},
                                             {"answered", expectedInvokes + expectedSyncs},
                                             {"pushed", pushes},
                                             {"pushErrors", 0}};
            QVERIFY2(seenByMain == expectedByMain,
                     qPrintable(QStringLiteral("%1, main saw %2, expected %3")
                                        .arg(who, compact(seenByMain), compact(expectedByMain))));

            // What the renderer saw: every call answered with its own seq, every push in order.
            const QJsonObject state = pushState.value(w->id());
            QJsonObject seenByRenderer{{"pushesReceived", state.value("pushesReceived")},
                                       {"pushOutOfOrder", state.value("pushOutOfOrder")}};
            for (const char *key : {"sent", "sendErrors", "invokesAnswered", "invokeErrors",
                                    "syncAnswered", "syncErrors", "answerMismatches"})
                seenByRenderer.insert(QLatin1String(key), peer.outcome.value(QLatin1String(key)));
            const QJsonObject expectedByRenderer{{"sent", count},
                                                 {"sendErrors", 0},
                                                 {"invokesAnswered", expectedInvokes},
                                                 {"invokeErrors", 0},
                                                 {"syncAnswered", expectedSyncs},
                                                 {"syncErrors", 0},
                                                 {"answerMismatches", 0},
                                                 {"pushesReceived", pushes},
                                                 {"pushOutOfOrder", 0}};
            QVERIFY2(seenByRenderer == expectedByRenderer,
                     qPrintable(QStringLiteral("%1 saw %2, expected %3")
                                        .arg(who, compact(seenByRenderer),
                                             compact(expectedByRenderer))));
        }
    }
};

QTEST_MAIN(tst_Load)
#include "tst_load.moc"
