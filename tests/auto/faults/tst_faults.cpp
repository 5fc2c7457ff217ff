// Faults, against real processes: a renderer killed in the middle of everything (invokes both
// ways, a sendSync, port traffic), and a renderer that stops reading. Main survives each, every
// waiting call fails at once with a clear error, ports close, and the window can be reopened.
// (Main's own death is tst_lifecycle's; main stopped with SIGSTOP is tst_messagechannel's.)

#include "ipcmain.h"
#include "ipcreply.h"
#include "messagechannelmain.h"
#include "rendererdriver.h"
#include "rendererlauncher.h"
#include "webcontents.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

#include <csignal>
#include <memory>

using RendererDriver::step;

class tst_Faults : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void killedMidEverything();
    void rendererThatStopsReadingIsHung();
    void aBurstIsRefusedNotFatal();

private:
    WebContents *launchReady(const QString &program = QStringLiteral(IPCLAB_RENDERER_PATH),
                             const QStringList &arguments = {QStringLiteral("--headless")});

    std::unique_ptr<IpcMain> m_ipcMain;
    std::unique_ptr<RendererLauncher> m_launcher;
};

void tst_Faults::init()
{
    m_ipcMain = std::make_unique<IpcMain>();
    m_launcher = std::make_unique<RendererLauncher>(m_ipcMain.get());
}

void tst_Faults::cleanup()
{
    m_launcher.reset();
    m_ipcMain.reset();
}

WebContents *tst_Faults::launchReady(const QString &program, const QStringList &arguments)
{
    m_launcher->setRendererProgram(program);
    WebContents *w = m_launcher->launch(arguments);
    if (w && !QTest::qWaitFor([w] { return w->isReady(); }, 20000))
        return nullptr;
    return w;
}

void tst_Faults::killedMidEverything()
{
    // Main's handlers take their time, so that the renderer's calls are in flight when it dies.
    m_ipcMain->handle(QStringLiteral("slow"), [](IpcMainInvokeEvent &, const QJsonArray &) {
        return QFuture<IpcResult>(); // never answers
    });
    m_ipcMain->on(QStringLiteral("slow-sync"), [](IpcMainEvent &, const QJsonArray &) {}); // no returnValue

    WebContents *doomed = launchReady();
    WebContents *bystander = launchReady();
    QVERIFY(doomed && bystander);

    // Port traffic: main keeps one end, the doomed window the other and streams into it.
    MessageChannelMain channel(m_launcher.get());
    QSignalSpy portClosed(channel.port1, &MessagePort::closed);
    int portMessages = 0;
    connect(channel.port1, &MessagePort::message, this, [&portMessages] { ++portMessages; });
    channel.port1->start();
    QVERIFY(doomed->postMessage(QStringLiteral("port"), QJsonValue(), {channel.port2}).isNull());
    QJsonObject stream = step(QStringLiteral("portPostMany"));
    stream.insert(QStringLiteral("count"), 1000000);
    stream.insert(QStringLiteral("intervalMs"), 1);
    // The step only starts the stream (a timer in the renderer); it answers at once.
    QVERIFY(!RendererDriver::perform(doomed, {stream}).at(0).toObject().contains("error"));
    QTRY_VERIFY_WITH_TIMEOUT(portMessages > 10, 10000);

    // Calls both ways, and a sendSync, all waiting when the process dies.
    IpcReply *mainToRenderer = doomed->invoke(QStringLiteral("ipclab:delay"), {60000, "late"}, 60000);
    IpcReply *rendererCalls = doomed->invoke(
            QStringLiteral("ipclab:perform"),
            QJsonArray{QJsonValue(QJsonArray{step(QStringLiteral("invoke"), QStringLiteral("slow")),
                                             step(QStringLiteral("sendSync"), QStringLiteral("slow-sync"))})},
            60000);
    QTRY_VERIFY(doomed->process()->state() == QProcess::Running);

    QSignalSpy gone(doomed, &WebContents::renderProcessGone);
    QElapsedTimer sinceKill;
    sinceKill.start();
    doomed->forcefullyCrashRenderer();
    QVERIFY(gone.wait(10000));
    QCOMPARE(gone.at(0).at(0).value<RenderProcessGoneDetails>().reason, QStringLiteral("killed"));

    // Every waiting call failed with the disconnection, not with its own (60 s) timeout.
    for (IpcReply *reply : {mainToRenderer, rendererCalls}) {
        QTRY_VERIFY(reply->isFinished());
        QCOMPARE(reply->error().name(), QStringLiteral("DisconnectedError"));
        QVERIFY2(reply->error().message().contains(QStringLiteral("WebContents #%1").arg(doomed->id())),
                 qPrintable(reply->error().message()));
        delete reply;
    }
    QVERIFY(sinceKill.elapsed() < 60000);
    QTRY_COMPARE(portClosed.count(), 1);

    // Main and the other window carry on; a new window opens and works.
    QCOMPARE(RendererDriver::invokeAndWait(bystander, QStringLiteral("get-renderer-info")).toObject().value("id").toInt(),
             bystander->id());
    WebContents *reopened = launchReady();
    QVERIFY(reopened);
    QCOMPARE(RendererDriver::invokeAndWait(reopened, QStringLiteral("get-renderer-info")).toObject().value("id").toInt(),
             reopened->id());
}

// A renderer that takes nothing must not make main hold everything sent to it: past the
// per-connection limit it is hung, and killed; the others do not notice.
void tst_Faults::rendererThatStopsReadingIsHung()
{
    constexpr qint64 limit = 1024 * 1024;
    m_launcher->setMaxPendingWriteBytes(limit);
    m_launcher->setUnresponsiveTimeout(300);
    WebContents *bystander = launchReady();
    WebContents *hung = launchReady(QStringLiteral(IPCLAB_HOSTILE_PATH), {QStringLiteral("--hang")});
    QVERIFY(bystander && hung);
    QSignalSpy unresponsive(hung, &WebContents::unresponsive);
    QSignalSpy gone(hung, &WebContents::renderProcessGone);

    // 64 KiB at a time, from the event loop, as an application would: the kernel's socket
    // buffer takes the first few hundred KiB, main's own buffer the rest, up to the limit.
    const QString chunk(64 * 1024, QLatin1Char('x'));
    int accepted = 0;
    IpcError refused;
    while (refused.isNull() && accepted < 1000) {
        refused = hung->send(QStringLiteral("flood"), {chunk});
        if (refused.isNull())
            ++accepted;
        QCoreApplication::processEvents();
    }
    QVERIFY2(!refused.isNull(), "main kept accepting 64 MiB for a renderer that reads nothing");
    QCOMPARE(refused.name(), QStringLiteral("RangeError"));
    QVERIFY(accepted * 64 * 1024 > limit / 2);
    QTRY_COMPARE(unresponsive.count(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(gone.count(), 1, 10000);
    QCOMPARE(gone.at(0).at(0).value<RenderProcessGoneDetails>().reason, QStringLiteral("killed"));

    QCOMPARE(RendererDriver::invokeAndWait(bystander, QStringLiteral("get-renderer-info")).toObject().value("id").toInt(),
             bystander->id());
}

// A healthy renderer that is only slower than a burst from main: main refuses what would go
// over its limit (the caller sees a RangeError) but keeps the renderer, which gets everything
// main did accept.
void tst_Faults::aBurstIsRefusedNotFatal()
{
    constexpr qint64 limit = 1024 * 1024;
    m_launcher->setMaxPendingWriteBytes(limit);
    m_launcher->setUnresponsiveTimeout(300);
    WebContents *w = launchReady();
    QVERIFY(w);
    int received = 0;
    m_ipcMain->on(QStringLiteral("ipclab:received"), [&received](IpcMainEvent &, const QJsonArray &args) {
        if (args.at(0).toObject().value(QLatin1String("channel")).toString() == QLatin1String("burst"))
            ++received;
    });
    QSignalSpy unresponsive(w, &WebContents::unresponsive);

    const QString chunk(64 * 1024, QLatin1Char('x'));
    int accepted = 0;
    int refused = 0;
    for (int i = 0; i < 64; ++i) { // 4 MiB in one go, without returning to the event loop
        const IpcError error = w->send(QStringLiteral("burst"), {chunk});
        if (error.isNull())
            ++accepted;
        else if (error.name() == QLatin1String("RangeError"))
            ++refused;
    }
    QVERIFY(refused > 0);
    QVERIFY(accepted > 0);
    QTRY_COMPARE_WITH_TIMEOUT(received, accepted, 20000);
    QVERIFY(w->send(QStringLiteral("burst"), {chunk}).isNull()); // it has caught up
    QTRY_COMPARE(received, accepted + 1);
    QCOMPARE(unresponsive.count(), 0);
    QVERIFY(!w->isCrashed());
}

QTEST_GUILESS_MAIN(tst_Faults)
#include "tst_faults.moc"
