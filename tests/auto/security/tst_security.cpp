// What a renderer may do, per window (the preload/contextBridge idea): a channel policy that
// main sets and enforces, and that the renderer also honours at the call site; and what a
// renderer cannot forge (the sender id of sendTo). Against a real renderer, and against a hand-
// written client that ignores its policy.

#include "ipcmain.h"
#include "ipcreply.h"
#include "rawclient.h"
#include "rendererdriver.h"
#include "rendererlauncher.h"
#include "webcontents.h"

#include <QSignalSpy>
#include <QTest>

#include <memory>

using RendererDriver::performOne;
using RendererDriver::step;

namespace {

ChannelPolicy labPolicy()
{
    // What the lab's agent needs to be driven and to report, plus a few channels of our own.
    ChannelPolicy policy;
    policy.allow(ChannelPolicy::Use::Send, {"ok-send", "ipclab:received", "ipclab:trace"});
    policy.allow(ChannelPolicy::Use::Invoke, {"ok-*"});
    policy.allow(ChannelPolicy::Use::Listen, {"ipclab:*", "ok-listen"});
    return policy;
}

} // namespace

class tst_Security : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void policyEntries_data();
    void policyEntries();
    void rendererRefusesCallsOutsideItsPolicy();
    void mainRefusesToSendOutsideTheListenList();
    void mainRejectsWhatAHostileRendererSends();
    void senderIdCannotBeForged();

private:
    std::unique_ptr<IpcMain> m_ipcMain;
    std::unique_ptr<RendererLauncher> m_launcher;
    QStringList m_heard; // channels main's listeners and handlers saw
};

void tst_Security::init()
{
    m_ipcMain = std::make_unique<IpcMain>();
    m_launcher = std::make_unique<RendererLauncher>(m_ipcMain.get());
    m_launcher->setRendererProgram(QStringLiteral(IPCLAB_RENDERER_PATH));
    QVERIFY(m_launcher->listen());
    m_heard.clear();
    QObject::connect(m_ipcMain.get(), &IpcMain::message, m_ipcMain.get(),
                     [this](WebContents *, const QString &channel, const QJsonArray &) {
                         if (!channel.startsWith(QLatin1String("ipclab:")))
                             m_heard.append(channel);
                     });
    for (const char *channel : {"ok-invoke", "bad-invoke"}) {
        m_ipcMain->handle(QLatin1String(channel), [this, channel](IpcMainInvokeEvent &, const QJsonArray &) {
            m_heard.append(QLatin1String(channel));
            return QJsonValue(QStringLiteral("answered"));
        });
    }
    m_ipcMain->on(QStringLiteral("bad-send"), [](IpcMainEvent &event, const QJsonArray &) {
        event.returnValue = "answered";
    });
}

void tst_Security::cleanup()
{
    m_launcher.reset();
    m_ipcMain.reset();
}

void tst_Security::policyEntries_data()
{
    QTest::addColumn<QString>("channel");
    QTest::addColumn<bool>("allowed");
    QTest::newRow("exact") << "exact" << true;
    QTest::newRow("not listed") << "other" << false;
    QTest::newRow("exact is not a prefix") << "exact-more" << false;
    QTest::newRow("prefix entry") << "ok-anything" << true;
    QTest::newRow("prefix needs the prefix") << "ok" << false;
}

void tst_Security::policyEntries()
{
    QFETCH(QString, channel);
    QFETCH(bool, allowed);
    ChannelPolicy policy;
    QVERIFY(policy.isUnrestricted());
    QVERIFY(policy.allows(ChannelPolicy::Use::Send, QStringLiteral("anything")));
    policy.allow(ChannelPolicy::Use::Send, {"exact", "ok-*"});
    QCOMPARE(policy.allows(ChannelPolicy::Use::Send, channel), allowed);
    QVERIFY(policy.allows(ChannelPolicy::Use::Invoke, channel)); // other uses stay open
    ChannelPolicy back;
    QString problem;
    QVERIFY(ChannelPolicy::fromJson(policy.toJson(), &back, &problem));
    QCOMPARE(back, policy);
}

void tst_Security::rendererRefusesCallsOutsideItsPolicy()
{
    WebContents *win = m_launcher->launch({QStringLiteral("--headless")});
    win->setChannelPolicy(labPolicy());
    QTRY_VERIFY_WITH_TIMEOUT(win->isReady(), 20000);

    struct Case
    {
        QJsonObject step;
        QString error; // empty: allowed
    };
    QJsonObject sendTo = step("sendTo", "bad-send", {"x"});
    sendTo.insert("to", win->id());
    const QList<Case> cases{
            {step("send", "ok-send", {"x"}), {}},
            {step("send", "bad-send", {"x"}), "Channel 'bad-send' is not allowed for send in this window"},
            {step("sendSync", "bad-send", {"x"}), "Channel 'bad-send' is not allowed for send in this window"},
            {sendTo, "Channel 'bad-send' is not allowed for send in this window"},
            {step("invoke", "ok-invoke", {"x"}), {}},
            {step("invoke", "bad-invoke", {"x"}), "Channel 'bad-invoke' is not allowed for invoke in this window"},
    };
    for (const Case &c : cases) {
        const QJsonObject outcome = performOne(win, c.step);
        const QJsonObject error = outcome.value(QLatin1String("error")).toObject();
        if (c.error.isEmpty()) {
            QVERIFY2(error.isEmpty(), qPrintable(error.value(QLatin1String("message")).toString()));
        } else {
            QCOMPARE(error.value(QLatin1String("name")).toString(), QStringLiteral("SecurityError"));
            QCOMPARE(error.value(QLatin1String("message")).toString(), c.error);
        }
    }
    QTRY_VERIFY(m_heard.contains(QStringLiteral("ok-send")));
    QVERIFY(m_heard.contains(QStringLiteral("ok-invoke")));
    // The renderer refused them itself: main never saw them, and had nothing to reject.
    QVERIFY(!m_heard.contains(QStringLiteral("bad-send")));
    QVERIFY(!m_heard.contains(QStringLiteral("bad-invoke")));
    QCOMPARE(win->rejectedMessageCount(), 0);
}

void tst_Security::mainRefusesToSendOutsideTheListenList()
{
    WebContents *win = m_launcher->launch({QStringLiteral("--headless")});
    win->setChannelPolicy(labPolicy());
    QTRY_VERIFY_WITH_TIMEOUT(win->isReady(), 20000);

    QVERIFY(win->send(QStringLiteral("ok-listen"), {"x"}).isNull());
    const IpcError refused = win->send(QStringLiteral("messageToRenderer"), {"x"});
    QCOMPARE(refused.name(), QStringLiteral("SecurityError"));
    QCOMPARE(refused.message(), QStringLiteral("Channel 'messageToRenderer' is not allowed for listen in this window"));
    QCOMPARE(win->postMessage(QStringLiteral("port"), QJsonValue()).name(), QStringLiteral("SecurityError"));
    IpcReply *reply = win->invoke(QStringLiteral("get-renderer-info"));
    QVERIFY(QTest::qWaitFor([reply] { return reply->isFinished(); }, 5000));
    QCOMPARE(reply->error().name(), QStringLiteral("SecurityError"));
    delete reply;
}

// A client that ignores its policy: main drops each message, counts it, answers requests with
// the error, and keeps the renderer (a policy breach is not a protocol error).
void tst_Security::mainRejectsWhatAHostileRendererSends()
{
    WebContents *win = m_launcher->createWebContents();
    win->setChannelPolicy(labPolicy());
    QSignalSpy rejected(win, &WebContents::messageRejected);
    RawClient client;
    QVERIFY(client.connectTo(m_launcher->serverName()));
    const auto environment = win->rendererEnvironment();
    client.hello(win->id(), environment.value(QLatin1String(Protocol::tokenEnv)));
    QTRY_VERIFY(client.hasFrame());
    const QJsonObject welcome = client.takeFrame();
    QCOMPARE(welcome.value(QLatin1String("type")).toString(), QStringLiteral("welcome"));
    QCOMPARE(welcome.value(QLatin1String("policy")).toObject(), labPolicy().toJson());

    client.write({{"type", "send"}, {"channel", "bad-send"}, {"args", QJsonArray{}}});
    client.write({{"type", "invoke"}, {"id", 1}, {"channel", "bad-invoke"}, {"args", QJsonArray{}}});
    client.write({{"type", "sendSync"}, {"id", 2}, {"channel", "bad-send"}, {"args", QJsonArray{}}});
    client.write({{"type", "sendTo"}, {"to", win->id()}, {"channel", "bad-send"}, {"args", QJsonArray{}}});
    client.write({{"type", "send"}, {"channel", "ok-send"}, {"args", QJsonArray{}}});
    QTRY_VERIFY(m_heard.contains(QStringLiteral("ok-send")));
    QCOMPARE(m_heard, QStringList{QStringLiteral("ok-send")});
    QCOMPARE(win->rejectedMessageCount(), 4);
    QCOMPARE(rejected.count(), 4);
    QCOMPARE(rejected.at(1).at(0).toString(), QStringLiteral("bad-invoke"));
    QCOMPARE(rejected.at(1).at(1).toString(), QStringLiteral("invoke"));

    // Both requests are answered with the error, in order.
    QTRY_VERIFY(client.hasFrame() && client.frames.size() == 2);
    for (qint64 id : {1, 2}) {
        const QJsonObject result = client.takeFrame();
        QCOMPARE(result.value(QLatin1String("type")).toString(), QStringLiteral("result"));
        QCOMPARE(result.value(QLatin1String("id")).toInteger(), id);
        QCOMPARE(result.value(QLatin1String("error")).toObject().value(QLatin1String("name")).toString(),
                 QStringLiteral("SecurityError"));
    }
    QVERIFY(!client.isClosed());
    QVERIFY(!win->isCrashed());
}

// sendTo's sender id is set by main from the connection it came in on; a senderId field in
// the renderer's frame is ignored.
void tst_Security::senderIdCannotBeForged()
{
    WebContents *target = m_launcher->launch({QStringLiteral("--headless")});
    QTRY_VERIFY_WITH_TIMEOUT(target->isReady(), 20000);
    int reportedSender = -1;
    m_ipcMain->on(QStringLiteral("ipclab:received"), [&reportedSender](IpcMainEvent &, const QJsonArray &args) {
        const QJsonObject receipt = args.at(0).toObject();
        if (receipt.value(QLatin1String("channel")).toString() == QLatin1String("ping"))
            reportedSender = receipt.value(QLatin1String("senderId")).toInt();
    });

    WebContents *forger = m_launcher->createWebContents();
    RawClient client;
    QVERIFY(client.connectTo(m_launcher->serverName()));
    client.hello(forger->id(), forger->rendererEnvironment().value(QLatin1String(Protocol::tokenEnv)));
    QTRY_VERIFY(forger->isReady());
    client.write({{"type", "sendTo"}, {"to", target->id()}, {"channel", "ping"}, {"args", QJsonArray{"someThing"}},
                  {"senderId", target->id()}});
    QTRY_VERIFY_WITH_TIMEOUT(reportedSender != -1, 10000);
    QCOMPARE(reportedSender, forger->id());
}

QTEST_MAIN(tst_Security)
#include "tst_security.moc"
