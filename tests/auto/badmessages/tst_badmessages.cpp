// Mojo's rule, against real processes: a renderer that sends what no honest renderer would is
// cut off with a recorded reason ("bad-message: ..."), killed, reported gone, and costs nobody
// else anything. The bad renderer is ipclab-test-hostile, which speaks the documented protocol
// and then writes the bytes each test gives it.

#include "framecodec.h"
#include "ipcmain.h"
#include "ipcreply.h"
#include "rendererdriver.h"
#include "rendererlauncher.h"
#include "webcontents.h"

#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>
#include <QtEndian>

#include <csignal>
#include <memory>

namespace {

QByteArray frame(const char *json)
{
    return FrameCodec::encode(QJsonDocument::fromJson(json).object());
}

QByteArray rawFrame(const QByteArray &body)
{
    QByteArray header(4, '\0');
    qToBigEndian<quint32>(quint32(body.size()), header.data());
    return header + body;
}

constexpr qsizetype frameLimit = 65536;

} // namespace

class tst_BadMessages : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void badMessageKillsOnlyItsRenderer_data();
    void badMessageKillsOnlyItsRenderer();
    void truncatedFrameAtExit();

private:
    WebContents *launchHostile(const QList<QByteArray> &writes, bool exitAfterWriting = false);

    std::unique_ptr<IpcMain> m_ipcMain;
    std::unique_ptr<RendererLauncher> m_launcher;
    WebContents *m_good = nullptr;
    QStringList m_heard; // "<sender id>:<channel>" for every send main's listeners get
};

void tst_BadMessages::init()
{
    m_ipcMain = std::make_unique<IpcMain>();
    m_launcher = std::make_unique<RendererLauncher>(m_ipcMain.get());
    m_launcher->setMaxFrameSize(frameLimit);
    m_heard.clear();
    QObject::connect(m_ipcMain.get(), &IpcMain::message, m_ipcMain.get(),
                     [this](WebContents *sender, const QString &channel, const QJsonArray &) {
                         if (!channel.startsWith(QLatin1String("ipclab:")))
                             m_heard.append(QStringLiteral("%1:%2").arg(sender->id()).arg(channel));
                     });
    // Never answers: a second invoke with the same id arrives while the first is pending.
    m_ipcMain->handle(QStringLiteral("forever"), [](IpcMainInvokeEvent &, const QJsonArray &) {
        return QFuture<IpcResult>(); // never finished
    });
    m_ipcMain->handle(QStringLiteral("echo"), [](IpcMainInvokeEvent &, const QJsonArray &args) {
        return args.at(0);
    });
    m_launcher->setRendererProgram(QStringLiteral(IPCLAB_RENDERER_PATH));
    m_good = m_launcher->launch({QStringLiteral("--headless")});
    QVERIFY(m_good);
    QTRY_VERIFY_WITH_TIMEOUT(m_good->isReady(), 20000);
}

void tst_BadMessages::cleanup()
{
    m_launcher.reset();
    m_ipcMain.reset();
}

WebContents *tst_BadMessages::launchHostile(const QList<QByteArray> &writes, bool exitAfterWriting)
{
    QStringList arguments;
    if (exitAfterWriting)
        arguments.append(QStringLiteral("--exit"));
    for (const QByteArray &bytes : writes)
        arguments.append(QString::fromLatin1(bytes.toBase64()));
    m_launcher->setRendererProgram(QStringLiteral(IPCLAB_HOSTILE_PATH));
    WebContents *hostile = m_launcher->launch(arguments);
    m_launcher->setRendererProgram(QStringLiteral(IPCLAB_RENDERER_PATH));
    return hostile;
}

void tst_BadMessages::badMessageKillsOnlyItsRenderer_data()
{
    QTest::addColumn<QByteArray>("bad");
    QTest::addColumn<QString>("reason");
    const QByteArray pendingInvoke = frame(R"({"type":"invoke","id":1,"channel":"forever","args":[]})");

    QByteArray oversized(4, '\0');
    qToBigEndian<quint32>(quint32(frameLimit + 1), oversized.data());
    QTest::newRow("oversized frame") << oversized << "frame of 65537 bytes exceeds the limit of 65536 bytes";
    QTest::newRow("invalid JSON") << rawFrame("{\"type\":") << "invalid JSON in a frame of 8 bytes: unterminated object at offset 8";
    QTest::newRow("not an object") << rawFrame("[1,2]") << "frame body is a JSON array, not an object";
    QTest::newRow("wrong field type") << frame(R"({"type":"send","channel":5})")
                                      << "send message: field 'channel' must be a non-empty string";
    QTest::newRow("unknown kind") << frame(R"({"type":"launchMissiles"})") << "unknown message type 'launchMissiles'";
    QTest::newRow("invoke id reused") << pendingInvoke + pendingInvoke << "invoke id 1 reused while still pending";
    QTest::newRow("reply to nothing asked") << frame(R"({"type":"result","id":99,"value":1})")
                                            << "result for invoke id 99, which main never sent";
    QTest::newRow("second hello") << frame(R"({"type":"hello","version":1,"rendererId":1,"token":"x"})")
                                  << "a renderer may not send 'hello' after its handshake";
    QTest::newRow("error frame") << frame(R"({"type":"error","error":{"name":"E","message":"m"}})")
                                 << "a renderer may not send 'error' after its handshake";
}

void tst_BadMessages::badMessageKillsOnlyItsRenderer()
{
    QFETCH(QByteArray, bad);
    QFETCH(QString, reason);

    // Meanwhile the good renderer keeps talking: 200 sends that must all arrive.
    QJsonArray sends;
    for (int i = 0; i < 200; ++i)
        sends.append(RendererDriver::step(QStringLiteral("send"), QStringLiteral("good"), {i}));
    IpcReply *goodRun = m_good->invoke(QStringLiteral("ipclab:perform"), QJsonArray{QJsonValue(sends)}, 30000);

    WebContents *hostile = launchHostile({frame(R"({"type":"send","channel":"before","args":[]})"), bad,
                                          frame(R"({"type":"send","channel":"after","args":[]})")});
    QVERIFY(hostile);
    QSignalSpy gone(hostile, &WebContents::renderProcessGone);
    QVERIFY(gone.wait(20000));
    const auto details = gone.at(0).at(0).value<RenderProcessGoneDetails>();
    QCOMPARE(details.badMessage, QStringLiteral("bad-message: ") + reason);
    QCOMPARE(hostile->badMessageReason(), details.badMessage);
    QCOMPARE(details.reason, QStringLiteral("killed"));
    QCOMPARE(details.exitCode, int(SIGKILL));
    QCOMPARE(hostile->process()->state(), QProcess::NotRunning);

    // What came before the bad frame was delivered; nothing after it was.
    const QString id = QString::number(hostile->id());
    QVERIFY2(m_heard.contains(id + QStringLiteral(":before")), qPrintable(m_heard.join(' ')));
    QVERIFY(!m_heard.contains(id + QStringLiteral(":after")));

    // The good renderer lost nothing and still answers.
    QVERIFY(QTest::qWaitFor([goodRun] { return goodRun->isFinished(); }, 30000));
    QVERIFY2(!goodRun->isError(), qPrintable(goodRun->error().toString()));
    goodRun->deleteLater();
    const QString good = QString::number(m_good->id()) + QStringLiteral(":good");
    QTRY_COMPARE(m_heard.count(good), 200);
    const QJsonObject echo = RendererDriver::performOne(
            m_good, RendererDriver::step(QStringLiteral("invoke"), QStringLiteral("echo"), {"still here"}));
    QCOMPARE(echo.value(QLatin1String("value")).toString(), QStringLiteral("still here"));
    QVERIFY(!m_good->isCrashed());
}

// A frame cut short is only known to be bad when the connection ends.
void tst_BadMessages::truncatedFrameAtExit()
{
    const QByteArray whole = frame(R"({"type":"send","channel":"cut","args":["0123456789"]})");
    WebContents *hostile = launchHostile({whole.left(whole.size() - 5)}, true);
    QVERIFY(hostile);
    QSignalSpy gone(hostile, &WebContents::renderProcessGone);
    QVERIFY(gone.wait(20000));
    const auto details = gone.at(0).at(0).value<RenderProcessGoneDetails>();
    QVERIFY2(details.badMessage.startsWith(QStringLiteral("bad-message: truncated frame")), qPrintable(details.badMessage));
    QVERIFY(!m_heard.contains(QString::number(hostile->id()) + QStringLiteral(":cut")));
    QVERIFY(!m_good->isCrashed());
}

QTEST_MAIN(tst_BadMessages)
#include "tst_badmessages.moc"
