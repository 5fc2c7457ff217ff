// The second note's uniform module: IpcManager in main and IpcService in a renderer with the
// same calls, and the allow-listed facade (IpcBridge) a renderer gives its UI code. In one
// process over a real socket, then against real renderer windows (ipclab-test-typedrenderer).

#include "ipcbridge.h"
#include "ipcexception.h"
#include "ipcmanager.h"
#include "ipcrenderer.h"
#include "ipcservice.h"
#include "rendererlauncher.h"
#include "webcontents.h"

#include <QSignalSpy>
#include <QTest>

#include <memory>

template <typename T>
QString failureOf(const QFuture<T> &future)
{
    try {
        QFuture<T>(future).waitForFinished();
    } catch (const IpcException &e) {
        return e.error().message();
    }
    return QString();
}

class tst_Module : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<IpcMain> m_ipcMain;
    std::unique_ptr<RendererLauncher> m_launcher;
    std::unique_ptr<IpcManager> m_manager;
    WebContents *m_window = nullptr;
    std::unique_ptr<IpcRenderer> m_renderer;
    std::unique_ptr<IpcService> m_service;

    // A renderer in this process for window, with its IpcService.
    bool connect(WebContents *window, std::unique_ptr<IpcRenderer> *renderer)
    {
        *renderer = std::make_unique<IpcRenderer>();
        if (!(*renderer)->connectToMain(window->rendererEnvironment()))
            return false;
        return QTest::qWaitFor([&] { return window->isReady() && (*renderer)->isConnected(); }, 10000);
    }

private Q_SLOTS:
    void init()
    {
        m_ipcMain = std::make_unique<IpcMain>();
        m_launcher = std::make_unique<RendererLauncher>(m_ipcMain.get());
        m_manager = std::make_unique<IpcManager>(m_launcher.get());
        m_window = m_launcher->createWebContents();
        QVERIFY(m_window);
        QVERIFY(connect(m_window, &m_renderer));
        m_service = std::make_unique<IpcService>(m_renderer.get());
    }

    void cleanup()
    {
        m_service.reset();
        m_renderer.reset();
        m_manager.reset();
        m_launcher.reset();
        m_ipcMain.reset();
    }

    // The note's scenarios, the same calls on either side.
    void sendAndOnBothWays()
    {
        QString inMain;
        m_manager->on("my_channel", [&](const QString &message) { inMain = message; });
        QVERIFY(m_service->send("my_channel", QStringLiteral("my_data")).isNull());
        QTRY_COMPARE(inMain, "my_data");

        QString inRenderer;
        m_service->on("messageToRenderer", [&](const QString &message) { inRenderer = message; });
        QVERIFY(m_manager->sendTo(m_window, "messageToRenderer", QStringLiteral("Hello from Main!")).isNull());
        QTRY_COMPARE(inRenderer, "Hello from Main!");
        inRenderer.clear();
        QVERIFY(m_manager->sendTo(m_window->id(), "messageToRenderer", QStringLiteral("by id")).isNull());
        QTRY_COMPARE(inRenderer, "by id");
        QCOMPARE(m_manager->sendTo(999, "messageToRenderer").toString(),
                 "Error: sendTo: no WebContents with id 999");
    }

    void untypedListenersToo()
    {
        QJsonArray got;
        m_manager->on("raw", [&](IpcMainEvent &, const QJsonArray &args) { got = args; });
        m_service->send("raw", QJsonArray{1, 2}); // one argument here, never the list
        QTRY_COMPARE(got, QJsonArray{QJsonValue(QJsonArray{1, 2})});
    }

    void onceAndOff()
    {
        int mainCalls = 0;
        int rendererCalls = 0;
        m_manager->once("tick", [&] { ++mainCalls; });
        m_service->once("tock", [&] { ++rendererCalls; });
        const auto mainId = m_manager->on("gone", [&] { ++mainCalls; });
        const auto rendererId = m_service->on("gone", [&] { ++rendererCalls; });
        QVERIFY(m_manager->off("gone", mainId));
        QVERIFY(m_service->off("gone", rendererId));
        for (int i = 0; i < 2; ++i) {
            m_service->send("tick");
            m_service->send("gone");
            m_manager->send("tock");
            m_manager->send("gone");
        }
        int done = 0;
        m_manager->on("done", [&] { ++done; });
        m_service->on("done", [&] { m_service->send("done"); });
        m_manager->send("done");
        QTRY_COMPARE(done, 1);
        QCOMPARE(mainCalls, 1);
        QCOMPARE(rendererCalls, 1);
    }

    void invokeAndHandleBothWays()
    {
        m_manager->handle("my_channel", [](const QString &message) {
            return message == "my_data" ? QStringLiteral("replay") : QStringLiteral("?");
        });
        QFuture<QString> reply = m_service->invoke<QString>("my_channel", QStringLiteral("my_data"));
        QTRY_VERIFY(reply.isFinished());
        QCOMPARE(reply.result(), "replay");

        m_service->handle("add", [](int a, int b) { return a + b; }, {"a", "b"});
        QFuture<int> sum = m_manager->invoke<int>(m_window, "add", 2, 3);
        QTRY_VERIFY(sum.isFinished());
        QCOMPARE(sum.result(), 5);
        QFuture<int> byId = m_manager->invoke<int>(m_window->id(), "add", 20, 30);
        QTRY_VERIFY(byId.isFinished());
        QCOMPARE(byId.result(), 50);
        QFuture<int> wrong = m_manager->invoke<int>(m_window, "add", 2, true);
        QTRY_VERIFY(wrong.isFinished());
        QCOMPARE(failureOf(wrong),
                 "Error invoking remote method 'add': TypeError: argument 2 (b) is a boolean, expected int");
        QFuture<int> nobody = m_manager->invoke<int>(999, "add", 2, 3);
        QTRY_VERIFY(nobody.isFinished());
        QCOMPARE(failureOf(nobody), "Error invoking remote method 'add': Error: sendTo: no WebContents with id 999");

        m_service->removeHandler("add");
        QFuture<int> gone = m_manager->invoke<int>(m_window, "add", 2, 3);
        QTRY_VERIFY(gone.isFinished());
        QCOMPARE(failureOf(gone), "Error invoking remote method 'add': Error: No handler registered for 'add'");
        m_manager->removeHandler("my_channel");
        QVERIFY(!m_ipcMain->hasHandler("my_channel"));
    }

    void rendererToRendererWithSendTo()
    {
        WebContents *second = m_launcher->createWebContents();
        std::unique_ptr<IpcRenderer> renderer;
        QVERIFY(connect(second, &renderer));
        IpcService other(renderer.get());
        QString got;
        int from = 0;
        other.on("ping", [&](IpcRendererEvent &event, const QString &text) {
            got = text;
            from = event.senderId();
        });
        QVERIFY(m_service->sendTo(second->id(), "ping", QStringLiteral("someThing")).isNull());
        QTRY_COMPARE(got, "someThing");
        QCOMPARE(from, m_window->id());
    }

    // The facade a window's UI code gets, call by call, inside and outside its allow-list.
    void facadeAllowsItsList()
    {
        const IpcBridge api = m_service->exposeInMainWorld({"my_channel", "messageToRenderer", "app:*"});

        QString sent;
        m_manager->on("my_channel", [&](const QString &text) { sent = text; });
        QVERIFY(api.send("my_channel", QStringLiteral("my_data")).isNull());
        QTRY_COMPARE(sent, "my_data");

        m_manager->handle("app:add", [](int a, int b) { return a + b; });
        QFuture<int> sum = api.invoke<int>("app:add", 2, 3);
        QTRY_VERIFY(sum.isFinished());
        QCOMPARE(sum.result(), 5);

        QString heard;
        const auto id = api.on("messageToRenderer", [&](const QString &text) { heard = text; });
        QVERIFY(id != 0);
        m_manager->send("messageToRenderer", QStringLiteral("Hello from Main!"));
        QTRY_COMPARE(heard, "Hello from Main!");
        QVERIFY(api.off("messageToRenderer", id));

        int onceCalls = 0;
        QVERIFY(api.once("app:once", [&] { ++onceCalls; }) != 0);
        m_manager->send("app:once");
        m_manager->send("app:once");
        QVERIFY(api.handle("app:double", [](int n) { return 2 * n; }).isNull());
        QFuture<int> doubled = m_manager->invoke<int>(m_window, "app:double", 21);
        QTRY_VERIFY(doubled.isFinished());
        QCOMPARE(doubled.result(), 42);
        QCOMPARE(onceCalls, 1);
        api.removeHandler("app:double");
        QVERIFY(api.handle("app:double", [](int n) { return n; }).isNull());
    }

    void facadeRefusesTheRest()
    {
        const IpcBridge api = m_service->exposeInMainWorld({"my_channel"});
        int reached = 0;
        m_manager->on("quit-app", [&] { ++reached; });
        m_manager->handle("quit-app", [&] { return ++reached; });

        QCOMPARE(api.send("quit-app").toString(),
                 "SecurityError: Channel 'quit-app' is not allowed for send in this window");
        QCOMPARE(api.sendTo(m_window->id(), "quit-app").toString(),
                 "SecurityError: Channel 'quit-app' is not allowed for send in this window");
        QFuture<int> invoked = api.invoke<int>("quit-app");
        QVERIFY(invoked.isFinished());
        QCOMPARE(failureOf(invoked), "Error invoking remote method 'quit-app': SecurityError: Channel "
                                     "'quit-app' is not allowed for invoke in this window");
        QCOMPARE(api.on("quit-app", [] {}), IpcBridge::ListenerId(0));
        QCOMPARE(api.once("quit-app", [] {}), IpcBridge::ListenerId(0));
        QCOMPARE(api.check(ChannelPolicy::Use::Listen, "quit-app").toString(),
                 "SecurityError: Channel 'quit-app' is not allowed for listen in this window");
        QCOMPARE(api.handle("quit-app", [] { return 0; }).name(), "SecurityError");
        QCOMPARE(m_renderer->listenerCount("quit-app"), 0);

        // Nothing reached main: the channel main does hear proves the link works.
        QString sent;
        m_manager->on("my_channel", [&](const QString &text) { sent = text; });
        api.send("my_channel", QStringLiteral("last"));
        QTRY_COMPARE(sent, "last");
        QCOMPARE(reached, 0);
    }

    void facadeFollowsTheWindowPolicy()
    {
        // Main allows this window less than the facade lists: the policy wins.
        WebContents *window = m_launcher->createWebContents();
        ChannelPolicy policy;
        policy.allow(ChannelPolicy::Use::Send, {"my_channel"});
        policy.allow(ChannelPolicy::Use::Invoke, {});
        window->setChannelPolicy(policy);
        std::unique_ptr<IpcRenderer> renderer;
        QVERIFY(connect(window, &renderer));
        IpcService service(renderer.get());
        ChannelPolicy allowList;
        allowList.allow(ChannelPolicy::Use::Send, {"my_channel", "other"});
        const IpcBridge api = service.exposeInMainWorld(allowList);
        QVERIFY(api.send("my_channel").isNull());
        QCOMPARE(api.send("other").name(), "SecurityError");
        QFuture<QJsonValue> invoked = api.invoke("my_channel");
        QVERIFY(invoked.isFinished());
        QVERIFY(failureOf(invoked).contains("not allowed for invoke"));
        // The allow-list leaves "listen" open; the window's policy does too.
        QVERIFY(api.check(ChannelPolicy::Use::Listen, "anything").isNull());
    }

    void broadcastReachesTwoRendererProcesses()
    {
        m_launcher->setRendererProgram(QStringLiteral(IPCLAB_TYPEDRENDERER_PATH));
        WebContents *first = m_launcher->launch();
        WebContents *second = m_launcher->launch();
        QVERIFY(first && second);
        QMap<int, QString> seen;
        m_manager->on("news-seen", [&](int id, const QString &text) { seen.insert(id, text); });
        QString inProcess;
        m_service->on("news", [&](const QString &text) { inProcess = text; });
        // Queued for the windows still starting, delivered once they have.
        QVERIFY(m_manager->send("news", QStringLiteral("来自主进程的反馈")).isNull());
        QTRY_COMPARE_WITH_TIMEOUT(seen.size(), 2, 20000);
        QCOMPARE(seen.value(first->id()), "来自主进程的反馈");
        QCOMPARE(seen.value(second->id()), "来自主进程的反馈");
        QTRY_COMPARE(inProcess, "来自主进程的反馈");
        // A typed call into one of them by id.
        QFuture<int> sum = m_manager->invoke<int>(second->id(), "renderer-add", 40, 2);
        QTRY_VERIFY_WITH_TIMEOUT(sum.isFinished(), 20000);
        QCOMPARE(sum.result(), 42);
        first->close();
        second->close();
    }

    void facadeInARendererProcess()
    {
        m_launcher->setRendererProgram(QStringLiteral(IPCLAB_TYPEDRENDERER_PATH));
        WebContents *window = m_launcher->launch();
        QVERIFY(window);
        QMap<QString, QString> reports;
        m_manager->on("bridge-report", [&](const QString &what, const QString &text) {
            reports.insert(what, text);
        });
        int bridgeSends = 0;
        m_manager->on("bridge-send", [&](int) { ++bridgeSends; });
        m_manager->on("secret-send", [&](int) { ++bridgeSends; });
        m_manager->handle("bridge-add", [](int a, int b) { return a + b; });
        m_manager->handle("secret-add", [](int a, int b) { return a + b; });
        QVERIFY(m_manager->sendTo(window, "try-bridge").isNull());
        QTRY_COMPARE_WITH_TIMEOUT(reports.size(), 6, 20000);
        QCOMPARE(reports.value("send"), "");
        QCOMPARE(reports.value("refused send"),
                 "SecurityError: Channel 'secret-send' is not allowed for send in this window");
        QCOMPARE(reports.value("invoke"), "5");
        QCOMPARE(reports.value("refused invoke"),
                 "Error invoking remote method 'secret-add': SecurityError: Channel 'secret-add' is "
                 "not allowed for invoke in this window");
        QCOMPARE(reports.value("refused on"), "0");
        QCOMPARE(reports.value("refused handle"),
                 "SecurityError: Channel 'secret-handle' is not allowed for listen in this window");
        QCOMPARE(bridgeSends, 1);
        window->close();
    }
};

QTEST_GUILESS_MAIN(tst_Module)
#include "tst_module.moc"
