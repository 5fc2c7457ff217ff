// ipclab-soak: main's memory over a long run (issue 15). Four renderers (ipclab-soak-renderer)
// run batches of mixed messages, one after another, each as main hands it out: sends, invokes,
// sendSyncs, sendTos to another window, a new MessageChannel per batch whose port is moved to
// another window through main, echoed and closed; main pushes to the renderer after each batch.
// Every so often a renderer is closed or killed (alternately) and a new one launched in its
// place. Each second main's resident memory is sampled, before and after malloc_trim(0): the
// first shows what the allocator holds, the second what main still uses.
//   ipclab-soak [--messages N] [--json FILE] [--csv FILE] [--chart FILE.png] [--no-ports]
//   [--no-restarts] ipclab-soak --chart-from FILE.json --chart FILE.png
// The target, flat within 10% after warm-up (the first tenth of the messages), is reported
// met or not; nothing is asserted: the figures say something only about the machine they ran
// on. The chart is drawn by a second copy of this executable, as ipclab-bench's.

#include "ipcmain.h"
#include "messageport.h"
#include "processstats.h"
#include "rendererlauncher.h"
#include "soakchart.h"
#include "webcontents.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryFile>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <malloc.h>
#include <unistd.h>

namespace {

// A sendTo racing a restart fails by design (its target is gone, or not there yet), and main
// and the renderer log each one: those lines are counted, not printed.
int sendToRaces = 0;
QtMessageHandler defaultHandler = nullptr;

void filterMessages(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (type == QtWarningMsg && message.contains(QLatin1String("sendTo: "))) {
        ++sendToRaces;
        return;
    }
    defaultHandler(type, context, message);
}

// One batch, per renderer: the "soak:go" counts, and main's pushes after it.
constexpr int batchSends = 40;
constexpr int batchInvokes = 20;
constexpr int batchSyncs = 5;
constexpr int batchSendTos = 10;
constexpr int batchPortMessages = 10;
constexpr int batchPushes = 15;
constexpr int rendererCount = 4;
// A window that finishes no batch for this long is stuck: reported, and replaced.
constexpr int stallMs = 30000;

class Soak : public QObject
{
public:
    // Without ports or restarts, for telling which of them makes memory grow.
    Soak(qint64 target, bool ports, bool restarts)
        : m_target(target), m_withPorts(ports), m_withRestarts(restarts), m_launcher(&m_ipcMain)
    {
        m_restartEvery = std::max<qint64>(target / 40, 20000);
        m_launcher.setRendererProgram(QCoreApplication::applicationDirPath()
                                      + QStringLiteral("/ipclab-soak-renderer"));
        m_ipcMain.on(QStringLiteral("soak:send"), [](IpcMainEvent &, const QJsonArray &) {});
        m_ipcMain.on(QStringLiteral("soak:sync"), [](IpcMainEvent &event, const QJsonArray &args) {
            event.returnValue = args.at(0);
        });
        m_ipcMain.handle(
                QStringLiteral("soak:invoke"),
                [](IpcMainInvokeEvent &, const QJsonArray &args) { return IpcResult(args.at(0)); });
        m_ipcMain.on(QStringLiteral("soak:port-offer"),
                     [this](IpcMainEvent &event, const QJsonArray &args) {
                         WebContents *peer = m_launcher.fromId(args.at(0).toInt());
                         if (peer && peer->isReady() && !peer->isCrashed())
                             peer->postMessage(QStringLiteral("soak:port"), QJsonValue(),
                                               event.ports());
                         else
                             for (MessagePort *port : event.ports())
                                 port->close();
                         // What is left here is neutered (or closed): done with, as an app
                         // would be (main's router owns ports that arrive until then).
                         for (MessagePort *port : event.ports())
                             port->deleteLater();
                     });
        m_ipcMain.on(QStringLiteral("soak:done"),
                     [this](IpcMainEvent &event, const QJsonArray &args) {
                         batchDone(event.sender(), qint64(args.at(0).toDouble()));
                     });
        connect(&m_sampler, &QTimer::timeout, this, &Soak::sample);
        connect(&m_watchdog, &QTimer::timeout, this, &Soak::checkStalls);
    }

    QJsonObject run()
    {
        m_clock.start();
        for (int slot = 0; slot < rendererCount; ++slot)
            launch(slot);
        sample();
        m_sampler.start(1000);
        m_watchdog.start(stallMs / 3);
        QCoreApplication::exec();
        m_sampler.stop();
        sample();
        for (WebContents *w : std::as_const(m_slots))
            if (w)
                w->close();
        return report();
    }

private:
    struct Slot
    {
        qint64 lastDone = 0;
    };

    void launch(int slot)
    {
        WebContents *w = m_launcher.launch();
        if (m_slots.size() <= slot)
            m_slots.resize(slot + 1);
        m_slots[slot] = w;
        m_lastDone[w] = m_clock.elapsed();
        connect(w, &WebContents::didFinishLoad, this, [this, w] { go(w); });
        connect(w, &WebContents::renderProcessGone, this,
                [this, w](const RenderProcessGoneDetails &details) {
                    if (!m_retiring.remove(w)) {
                        ++m_unexpectedGone;
                        std::printf("renderer #%d went unexpectedly: %s %s\n", w->id(),
                                    qPrintable(details.reason), qPrintable(details.badMessage));
                        const int slot = m_slots.indexOf(w);
                        if (slot >= 0 && !m_finished)
                            launch(slot);
                    }
                    m_lastDone.remove(w);
                    w->deleteLater();
                });
    }

    WebContents *peerOf(WebContents *w)
    {
        for (int i = 1; i <= rendererCount; ++i) {
            const int slot
                    = (m_slots.indexOf(w) + i + int(m_batches % rendererCount)) % rendererCount;
            WebContents *peer = m_slots.value(slot);
            if (peer && peer != w && peer->isReady())
                return peer;
        }
        return nullptr;
    }

    void go(WebContents *w)
    {
        WebContents *peer = peerOf(w);
        w->send(QStringLiteral("soak:go"),
                {peer ? peer->id() : 0, batchSends, batchInvokes, batchSyncs, batchSendTos,
                 m_withPorts ? batchPortMessages : 0});
    }

    void batchDone(WebContents *w, qint64 messages)
    {
        if (!w || m_finished)
            return;
        ++m_batches;
        m_messages += messages;
        m_lastDone[w] = m_clock.elapsed();
        for (int i = 0; i < batchPushes; ++i) {
            if (w->send(QStringLiteral("soak:push"), {i, QStringLiteral("pushed to the renderer")})
                        .isNull())
                ++m_messages;
        }
        if (m_messages >= m_target) {
            m_finished = true;
            QCoreApplication::quit();
            return;
        }
        if (m_withRestarts && m_messages >= m_nextRestart) {
            m_nextRestart += m_restartEvery;
            restart(int(m_restarts % rendererCount));
        }
        if (m_slots.contains(w) && !m_retiring.contains(w))
            go(w);
    }

    // Closes (even restarts) or kills (odd) the window in slot, and launches a new one there.
    void restart(int slot)
    {
        WebContents *old = m_slots.value(slot);
        ++m_restarts;
        if (old) {
            m_retiring.insert(old);
            if (m_restarts % 2)
                old->forcefullyCrashRenderer();
            else
                old->close();
        }
        launch(slot);
    }

    void checkStalls()
    {
        const qint64 now = m_clock.elapsed();
        for (int slot = 0; slot < m_slots.size(); ++slot) {
            WebContents *w = m_slots[slot];
            if (w && now - m_lastDone.value(w, now) > stallMs) {
                ++m_stalls;
                std::printf("renderer #%d finished no batch for %d s: replaced\n", w->id(),
                            stallMs / 1000);
                restart(slot);
            }
        }
    }

    void sample()
    {
        const qint64 raw = residentKilobytes();
        malloc_trim(0);
        const qint64 trimmed = residentKilobytes();
        const double seconds = double(m_clock.elapsed()) / 1e3;
        m_samples.append(
                QJsonArray {std::round(seconds * 10) / 10, double(m_messages), raw, trimmed});
        if (m_samples.size() % 10 == 1)
            std::printf("%7.1f s %11lld messages  RSS %7lld KiB, after malloc_trim %7lld KiB, %d "
                        "restarts\n",
                        seconds, m_messages, raw, trimmed, m_restarts);
        std::fflush(stdout);
    }

    QJsonObject report()
    {
        const double seconds = double(m_clock.elapsed()) / 1e3;
        // Warm-up: the first tenth of the messages. The baseline is the first sample after it.
        const qint64 warmUp = m_target / 10;
        int first = -1;
        for (int i = 0; i < m_samples.size(); ++i) {
            if (m_samples[i].toArray().at(1).toDouble() >= double(warmUp)) {
                first = i;
                break;
            }
        }
        QJsonObject document {
                {"date", QDateTime::currentDateTimeUtc().toString(Qt::ISODate)},
                {"targetMessages", double(m_target)},
                {"messages", double(m_messages)},
                {"seconds", std::round(seconds * 10) / 10},
                {"messagesPerSecond", std::round(double(m_messages) / seconds)},
                {"batches", double(m_batches)},
                {"renderers", rendererCount},
                {"restarts", m_restarts},
                {"unexpectedGone", m_unexpectedGone},
                {"stalls", m_stalls},
                {"warmUpMessages", double(warmUp)},
                {"batch",
                 QJsonObject {{"sends", batchSends},
                              {"invokes", batchInvokes},
                              {"sendSyncs", batchSyncs},
                              {"sendTos", batchSendTos},
                              {"portMessages", m_withPorts ? batchPortMessages : 0},
                              {"pushes", batchPushes}}},
                {"samplesColumns", QJsonArray {"seconds", "messages", "rssKiB", "rssTrimmedKiB"}},
                {"samples", m_samples}};
        std::printf("\n%lld messages in %.1f s: %.0f messages/s; %lld batches, %d restarts (%d "
                    "unexpected "
                    "exits, %d stalls, %d sendTos to a window that was gone)\n",
                    m_messages, seconds, double(m_messages) / seconds, m_batches, m_restarts,
                    m_unexpectedGone, m_stalls, sendToRaces);
        const auto column
                = [this](int i, int c) { return qint64(m_samples[i].toArray().at(c).toDouble()); };
        const qint64 start = m_samples.isEmpty() ? 0 : column(0, 2);
        std::printf("RSS at the start: %lld KiB\n", start);
        if (first < 0 || first >= m_samples.size() - 1) {
            std::printf("too short a run to say whether RSS stays flat after warm-up\n");
            document.insert("flat", QJsonValue::Null);
            return document;
        }
        bool flat = true;
        for (const int c : {2, 3}) {
            const QString name = c == 2 ? QStringLiteral("raw") : QStringLiteral("trimmed");
            const qint64 base = column(first, c);
            qint64 high = base;
            qint64 low = base;
            for (int i = first; i < m_samples.size(); ++i) {
                high = std::max(high, column(i, c));
                low = std::min(low, column(i, c));
            }
            const qint64 end = column(m_samples.size() - 1, c);
            const double growth = 100.0 * double(end - base) / double(base);
            const double spread = 100.0 * double(high - base) / double(base);
            const bool met = high <= base * 11 / 10 && low >= base * 9 / 10;
            if (c == 3)
                flat = met;
            std::printf("RSS %-8s after warm-up %7lld KiB, end %7lld KiB (%+.1f%%), highest %7lld "
                        "(%+.1f%%), "
                        "lowest %7lld: %s\n",
                        qPrintable(name), base, end, growth, high, spread, low,
                        met ? "flat within 10%" : "NOT flat within 10%");
            document.insert(name,
                            QJsonObject {{"afterWarmUpKiB", double(base)},
                                         {"endKiB", double(end)},
                                         {"highestKiB", double(high)},
                                         {"lowestKiB", double(low)},
                                         {"growthPercent", std::round(growth * 10) / 10},
                                         {"flatWithin10Percent", met}});
        }
        document.insert("startKiB", double(start));
        document.insert("flat", flat);
        std::printf("target (trimmed RSS flat within 10%% after warm-up): %s\n",
                    flat ? "met" : "NOT met");
        return document;
    }

    qint64 m_target;
    bool m_withPorts;
    bool m_withRestarts;
    IpcMain m_ipcMain;
    RendererLauncher m_launcher;
    QList<WebContents *> m_slots;
    QHash<WebContents *, qint64> m_lastDone;
    QSet<WebContents *> m_retiring;
    QElapsedTimer m_clock;
    QTimer m_sampler;
    QTimer m_watchdog;
    QJsonArray m_samples;
    qint64 m_messages = 0;
    qint64 m_batches = 0;
    qint64 m_restartEvery;
    qint64 m_nextRestart = 0;
    int m_restarts = 0;
    int m_unexpectedGone = 0;
    int m_stalls = 0;
    bool m_finished = false;
};

int fail(const QString &message)
{
    std::fprintf(stderr, "ipclab-soak: %s\n", qPrintable(message));
    return 1;
}

// --chart-from: a QGuiApplication (for fonts) that only draws a saved report.
int drawChartFrom(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption from(QStringLiteral("chart-from"), QStringLiteral("Report to draw."),
                                  QStringLiteral("file"));
    const QCommandLineOption chart(QStringLiteral("chart"), QStringLiteral("PNG to write."),
                                   QStringLiteral("file"));
    parser.addOptions({from, chart});
    parser.process(app);
    QFile file(parser.value(from));
    if (!parser.isSet(chart) || !file.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("--chart-from needs a readable report and --chart FILE.png"));
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll());
    QString error;
    if (!document.isObject() || !drawSoakChart(document.object(), parser.value(chart), &error))
        return fail(QStringLiteral("cannot draw %1: %2").arg(file.fileName(), error));
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        if (qstrcmp(argv[i], "--chart-from") == 0)
            return drawChartFrom(argc, argv);
    }
    QCoreApplication app(argc, argv);
    defaultHandler = qInstallMessageHandler(filterMessages);
    QCommandLineParser parser;
    parser.setApplicationDescription(
            QStringLiteral("Main's resident memory over a long run of mixed messages."));
    parser.addHelpOption();
    const QCommandLineOption messages(QStringLiteral("messages"),
                                      QStringLiteral("Messages to run (default 10000000)."),
                                      QStringLiteral("N"), QStringLiteral("10000000"));
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("Write the report as JSON."),
                                  QStringLiteral("file"));
    const QCommandLineOption csv(
            QStringLiteral("csv"),
            QStringLiteral("Write the samples as CSV (seconds, messages, RSS KiB, RSS KiB "
                           "after malloc_trim)."),
            QStringLiteral("file"));
    const QCommandLineOption chart(QStringLiteral("chart"),
                                   QStringLiteral("Draw the RSS curve as a PNG."),
                                   QStringLiteral("file"));
    const QCommandLineOption noPorts(
            QStringLiteral("no-ports"),
            QStringLiteral("No MessageChannels (to tell what makes memory grow)."));
    const QCommandLineOption noRestarts(
            QStringLiteral("no-restarts"),
            QStringLiteral("No renderer restarts (to tell what makes memory grow)."));
    parser.addOptions({messages, json, csv, chart, noPorts, noRestarts});
    parser.process(app);
    bool ok = false;
    const qint64 target = parser.value(messages).toLongLong(&ok);
    if (!ok || target <= 0)
        return fail(QStringLiteral("--messages needs a positive number"));

    Soak soak(target, !parser.isSet(noPorts), !parser.isSet(noRestarts));
    const QJsonObject document = soak.run();

    QString jsonFile = parser.value(json);
    QTemporaryFile temporary(QDir::temp().filePath(QStringLiteral("ipclab-soak-XXXXXX.json")));
    if (jsonFile.isEmpty() && parser.isSet(chart)) {
        if (!temporary.open())
            return fail(QStringLiteral("cannot write a temporary report"));
        jsonFile = temporary.fileName();
        temporary.close();
    }
    if (!jsonFile.isEmpty()) {
        QFile file(jsonFile);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)
            || file.write(QJsonDocument(document).toJson()) < 0)
            return fail(QStringLiteral("cannot write %1: %2").arg(jsonFile, file.errorString()));
    }
    if (parser.isSet(csv)) {
        QFile file(parser.value(csv));
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text))
            return fail(
                    QStringLiteral("cannot write %1: %2").arg(file.fileName(), file.errorString()));
        file.write("seconds,messages,rss_kib,rss_trimmed_kib\n");
        for (const QJsonValue &row : document.value(QStringLiteral("samples")).toArray()) {
            const QJsonArray r = row.toArray();
            file.write(QStringLiteral("%1,%2,%3,%4\n")
                               .arg(r.at(0).toDouble())
                               .arg(qint64(r.at(1).toDouble()))
                               .arg(qint64(r.at(2).toDouble()))
                               .arg(qint64(r.at(3).toDouble()))
                               .toLatin1());
        }
    }
    if (parser.isSet(chart)) {
        QProcess drawer;
        drawer.setProcessChannelMode(QProcess::ForwardedChannels);
        drawer.start(QCoreApplication::applicationFilePath(),
                     {QStringLiteral("--chart-from"), jsonFile, QStringLiteral("--chart"),
                      parser.value(chart)});
        if (!drawer.waitForFinished(120000) || drawer.exitStatus() != QProcess::NormalExit
            || drawer.exitCode() != 0)
            return fail(QStringLiteral("the chart process failed"));
        std::printf("chart: %s\n", qPrintable(parser.value(chart)));
    }
    return 0;
}
