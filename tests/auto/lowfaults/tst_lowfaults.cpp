// Faults from below: the kernel doing to IPC Lab's sockets all it may (short writes and reads,
// EAGAIN and EINTR at any byte of a frame), and a renderer stopped with SIGSTOP mid-stream.
// Numbered frames of every size, some with attachments (tests/common/streamframes.h), go both
// ways by send, invoke and sendSync; each end checks that every frame arrives exactly once, in
// order, unchanged.
//
// The faults come from libipclab-faultshim (faultshim.cpp), preloaded into this process (which
// is main) and so into every renderer it launches: main() below runs the suite again under
// LD_PRELOAD when the shim is not loaded yet. Both of Connection's ways to the kernel are hit:
// QLocalSocket's own read()/write() and the sendmsg()/recv() shortcuts. The schedule of faults
// is fixed for a seed: IPCLAB_LOWFAULTS_SEED=N picks another (default 15).

#include "ipcmain.h"
#include "ipcreply.h"
#include "protocol.h"
#include "rendererlauncher.h"
#include "streamframes.h"
#include "webcontents.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

#include <csignal>
#include <dlfcn.h>
#include <functional>
#include <memory>
#include <unistd.h>

namespace {

// faultshim.cpp's order.
enum Call { Write, Writev, Send, Sendmsg, Read, Readv, Recv, Recvmsg, CallCount };
using CountsFunction = void (*)(long *, long *);

CountsFunction shimCounts()
{
    return reinterpret_cast<CountsFunction>(dlsym(RTLD_DEFAULT, "ipclab_faultshim_counts"));
}

// Runs the event loop until condition() holds or timeout ms pass; true if it holds. Unlike
// QTRY_* (which polls processEvents() and never lets the loop block), this blocks in the loop
// when there is nothing to do, as an application does: Connection writes the first frame of a
// loop pass straight to the kernel (sendmsg) only once the pass before ended in a block.
bool runUntil(const std::function<bool()> &condition, int timeout)
{
    QEventLoop loop;
    QTimer check;
    QObject::connect(&check, &QTimer::timeout, &loop, [&] {
        if (condition())
            loop.quit();
    });
    check.start(5);
    QTimer::singleShot(timeout, &loop, &QEventLoop::quit);
    if (!condition())
        loop.exec();
    return condition();
}

// Why the renderer went, for a failure message.
QByteArray goneReason(const QSignalSpy &gone)
{
    if (gone.isEmpty())
        return {};
    const auto details = gone.at(0).at(0).value<RenderProcessGoneDetails>();
    return QStringLiteral("the renderer went: %1 %2")
            .arg(details.reason, details.badMessage)
            .toUtf8();
}

bool sanitized()
{
#if defined(__SANITIZE_ADDRESS__)
    return true;
#elif defined(__has_feature)
#    if __has_feature(address_sanitizer)
    return true;
#    endif
#endif
    return false;
}

} // namespace

class tst_LowFaults : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void everyFrameOnceInOrderBothWays();
    void stoppedRendererResumesWithNothingLost();

private:
    struct Stream
    {
        int received = 0; // renderer -> main, in order
        QString error; // the first thing wrong with what main received
        QString done; // the renderer's "stream:done": "" until it came, then "ok" or an error
        int sent = 0; // main -> renderer
        QString sendError; // the first send main could not make
        int answered = 0; // main's invokes answered with their number
    };

    WebContents *launchReady();
    void listen(Stream *stream);
    void sendFrames(WebContents *w, Stream *stream, int upTo, QList<IpcReply *> *replies);
    QJsonObject report(WebContents *w);

    std::unique_ptr<IpcMain> m_ipcMain;
    std::unique_ptr<RendererLauncher> m_launcher;
};

void tst_LowFaults::initTestCase()
{
    if (!shimCounts()) {
        if (sanitized())
            QSKIP("the fault shim did not load next to AddressSanitizer's runtime");
        QFAIL("libipclab-faultshim is not loaded: run tst_lowfaults by itself, it preloads the "
              "shim");
    }
}

void tst_LowFaults::init()
{
    m_ipcMain = std::make_unique<IpcMain>();
    m_launcher = std::make_unique<RendererLauncher>(m_ipcMain.get());
    m_launcher->setRendererProgram(QStringLiteral(IPCLAB_STREAMRENDERER_PATH));
}

void tst_LowFaults::cleanup()
{
    m_launcher.reset();
    m_ipcMain.reset();
}

WebContents *tst_LowFaults::launchReady()
{
    WebContents *w = m_launcher->launch();
    if (w && !QTest::qWaitFor([w] { return w->isReady(); }, 20000))
        return nullptr;
    return w;
}

// Main's end of the renderer's stream: frames by send, sendSync (answered with their number) and
// invoke (the same), all in one sequence.
void tst_LowFaults::listen(Stream *stream)
{
    const auto take = [stream](const QVariantList &args) {
        if (!stream->error.isEmpty())
            return;
        stream->error = StreamFrames::check(stream->received, args);
        if (stream->error.isEmpty())
            ++stream->received;
    };
    m_ipcMain->on(QStringLiteral("stream:frame"), [take](IpcMainEvent &event, const QJsonArray &) {
        const QVariantList args = event.arguments();
        take(args);
        if (event.isSync())
            event.returnValue = args.value(0).toInt();
    });
    m_ipcMain->handle(QStringLiteral("stream:frame"),
                      [take](IpcMainInvokeEvent &event, const QJsonArray &) {
                          const QVariantList args = event.arguments();
                          take(args);
                          return IpcResult(args.value(0).toInt());
                      });
    m_ipcMain->on(QStringLiteral("stream:done"), [stream](IpcMainEvent &, const QJsonArray &args) {
        const QString error = args.at(1).toString();
        stream->done = error.isEmpty() ? QStringLiteral("ok") : error;
    });
}

// Main's own stream, frames stream->sent .. upTo-1: sends, every 50th an invoke.
void tst_LowFaults::sendFrames(WebContents *w, Stream *stream, int upTo, QList<IpcReply *> *replies)
{
    for (; stream->sent < upTo; ++stream->sent) {
        const int n = stream->sent;
        const QVariantList frame = StreamFrames::frame(n);
        if (n % 50 == 49) {
            IpcReply *reply = w->invoke(QStringLiteral("stream:frame"), frame, 120000);
            connect(reply, &IpcReply::finished, this, [stream, reply, n] {
                if (!reply->isError() && reply->value().toInt() == n)
                    ++stream->answered;
                else if (stream->sendError.isEmpty())
                    stream->sendError = QStringLiteral("invoke of frame %1: %2")
                                                .arg(n)
                                                .arg(reply->error().message());
            });
            replies->append(reply);
            continue;
        }
        const IpcError error = w->send(QStringLiteral("stream:frame"), frame);
        if (!error.isNull() && stream->sendError.isEmpty())
            stream->sendError = QStringLiteral("send of frame %1: %2").arg(n).arg(error.message());
    }
}

QJsonObject tst_LowFaults::report(WebContents *w)
{
    IpcReply *reply = w->invoke(QStringLiteral("stream:report"), {}, 60000);
    reply->waitForFinished();
    const QJsonObject value = reply->isError() ? QJsonObject {{"error", reply->error().message()}}
                                               : reply->value().toObject();
    delete reply;
    return value;
}

void tst_LowFaults::everyFrameOnceInOrderBothWays()
{
    constexpr int count = 1500;
    long seenBefore[CallCount];
    long faultedBefore[CallCount];
    shimCounts()(seenBefore, faultedBefore);

    Stream stream;
    listen(&stream);
    WebContents *w = launchReady();
    QVERIFY(w);
    QSignalSpy gone(w, &WebContents::renderProcessGone);

    // Both ways at once, so that frames and their faults interleave on each socket: four frames
    // a millisecond to main, one a millisecond from it, so that the sockets sometimes empty and
    // the first frame of a pass goes by Connection's sendmsg() shortcut, and sometimes back up.
    QVERIFY(w->send(QStringLiteral("stream:start"), {count, 4, 1}).isNull());
    QList<IpcReply *> replies;
    QTimer pump;
    connect(&pump, &QTimer::timeout, this, [&] {
        sendFrames(w, &stream, qMin(count, stream.sent + 1), &replies);
        if (stream.sent == count)
            pump.stop();
    });
    pump.start(1);

    QVERIFY(runUntil(
            [&] { return !stream.done.isEmpty() || !stream.error.isEmpty() || !gone.isEmpty(); },
            120000));
    QVERIFY2(gone.isEmpty(), goneReason(gone).constData());
    QVERIFY2(stream.error.isEmpty(), qPrintable(stream.error));
    QCOMPARE(stream.done, QStringLiteral("ok"));
    QCOMPARE(stream.received, count);

    QVERIFY(runUntil(
            [&] {
                return stream.answered == count / 50 || !stream.sendError.isEmpty()
                        || !gone.isEmpty();
            },
            120000));
    QVERIFY2(stream.sendError.isEmpty(), qPrintable(stream.sendError));
    const QJsonObject inRenderer = report(w);
    QVERIFY2(inRenderer.value("error").toString().isEmpty(),
             qPrintable(inRenderer.value("error").toString()));
    QCOMPARE(inRenderer.value("received").toInt(), count);
    QCOMPARE(gone.count(), 0);
    qDeleteAll(replies);

    // The shim was in the way of both of Connection's paths in both processes: QLocalSocket's
    // own writes and reads, and the sendmsg()/recv() shortcuts.
    long seenAfter[CallCount];
    long faultedAfter[CallCount];
    shimCounts()(seenAfter, faultedAfter);
    const QJsonArray rendererSeen = inRenderer.value("shimSeen").toArray();
    const QJsonArray rendererFaulted = inRenderer.value("shimFaulted").toArray();
    QCOMPARE(rendererFaulted.size(), int(CallCount));
    for (const bool renderer : {false, true}) {
        const auto faulted = [&](Call call) {
            return renderer ? long(rendererFaulted.at(call).toDouble())
                            : faultedAfter[call] - faultedBefore[call];
        };
        const auto seen = [&](Call call) {
            return renderer ? long(rendererSeen.at(call).toDouble())
                            : seenAfter[call] - seenBefore[call];
        };
        qInfo("calls faulted / seen in %s: write %ld/%ld, writev %ld/%ld, send %ld/%ld, sendmsg "
              "%ld/%ld, "
              "read %ld/%ld, readv %ld/%ld, recv %ld/%ld, recvmsg %ld/%ld",
              renderer ? "the renderer" : "main", faulted(Write), seen(Write), faulted(Writev),
              seen(Writev), faulted(Send), seen(Send), faulted(Sendmsg), seen(Sendmsg),
              faulted(Read), seen(Read), faulted(Readv), seen(Readv), faulted(Recv), seen(Recv),
              faulted(Recvmsg), seen(Recvmsg));
        QVERIFY(faulted(Sendmsg) > 0); // Connection::writeDirect()
        QVERIFY(faulted(Write) + faulted(Writev) + faulted(Send) > 0); // QLocalSocket's writes
        QVERIFY(faulted(Recv) > 0); // Connection::readDirect()
        QVERIFY(faulted(Read) + faulted(Readv) + faulted(Recvmsg) > 0); // QLocalSocket's reads
    }
}

void tst_LowFaults::stoppedRendererResumesWithNothingLost()
{
    // The assumption this test rests on: main does not judge a renderer hung by time alone. It
    // does so only once the renderer has left maxPendingWriteBytes (128 MiB) unread AND then
    // taken nothing for the unresponsive timeout (5 s, Protocol::unresponsiveTimeoutMs). A pause
    // of 10 s, twice that timeout, with far less than the limit written meanwhile, must pass.
    // The renderer's own sendSync timeout (default 10 s) is set past the pause by the helper: a
    // sendSync caught by the stop would otherwise time out, as it is meant to.
    constexpr int pauseMs = 10000;
    QVERIFY(Protocol::unresponsiveTimeoutMs < pauseMs);
    constexpr int count = 3000;

    Stream stream;
    listen(&stream);
    WebContents *w = launchReady();
    QVERIFY(w);
    QSignalSpy gone(w, &WebContents::renderProcessGone);
    QSignalSpy unresponsive(w, &WebContents::unresponsive);

    // Slow streams both ways, so that both are mid-way when the renderer stops.
    QVERIFY(w->send(QStringLiteral("stream:start"), {count, 5, 2}).isNull());
    QList<IpcReply *> replies;
    QTimer pump;
    connect(&pump, &QTimer::timeout, this, [&] {
        sendFrames(w, &stream, qMin(count, stream.sent + 5), &replies);
        if (stream.sent == count)
            pump.stop();
    });
    pump.start(2);
    QVERIFY(runUntil(
            [&] { return stream.received >= 200 || !stream.error.isEmpty() || !gone.isEmpty(); },
            60000));
    QVERIFY2(gone.isEmpty(), goneReason(gone).constData());
    QVERIFY2(stream.error.isEmpty(), qPrintable(stream.error));

    const pid_t pid = pid_t(w->osProcessId());
    QVERIFY(pid > 0);
    QCOMPARE(::kill(pid, SIGSTOP), 0);
    const int receivedAtStop = stream.received;
    const int sentAtStop = stream.sent;
    // The pause itself is the test: main keeps streaming into the stopped renderer meanwhile.
    runUntil([] { return false; }, pauseMs);
    QVERIFY2(stream.sent > sentAtStop, "main stopped sending while the renderer was stopped");
    QVERIFY(stream.received
            <= receivedAtStop + 1000); // what the kernel buffered before the stop, at most
    QCOMPARE(unresponsive.count(), 0);
    QCOMPARE(gone.count(), 0);
    QVERIFY2(stream.sendError.isEmpty(), qPrintable(stream.sendError));
    QCOMPARE(::kill(pid, SIGCONT), 0);

    QVERIFY(runUntil(
            [&] { return !stream.done.isEmpty() || !stream.error.isEmpty() || !gone.isEmpty(); },
            120000));
    QVERIFY2(gone.isEmpty(), goneReason(gone).constData());
    QVERIFY2(stream.error.isEmpty(), qPrintable(stream.error));
    QCOMPARE(stream.done, QStringLiteral("ok"));
    QCOMPARE(stream.received, count);
    QVERIFY(runUntil(
            [&] {
                return stream.answered == count / 50 || !stream.sendError.isEmpty()
                        || !gone.isEmpty();
            },
            120000));
    QVERIFY2(stream.sendError.isEmpty(), qPrintable(stream.sendError));
    const QJsonObject inRenderer = report(w);
    QVERIFY2(inRenderer.value("error").toString().isEmpty(),
             qPrintable(inRenderer.value("error").toString()));
    QCOMPARE(inRenderer.value("received").toInt(), count);
    QCOMPARE(unresponsive.count(), 0);
    QCOMPARE(gone.count(), 0);
    qDeleteAll(replies);
}

// Runs the suite again with the shim preloaded, unless it is loaded already (or was asked for
// and did not load: then initTestCase() says so).
int main(int argc, char *argv[])
{
    if (!shimCounts() && !qEnvironmentVariableIsSet("IPCLAB_FAULTSHIM_SEED")) {
        QByteArray preload = IPCLAB_FAULTSHIM_PATH;
        const QByteArray before = qgetenv("LD_PRELOAD");
        if (!before.isEmpty())
            preload += ':' + before;
        qputenv("LD_PRELOAD", preload);
        qputenv("IPCLAB_FAULTSHIM_SEED",
                qEnvironmentVariableIsSet("IPCLAB_LOWFAULTS_SEED")
                        ? qgetenv("IPCLAB_LOWFAULTS_SEED")
                        : QByteArray("15"));
        if (sanitized()) {
            // AddressSanitizer insists on coming first among the loaded libraries; the shim
            // (not instrumented) only passes calls on to it.
            QByteArray options = qgetenv("ASAN_OPTIONS");
            options += QByteArray(options.isEmpty() ? "" : ":") + "verify_asan_link_order=0";
            qputenv("ASAN_OPTIONS", options);
        }
        ::execv("/proc/self/exe", argv);
        std::perror("tst_lowfaults: could not run itself again with the fault shim");
        return 1;
    }
    QCoreApplication app(argc, argv);
    tst_LowFaults test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_lowfaults.moc"
