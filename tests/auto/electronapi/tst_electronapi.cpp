// The parts of Electron's API an Electron developer reaches for beyond the notes' patterns, each
// against real processes: ipcRenderer.eventNames(), port.once('message'), postMessage() with no
// message, webContents' own 'ipc-message' and 'ipc-message-sync' listeners, reload() and
// loadFile(), app's 'render-process-gone', event.processId with getProcessId() and
// getOSProcessId(), and utilityProcess.fork() with process.parentPort.
//
// The windows are ipclab-renderer (its agent performs steps on request) and ipclab-test-child
// (tests/helpers/child), which is also the utility process.

#include "ipcmain.h"
#include "ipcrenderer.h"
#include "ipcreply.h"
#include "messagechannelmain.h"
#include "messageport.h"
#include "protocol.h"
#include "rendererdriver.h"
#include "rendererlauncher.h"
#include "utilityprocess.h"
#include "webcontents.h"

#include <QPromise>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

#include <csignal>
#include <memory>
#include <optional>

#include <sys/types.h>

using namespace RendererDriver;

class tst_ElectronApi : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<IpcMain> m_ipcMain;
    std::unique_ptr<RendererLauncher> m_launcher;
    QList<QPair<QString, QJsonArray>> m_received; // what ipclab-renderer windows report

    WebContents *launchRenderer()
    {
        WebContents *w = m_launcher->launch({"--headless"});
        QSignalSpy loaded(w, &WebContents::didFinishLoad);
        if (!w->isReady())
            loaded.wait(20000);
        return w;
    }

    WebContents *launchChild()
    {
        WebContents *w = m_launcher->createWebContents();
        QSignalSpy loaded(w, &WebContents::didFinishLoad);
        w->loadFile(IPCLAB_CHILD_PATH);
        loaded.wait(20000);
        return w;
    }

    static bool processExists(qint64 pid) { return pid > 0 && ::kill(pid_t(pid), 0) == 0; }

private Q_SLOTS:
    void initTestCase()
    {
        m_ipcMain = std::make_unique<IpcMain>();
        m_launcher = std::make_unique<RendererLauncher>(m_ipcMain.get());
        m_launcher->setRendererProgram(IPCLAB_RENDERER_PATH);
    }

    void init()
    {
        m_received.clear();
        m_ipcMain->on("ipclab:received", [this](IpcMainEvent &, const QJsonArray &args) {
            const QJsonObject r = args.at(0).toObject();
            m_received.append({r.value("channel").toString(), r.value("args").toArray()});
        });
    }

    void cleanup()
    {
        m_ipcMain->removeAllListeners();
        for (WebContents *w : m_launcher->allWebContents())
            delete w;
    }

    void eventNamesListsChannelsWithListeners()
    {
        WebContents *w = launchChild();
        QVERIFY(w->isReady());
        QCOMPARE(invokeAndWait(w, "eventNames"), QJsonArray({"a", "b", "c", "main-nothing"}));
        // The once listener on "c" runs once and is gone from the names.
        bool cSeen = false;
        m_ipcMain->on("c-seen", [&](IpcMainEvent &, const QJsonArray &) { cSeen = true; });
        QVERIFY(w->send("c").isNull());
        QTRY_VERIFY(cSeen);
        QCOMPARE(invokeAndWait(w, "eventNames"), QJsonArray({"a", "b", "main-nothing"}));
    }

    void postMessageWithoutMessage()
    {
        WebContents *w = launchChild();
        // ipcRenderer.postMessage('nothing'): undefined arrives as null, with no ports.
        QJsonArray got {"unset"};
        int ports = -1;
        m_ipcMain->on("nothing", [&](IpcMainEvent &event, const QJsonArray &args) {
            got = args;
            ports = int(event.ports().size());
        });
        QCOMPARE(invokeAndWait(w, "postNothing"), QJsonValue(true));
        QTRY_COMPARE(got, QJsonArray {QJsonValue::Null});
        QCOMPARE(ports, 0);

        // webContents.postMessage('main-nothing'): the same on the renderer's side.
        QJsonValue saw;
        m_ipcMain->on("saw-main-nothing",
                      [&](IpcMainEvent &, const QJsonArray &args) { saw = args.at(0); });
        QVERIFY(w->postMessage("main-nothing").isNull());
        QTRY_COMPARE(saw, QJsonValue(QJsonArray {QJsonValue::Null}));
    }

    // port.once('message'): the next message only; port.postMessage() with no message.
    void messagePortOnce()
    {
        WebContents *w = launchChild();
        QPointer<MessagePort> port;
        QJsonArray all;
        QJsonArray once;
        int dropped = 0;
        m_ipcMain->on("port-from-child", [&](IpcMainEvent &event, const QJsonArray &) {
            port = event.ports().value(0);
            QVERIFY(port);
            connect(port, &MessagePort::message, this,
                    [&](const QJsonValue &data, const QList<MessagePort *> &) {
                        all.append(data);
                    });
            // A once listener hears one message; one it adds hears the next.
            port->once([&](const QJsonValue &data, const QList<MessagePort *> &) {
                once.append(data);
                port->once([&](const QJsonValue &next, const QList<MessagePort *> &) {
                    once.append(next);
                });
            });
            // A once listener disconnected before its message never runs.
            QMetaObject::Connection never = port->once(
                    this, [&](const QJsonValue &, const QList<MessagePort *> &) { ++dropped; });
            QVERIFY(disconnect(never));
            port->start();
        });
        QCOMPARE(invokeAndWait(w, "portBurst"), QJsonValue(true));
        QTRY_COMPARE(all.size(), 3);
        QCOMPARE(all, QJsonArray({QJsonValue::Null, "second", "third"}));
        QCOMPARE(once, QJsonArray({QJsonValue::Null, "second"}));
        QCOMPARE(dropped, 0);
    }

    void ipcMessageSyncAnswersFromWebContents_data()
    {
        QTest::addColumn<bool>("otherListeners");
        QTest::newRow("webContents 'ipc-message-sync' alone") << false;
        QTest::newRow("with webContents.ipc and ipcMain listeners") << true;
    }

    void ipcMessageSyncAnswersFromWebContents()
    {
        QFETCH(bool, otherListeners);
        WebContents *w = launchRenderer();
        QStringList order;
        connect(w, &WebContents::ipcMessageSync, this,
                [&](IpcMainEvent &event, const QString &channel, const QJsonArray &args) {
                    if (channel != "contents-sync")
                        return;
                    order << "ipc-message-sync";
                    QVERIFY(event.isSync());
                    QCOMPARE(event.sender(), w);
                    event.returnValue = QJsonArray {"from contents", args.at(0)};
                });
        if (otherListeners) {
            w->ipc()->on("contents-sync", [&](IpcMainEvent &event, const QJsonArray &) {
                order << "webContents.ipc";
                QVERIFY(event.hasReturnValue());
            });
            m_ipcMain->on("contents-sync",
                          [&](IpcMainEvent &, const QJsonArray &) { order << "ipcMain"; });
        }
        // Answered through the webContents' listener, so not a sendSync "without listeners".
        QTest::failOnWarning(QRegularExpression("without listeners"));
        const QJsonObject outcome = performOne(w, step("sendSync", "contents-sync", {"x"}));
        QCOMPARE(outcome.value("value"), QJsonValue(QJsonArray {"from contents", "x"}));
        if (otherListeners)
            QCOMPARE(order, QStringList({"ipc-message-sync", "webContents.ipc", "ipcMain"}));
        else
            QCOMPARE(order, QStringList {"ipc-message-sync"});
    }

    void ipcMessageRepliesFromWebContents()
    {
        WebContents *w = launchRenderer();
        QStringList order;
        connect(w, &WebContents::ipcMessage, this,
                [&](IpcMainEvent &event, const QString &channel, const QJsonArray &args) {
                    if (channel != "contents-send")
                        return;
                    order << "ipc-message";
                    QVERIFY(!event.isSync());
                    QVERIFY(event.reply("contents-reply", {"pong", args.at(0)}).isNull());
                });
        w->ipc()->on("contents-send",
                     [&](IpcMainEvent &, const QJsonArray &) { order << "webContents.ipc"; });
        m_ipcMain->on("contents-send",
                      [&](IpcMainEvent &, const QJsonArray &) { order << "ipcMain"; });
        QVERIFY(!performOne(w, step("send", "contents-send", {"ping"})).contains("error"));
        QTRY_VERIFY(m_received.contains({"contents-reply", QJsonArray {"pong", "ping"}}));
        QCOMPARE(order, QStringList({"ipc-message", "webContents.ipc", "ipcMain"}));
    }

    // Electron: event.processId and webContents.getProcessId() are the internal id of the
    // renderer process, getOSProcessId() the system's pid.
    void processIds()
    {
        WebContents *w1 = launchRenderer();
        WebContents *w2 = launchRenderer();
        QVERIFY(w1->getProcessId() >= 1);
        QVERIFY(w2->getProcessId() >= 1);
        QVERIFY(w1->getProcessId() != w2->getProcessId());
        QCOMPARE(w1->getOSProcessId(), w1->osProcessId());
        const QJsonObject info = invokeAndWait(w1, "get-renderer-info").toObject();
        QCOMPARE(info.value("pid").toInteger(), w1->getOSProcessId());

        qint64 sendProcessId = 0;
        qint64 invokeProcessId = 0;
        m_ipcMain->on("which-process", [&](IpcMainEvent &event, const QJsonArray &) {
            sendProcessId = event.processId();
        });
        m_ipcMain->handle("which-process", [&](IpcMainInvokeEvent &event, const QJsonArray &) {
            invokeProcessId = event.processId();
            return true;
        });
        perform(w2, {step("send", "which-process"), step("invoke", "which-process")});
        m_ipcMain->removeHandler("which-process");
        QTRY_COMPARE(sendProcessId, qint64(w2->getProcessId()));
        QCOMPARE(invokeProcessId, qint64(w2->getProcessId()));
        QVERIFY(sendProcessId != w2->getOSProcessId());
    }

    void reloadKeepsTheWebContents()
    {
        WebContents *w = launchRenderer();
        const int id = w->id();
        const qint64 oldPid = w->getOSProcessId();
        const int oldProcessId = w->getProcessId();
        QVERIFY(w->ipc()->handle("who",
                                 [](IpcMainInvokeEvent &, const QJsonArray &) { return "scoped"; })
                        .isNull());
        int contentsMessages = 0;
        connect(w, &WebContents::ipcMessage, this, [&](IpcMainEvent &, const QString &channel) {
            contentsMessages += channel == "after-reload";
        });
        QSignalSpy gone(w, &WebContents::renderProcessGone);
        QSignalSpy appGone(m_launcher.get(), &RendererLauncher::renderProcessGone);
        QSignalSpy loaded(w, &WebContents::didFinishLoad);
        IpcReply *pending = w->invoke("ipclab:delay", {60000, "late"});

        w->reload();
        // The old renderer's pending invokes fail at once; it is not a render-process-gone.
        QTRY_VERIFY(pending->isFinished());
        QCOMPARE(pending->error().name(), QString("DisconnectedError"));
        delete pending;
        QVERIFY(loaded.wait(20000));
        QCOMPARE(w->id(), id);
        QCOMPARE(m_launcher->fromId(id), w);
        QVERIFY(w->getProcessId() != oldProcessId);
        QVERIFY(w->getOSProcessId() > 0);
        QVERIFY(w->getOSProcessId() != oldPid);
        QTRY_VERIFY(!processExists(oldPid));

        // webContents.ipc handlers and the Qt connections are kept.
        QCOMPARE(performOne(w, step("invoke", "who")).value("value"), QJsonValue("scoped"));
        QVERIFY(!performOne(w, step("send", "after-reload")).contains("error"));
        QTRY_COMPARE(contentsMessages, 1);
        QCOMPARE(gone.count(), 0);
        QCOMPARE(appGone.count(), 0);
        w->ipc()->removeHandler("who");
    }

    // Electron's app 'render-process-gone' comes first, then the webContents'; reload() brings a
    // gone renderer back, and its own death is reported again.
    void reloadAfterRenderProcessGone()
    {
        WebContents *w = launchRenderer();
        QStringList order;
        QList<WebContents *> appSaw;
        QObject context;
        connect(m_launcher.get(), &RendererLauncher::renderProcessGone, &context,
                [&](WebContents *webContents, const RenderProcessGoneDetails &details) {
                    order << "app:" + details.reason;
                    appSaw << webContents;
                });
        connect(w, &WebContents::renderProcessGone, this,
                [&](const RenderProcessGoneDetails &details) {
                    order << "webContents:" + details.reason;
                });

        w->forcefullyCrashRenderer();
        QTRY_COMPARE(order, QStringList({"app:killed", "webContents:killed"}));
        QCOMPARE(appSaw, QList<WebContents *> {w});
        QVERIFY(w->isCrashed());

        QSignalSpy loaded(w, &WebContents::didFinishLoad);
        w->reload();
        QVERIFY(loaded.wait(20000));
        QVERIFY(!w->isCrashed());
        QCOMPARE(invokeAndWait(w, "get-renderer-info").toObject().value("id").toInt(), w->id());

        w->close();
        QTRY_COMPARE(order.size(), 4);
        QCOMPARE(order.mid(2), QStringList({"app:clean-exit", "webContents:clean-exit"}));
        QCOMPARE(appSaw, QList<WebContents *>({w, w}));
    }

    // loadFile(): another renderer program in the same WebContents.
    void loadFileRunsAnotherProgram()
    {
        WebContents *w = launchRenderer();
        const int id = w->id();
        QVERIFY(invokeAndWait(w, "get-renderer-info").isObject());
        QSignalSpy loaded(w, &WebContents::didFinishLoad);
        w->loadFile(IPCLAB_CHILD_PATH);
        QVERIFY(loaded.wait(20000));
        QCOMPARE(w->id(), id);
        QCOMPARE(invokeAndWait(w, "eventNames"), QJsonArray({"a", "b", "c", "main-nothing"}));
        // reload() restarts the program loadFile() chose.
        w->reload();
        QVERIFY(loaded.wait(20000));
        QCOMPARE(invokeAndWait(w, "eventNames"), QJsonArray({"a", "b", "c", "main-nothing"}));
    }

    // A WebContents without a process: the old connection goes, and only the fresh token opens.
    void reloadWithoutProcessIssuesFreshToken()
    {
        WebContents *w = m_launcher->createWebContents();
        const QHash<QString, QString> before = w->rendererEnvironment();
        IpcRenderer first;
        QVERIFY(first.connectToMain(before));
        QTRY_VERIFY(w->isReady());
        QSignalSpy firstGone(&first, &IpcRenderer::disconnected);
        QSignalSpy gone(w, &WebContents::renderProcessGone);

        w->reload();
        QTRY_COMPARE(firstGone.count(), 1);
        const QHash<QString, QString> after = w->rendererEnvironment();
        QVERIFY(after.value(Protocol::tokenEnv) != before.value(Protocol::tokenEnv));
        QVERIFY(after.contains(Protocol::portBaseEnv));

        IpcRenderer stale;
        QSignalSpy refused(&stale, &IpcRenderer::errorOccurred);
        QVERIFY(stale.connectToMain(before));
        QTRY_COMPARE(refused.count(), 1);
        QCOMPARE(refused.at(0).at(0).value<IpcError>().name(), QString("RefusedError"));

        IpcRenderer second;
        QVERIFY(second.connectToMain(after));
        QTRY_VERIFY(w->isReady() && second.isConnected());
        QCOMPARE(second.id(), w->id());
        QCOMPARE(gone.count(), 0);
    }

    // The reloaded renderer's ports must not be taken for the old renderer's, which main closed.
    void portsWorkAfterReload()
    {
        WebContents *w = launchChild();
        QList<QPointer<MessagePort>> ports;
        QJsonArray received;
        m_ipcMain->on("port-from-child", [&](IpcMainEvent &event, const QJsonArray &) {
            MessagePort *port = event.ports().value(0);
            QVERIFY(port);
            ports << port;
            connect(port, &MessagePort::message, this,
                    [&](const QJsonValue &data, const QList<MessagePort *> &) {
                        received.append(data);
                    });
            port->start();
        });
        QCOMPARE(invokeAndWait(w, "portBurst"), QJsonValue(true));
        QTRY_COMPARE(received.size(), 3);
        QSignalSpy closed(ports.at(0).data(), &MessagePort::closed);
        QSignalSpy loaded(w, &WebContents::didFinishLoad);
        w->reload();
        QTRY_COMPARE(closed.count(), 1); // its other end was in the old renderer
        QVERIFY(loaded.wait(20000));
        QCOMPARE(invokeAndWait(w, "portBurst"), QJsonValue(true));
        QTRY_COMPARE(received.size(), 6);
        QCOMPARE(received,
                 QJsonArray({QJsonValue::Null, "second", "third", QJsonValue::Null, "second",
                             "third"}));
    }

    // The old renderer's ports may live on elsewhere (here: one end in another window, one in
    // main); the reloaded renderer's new ports must not be taken for them.
    void reloadedRendererPortsAreNotTheOldOnes()
    {
        WebContents *w = launchRenderer();
        WebContents *r = launchRenderer();
        QList<QPointer<MessagePort>> got;
        m_ipcMain->on("np", [&](IpcMainEvent &event, const QJsonArray &) {
            got << event.ports().value(0);
        });
        QVERIFY(!performOne(w, step("newChannel", "np")).contains("error")); // port2 to main
        QVERIFY(!performOne(w, step("portToMain", "np")).contains("error")); // port1 to main
        QTRY_COMPARE(got.size(), 2);
        QVERIFY(got.at(0) && got.at(1));
        QVERIFY(r->postMessage("port", QJsonValue(), {got.at(1).data()}).isNull()); // port1 on to r

        QSignalSpy loaded(w, &WebContents::didFinishLoad);
        w->reload();
        QVERIFY(loaded.wait(20000));
        QVERIFY(!performOne(w, step("newChannel", "np")).contains("error"));
        QTRY_COMPARE(got.size(), 3);
        MessagePort *fresh = got.at(2);
        QVERIFY(fresh);
        fresh->start();
        QVERIFY(fresh->postMessage("to the reloaded window").isNull());
        QVERIFY(got.at(0)->postMessage("to r").isNull());
        const auto received = [](WebContents *window) {
            return invokeAndWait(window, "ipclab:port-state")
                    .toObject()
                    .value("received")
                    .toArray();
        };
        QTRY_VERIFY(received(w).contains("to the reloaded window"));
        QTRY_VERIFY(received(r).contains("to r"));
    }

    // What the old renderer sent can no longer be answered: not even by accident, to the new one.
    void eventsOfTheOldRendererAreStale()
    {
        WebContents *w = launchRenderer();
        std::optional<IpcMainEvent> kept;
        m_ipcMain->on("keep-me", [&](IpcMainEvent &event, const QJsonArray &) { kept = event; });
        QVERIFY(!performOne(w, step("send", "keep-me")).contains("error"));
        QTRY_VERIFY(kept.has_value());
        QVERIFY(kept->reply("late-reply").isNull()); // still the same renderer
        QSignalSpy loaded(w, &WebContents::didFinishLoad);
        w->reload();
        QVERIFY(loaded.wait(20000));
        const IpcError error = kept->reply("late-reply");
        QCOMPARE(error.name(), QString("DisconnectedError"));
        QVERIFY(error.message().contains("reloaded"));
        m_received.clear();
        QVERIFY(w->send("after").isNull());
        QTRY_VERIFY(!m_received.isEmpty());
        for (const auto &message : std::as_const(m_received))
            QVERIFY(message.first != "late-reply");
    }

    // An async handler still running for the old renderer must not answer the new one, whose
    // invoke ids start again from 1.
    void asyncAnswersForTheOldRendererReachNobody()
    {
        WebContents *w = launchRenderer();
        std::shared_ptr<QPromise<IpcResult>> slow;
        std::shared_ptr<QPromise<IpcResult>> second;
        const auto keep = [](std::shared_ptr<QPromise<IpcResult>> *into) {
            return [into](IpcMainInvokeEvent &, const QJsonArray &) {
                *into = std::make_shared<QPromise<IpcResult>>();
                (*into)->start();
                return (*into)->future();
            };
        };
        QVERIFY(m_ipcMain->handle("slow", IpcMain::AsyncHandler(keep(&slow))).isNull());
        QVERIFY(m_ipcMain->handle("second", IpcMain::AsyncHandler(keep(&second))).isNull());
        std::unique_ptr<IpcReply> old(w->invoke(
                "ipclab:perform", QJsonArray {QJsonValue(QJsonArray {step("invoke", "slow")})}));
        QTRY_VERIFY(slow);

        QSignalSpy loaded(w, &WebContents::didFinishLoad);
        w->reload();
        QVERIFY(loaded.wait(20000));
        std::unique_ptr<IpcReply> fresh(w->invoke(
                "ipclab:perform", QJsonArray {QJsonValue(QJsonArray {step("invoke", "second")})}));
        QTRY_VERIFY(second);
        slow->addResult(IpcResult(QJsonValue("stale")));
        slow->finish();
        second->addResult(IpcResult(QJsonValue("right")));
        second->finish();
        QVERIFY(fresh->waitForFinished(30000));
        QCOMPARE(fresh->value().toArray().at(0).toObject().value("value"), QJsonValue("right"));
        m_ipcMain->removeHandler("slow");
        m_ipcMain->removeHandler("second");
    }

    void utilityProcessMessages()
    {
        QSignalSpy created(m_launcher.get(), &RendererLauncher::webContentsCreated);
        UtilityProcess *child
                = UtilityProcess::fork(m_launcher.get(), IPCLAB_CHILD_PATH, {"--utility"});
        QVERIFY(child);
        QSignalSpy spawned(child, &UtilityProcess::spawn);
        QSignalSpy messages(child, &UtilityProcess::message);
        QVERIFY(spawned.wait(10000));
        QVERIFY(processExists(child->pid()));
        QCOMPARE(created.count(), 0);
        QVERIFY(m_launcher->allWebContents().isEmpty());

        QVERIFY(child->postMessage("hello").isNull());
        QVERIFY(child->postMessage().isNull());
        QTRY_COMPARE(messages.count(), 2);
        QCOMPARE(messages.at(0).at(0).toJsonValue(), QJsonValue(QJsonObject {{"echo", "hello"}}));
        QCOMPARE(messages.at(1).at(0).toJsonValue(),
                 QJsonValue(QJsonObject {{"echo", QJsonValue::Null}}));
        delete child;
    }

    // Electron's example: a MessageChannelMain port handed to the child, then a conversation on it.
    void utilityProcessTakesAPort()
    {
        UtilityProcess *child
                = UtilityProcess::fork(m_launcher.get(), IPCLAB_CHILD_PATH, {"--utility"});
        QSignalSpy messages(child, &UtilityProcess::message);
        MessageChannelMain channel(m_launcher.get());
        QJsonArray answers;
        connect(channel.port1, &MessagePort::message, this,
                [&](const QJsonValue &data, const QList<MessagePort *> &) {
                    answers.append(data);
                });
        channel.port1->start();
        QVERIFY(child->postMessage(QJsonObject {{"message", "hello"}}, {channel.port2}).isNull());
        QVERIFY(messages.wait(10000));
        QCOMPARE(messages.at(0).at(0).toJsonValue(), QJsonValue("got-port"));
        QVERIFY(channel.port1->postMessage("ping").isNull());
        QVERIFY(channel.port1->postMessage(QJsonArray {1, 2}).isNull());
        QTRY_COMPARE(answers.size(), 2);
        QCOMPARE(answers.at(0), QJsonValue(QJsonObject {{"pong", "ping"}}));
        QCOMPARE(answers.at(1), QJsonValue(QJsonObject {{"pong", QJsonArray {1, 2}}}));
        delete child;
    }

    void utilityProcessExit_data()
    {
        QTest::addColumn<bool>("byKill");
        QTest::addColumn<int>("code");
        QTest::newRow("exits with a code") << false << 3;
        QTest::newRow("kill(): code 0, as Electron's") << true << 0;
    }

    void utilityProcessExit()
    {
        QFETCH(bool, byKill);
        QFETCH(int, code);
        QSignalSpy appGone(m_launcher.get(), &RendererLauncher::renderProcessGone);
        UtilityProcess *child
                = UtilityProcess::fork(m_launcher.get(), IPCLAB_CHILD_PATH, {"--utility"});
        QSignalSpy spawned(child, &UtilityProcess::spawn);
        QSignalSpy exited(child, &UtilityProcess::exit);
        QVERIFY(spawned.wait(10000));
        const qint64 pid = child->pid();
        if (byKill)
            QVERIFY(child->kill());
        else
            QVERIFY(child->postMessage(QJsonObject {{"exit", code}}).isNull());
        QVERIFY(exited.wait(10000));
        QCOMPARE(exited.at(0).at(0).toInt(), code);
        QCOMPARE(child->pid(), 0);
        QVERIFY(!child->kill());
        QVERIFY(!processExists(pid));
        QCOMPARE(appGone.count(), 0); // a utility process is not a renderer
        delete child;
    }
};

QTEST_GUILESS_MAIN(tst_ElectronApi)
#include "tst_electronapi.moc"
