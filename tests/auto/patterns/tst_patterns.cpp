// Every IPC pattern between this process (as main) and real ipclab-renderer processes. The
// renderer's agent performs the renderer half of each pattern on request and reports back
// everything it receives on "ipclab:received".

#include "ipcmain.h"
#include "rendererdriver.h"
#include "ipcreply.h"
#include "monotonicclock.h"
#include "rendererlauncher.h"
#include "webcontents.h"

#include <QPromise>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

#include <csignal>
#include <memory>

namespace {

struct Received
{
    QString channel;
    QJsonArray args;
    int senderId = 0;
    qint64 at = 0;
};

} // namespace

using namespace RendererDriver;

class tst_Patterns : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<IpcMain> m_ipcMain;
    std::unique_ptr<RendererLauncher> m_launcher;
    WebContents *m_win1 = nullptr;
    WebContents *m_win2 = nullptr;
    QHash<int, QList<Received>> m_received; // by renderer id

    WebContents *launch()
    {
        WebContents *w = m_launcher->launch({"--headless"});
        connect(w, &WebContents::renderProcessGone, this, [w](const RenderProcessGoneDetails &d) {
            qDebug() << "renderer" << w->id() << "gone:" << d.reason << d.exitCode;
        });
        return w;
    }

    QStringList channelsReceivedBy(WebContents *w) const
    {
        QStringList channels;
        for (const Received &r : m_received.value(w->id()))
            channels << r.channel;
        return channels;
    }

    Received lastReceived(WebContents *w, const QString &channel) const
    {
        Received found;
        for (const Received &r : m_received.value(w->id())) {
            if (r.channel == channel)
                found = r;
        }
        return found;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_ipcMain = std::make_unique<IpcMain>();
        m_launcher = std::make_unique<RendererLauncher>(m_ipcMain.get());
        m_launcher->setRendererProgram(IPCLAB_RENDERER_PATH);
        m_win1 = launch();
        m_win2 = launch();
        QTRY_VERIFY_WITH_TIMEOUT(m_win1->isReady() && m_win2->isReady(), 20000);
    }

    void init()
    {
        m_received.clear();
        m_ipcMain->on("ipclab:received", [this](IpcMainEvent &event, const QJsonArray &args) {
            const QJsonObject r = args.at(0).toObject();
            m_received[event.senderId()].append({r.value("channel").toString(), r.value("args").toArray(),
                                                 r.value("senderId").toInt(), r.value("receivedAt").toInteger()});
        });
    }

    void cleanup()
    {
        m_ipcMain->removeAllListeners();
        for (const char *channel : {"my_channel", "order", "who", "fail"})
            m_ipcMain->removeHandler(channel);
    }

    void sendReachesMainWithSenderAndProcess()
    {
        QJsonArray got;
        int senderId = 0;
        qint64 processId = 0;
        m_ipcMain->on("my_channel", [&](IpcMainEvent &event, const QJsonArray &args) {
            got = args;
            senderId = event.senderId();
            processId = event.processId();
        });
        const QJsonObject outcome = performOne(m_win1, step("send", "my_channel", {"my_data"}));
        QVERIFY(!outcome.contains("error"));
        QTRY_COMPARE(got, QJsonArray{"my_data"});
        QCOMPARE(senderId, m_win1->id());
        QCOMPARE(processId, m_win1->getProcessId()); // Electron's internal id, not the OS pid
        QVERIFY(processId > 0);
    }

    void invokeAndHandle_data()
    {
        QTest::addColumn<QString>("channel");
        QTest::addColumn<QJsonObject>("expected");
        QTest::newRow("value") << "my_channel" << QJsonObject{{"value", "replay"}};
        QTest::newRow("asynchronous value") << "async" << QJsonObject{{"value", QJsonObject{{"doubled", 46}}}};
        QTest::newRow("handler error keeps name and data")
                << "fail"
                << QJsonObject{{"error", QJsonObject{{"name", "ValidationError"},
                                                     {"message", "Error invoking remote method 'fail': ValidationError: bad age"},
                                                     {"data", QJsonObject{{"field", "age"}}}}}};
        QTest::newRow("no handler")
                << "nobody"
                << QJsonObject{{"error", QJsonObject{{"name", "Error"},
                                                     {"message", "Error invoking remote method 'nobody': Error: No handler registered for 'nobody'"}}}};
    }

    void invokeAndHandle()
    {
        QFETCH(QString, channel);
        QFETCH(QJsonObject, expected);
        m_ipcMain->handle("my_channel", [](IpcMainInvokeEvent &, const QJsonArray &args) {
            return args.at(0) == QJsonValue("my_data") ? "replay" : "wrong argument";
        });
        m_ipcMain->handle("async", [this](IpcMainInvokeEvent &, const QJsonArray &args) {
            auto promise = std::make_shared<QPromise<IpcResult>>();
            promise->start();
            QTimer::singleShot(10, this, [promise, n = args.at(1).toObject().value("age").toInt()] {
                promise->addResult(IpcResult(QJsonObject{{"doubled", 2 * n}}));
                promise->finish();
            });
            return promise->future();
        });
        m_ipcMain->handle("fail", [](IpcMainInvokeEvent &, const QJsonArray &) {
            return IpcError("ValidationError", "bad age", QJsonObject{{"field", "age"}});
        });
        QJsonObject outcome = performOne(m_win1, step("invoke", channel, {"my_data", QJsonObject{{"name", "poetries"}, {"age", 23}}}));
        outcome.remove("sentAt");
        outcome.remove("finishedAt");
        QCOMPARE(outcome, expected);
        m_ipcMain->removeHandler("async");
    }

    void sendThenEventReply()
    {
        m_ipcMain->on("asynchronous-message", [](IpcMainEvent &event, const QJsonArray &args) {
            QCOMPARE(args, QJsonArray{"ping"});
            event.reply("asynchronous-reply", {"pong"});
        });
        perform(m_win1, {step("send", "asynchronous-message", {"ping"})});
        QTRY_VERIFY(channelsReceivedBy(m_win1).contains("asynchronous-reply"));
        QCOMPARE(lastReceived(m_win1, "asynchronous-reply").args, QJsonArray{"pong"});
        QVERIFY(!channelsReceivedBy(m_win2).contains("asynchronous-reply"));
    }

    void sendSyncGetsReturnValue()
    {
        m_ipcMain->on("synchronous-message", [](IpcMainEvent &event, const QJsonArray &args) {
            QVERIFY(event.isSync());
            QCOMPARE(args, QJsonArray{"ping"});
            event.returnValue = "pong";
        });
        const QJsonObject outcome = performOne(m_win1, step("sendSync", "synchronous-message", {"ping"}));
        QCOMPARE(outcome.value("value").toString(), "pong");
    }

    void sendSyncReturnValueMayComeLater()
    {
        m_ipcMain->on("later", [this](IpcMainEvent &event, const QJsonArray &) {
            QTimer::singleShot(30, this, [event]() mutable { event.returnValue = QJsonObject{{"late", true}}; });
        });
        const QJsonObject outcome = performOne(m_win1, step("sendSync", "later"));
        QCOMPARE(outcome.value("value").toObject().value("late").toBool(), true);
    }

    // Electron warns, then the dropped event's reply channel answers "reply was never sent".
    void sendSyncWithoutListenersWarnsAndIsNeverAnswered()
    {
        const QString text = QString("WebContents #%1 called ipcRenderer.sendSync() with 'nobody' channel without listeners.")
                                     .arg(m_win1->id());
        QTest::ignoreMessage(QtWarningMsg, qPrintable(text));
        const QJsonObject outcome = performOne(m_win1, step("sendSync", "nobody"));
        QCOMPARE(outcome.value("error").toObject().value("message").toString(), "reply was never sent");
    }

    void sendSyncNeverAnsweredTimesOut()
    {
        // The listener keeps the event (so it could still answer) but never does.
        auto kept = std::make_shared<QList<IpcMainEvent>>();
        m_ipcMain->on("silent", [kept](IpcMainEvent &event, const QJsonArray &) { kept->append(event); });
        QJsonObject s = step("sendSync", "silent");
        s.insert("timeout", 200);
        const QJsonObject outcome = performOne(m_win1, s);
        QCOMPARE(outcome.value("error").toObject().value("name").toString(), "TimeoutError");
        QCOMPARE(outcome.value("error").toObject().value("message").toString(),
                 "sendSync('silent') got no returnValue within 200 ms");
        // The renderer is still in good health afterwards.
        m_ipcMain->on("after", [](IpcMainEvent &event, const QJsonArray &) { event.returnValue = 1; });
        QCOMPARE(performOne(m_win1, step("sendSync", "after")).value("value").toInt(), 1);
    }

    void messagesArrivingDuringSendSyncWaitTheirTurn()
    {
        // While the renderer is blocked, main pushes five messages at it, then answers.
        m_ipcMain->on("sync-with-traffic", [this](IpcMainEvent &event, const QJsonArray &) {
            for (int i = 0; i < 5; ++i)
                event.sender()->send("during-sync", {i});
            QTimer::singleShot(50, this, [event]() mutable { event.returnValue = "done"; });
        });
        const QJsonObject outcome = performOne(m_win1, step("sendSync", "sync-with-traffic"));
        QCOMPARE(outcome.value("value").toString(), "done");
        const qint64 unblockedAt = outcome.value("finishedAt").toInteger();
        QTRY_COMPARE(channelsReceivedBy(m_win1).count("during-sync"), 5);
        int expected = 0;
        for (const Received &r : m_received.value(m_win1->id())) {
            if (r.channel != "during-sync")
                continue;
            QCOMPARE(r.args.at(0).toInt(), expected++);
            QVERIFY2(r.at >= unblockedAt, "a message was delivered while sendSync was blocked");
        }
    }

    void webContentsSendBeforeHandshakeIsQueued()
    {
        WebContents *late = launch();
        QVERIFY(!late->isReady());
        for (int i = 0; i < 3; ++i)
            QVERIFY(late->send("messageToRenderer", {"Hello from Main!", i}).isNull());
        QTRY_COMPARE_WITH_TIMEOUT(channelsReceivedBy(late).size(), 3, 10000);
        for (int i = 0; i < 3; ++i)
            QCOMPARE(m_received.value(late->id()).at(i).args, (QJsonArray{"Hello from Main!", i}));
        QSignalSpy gone(late, &WebContents::renderProcessGone);
        late->close();
        QVERIFY(gone.wait(10000));
        delete late;
    }

    void eventSenderSend()
    {
        m_ipcMain->on("messageFromMain", [](IpcMainEvent &event, const QJsonArray &) {
            event.sender()->send("messageToRenderer", {"Hello from Main!"});
        });
        m_ipcMain->on("sendMsg", [](IpcMainEvent &event, const QJsonArray &args) {
            QCOMPARE(args.at(0).toObject().value("name").toString(), "poetries");
            event.sender()->send("backToRender", {"来自主进程的反馈"});
        });
        perform(m_win2, {step("send", "messageFromMain"),
                         step("send", "sendMsg", {QJsonObject{{"name", "poetries"}, {"age", 23}}})});
        QTRY_COMPARE(channelsReceivedBy(m_win2), QStringList({"messageToRenderer", "backToRender"}));
        QCOMPARE(lastReceived(m_win2, "backToRender").args, QJsonArray{"来自主进程的反馈"});
        QCOMPARE(lastReceived(m_win2, "backToRender").senderId, 0);
    }

    void relayThroughMain()
    {
        m_ipcMain->on("win1-msg", [this](IpcMainEvent &, const QJsonArray &args) {
            m_win2->send("forWin2", args);
        });
        perform(m_win1, {step("send", "win1-msg", {"msg from win1"})});
        QTRY_VERIFY(channelsReceivedBy(m_win2).contains("forWin2"));
        QCOMPARE(lastReceived(m_win2, "forWin2").args, QJsonArray{"msg from win1"});
        QVERIFY(!channelsReceivedBy(m_win1).contains("forWin2"));
    }

    void sendToCarriesSenderId()
    {
        QJsonObject s = step("sendTo", "ping", {"someThing"});
        s.insert("to", m_win2->id());
        perform(m_win1, {s});
        QTRY_VERIFY(channelsReceivedBy(m_win2).contains("ping"));
        const Received r = lastReceived(m_win2, "ping");
        QCOMPARE(r.args, QJsonArray{"someThing"});
        QCOMPARE(r.senderId, m_win1->id());
    }

    void mainInvokesRenderer()
    {
        IpcReply *reply = m_win2->invoke("get-renderer-info");
        QVERIFY(reply->waitForFinished(5000));
        QCOMPARE(reply->value().toObject().value("id").toInt(), m_win2->id());
        QCOMPARE(reply->value().toObject().value("pid").toInteger(), m_win2->osProcessId());
        delete reply;
    }

    void mainInvokeTimeoutAndCancel()
    {
        IpcReply *timed = m_win1->invoke("ipclab:delay", {2000, "late"}, 100);
        QVERIFY(timed->waitForFinished(5000));
        QCOMPARE(timed->error().message(),
                 "Error invoking remote method 'ipclab:delay': TimeoutError: No reply within 100 ms");
        IpcReply *cancelled = m_win1->invoke("ipclab:delay", {2000, "late"});
        QSignalSpy finished(cancelled, &IpcReply::finished);
        cancelled->cancel();
        QCOMPARE(finished.size(), 1);
        QCOMPARE(cancelled->error().name(), "AbortError");
        IpcReply *quick = m_win1->invoke("ipclab:delay", {0, "quick"}, 5000);
        QVERIFY(quick->waitForFinished(6000));
        QCOMPARE(quick->value().toString(), "quick");
        qDeleteAll(QList<IpcReply *>{timed, cancelled, quick});
    }

    void perRendererScope()
    {
        m_ipcMain->handle("who", [](IpcMainInvokeEvent &, const QJsonArray &) { return "global"; });
        m_win1->ipc()->handle("who", [](IpcMainInvokeEvent &, const QJsonArray &) { return "scoped"; });
        QCOMPARE(performOne(m_win1, step("invoke", "who")).value("value").toString(), "scoped");
        QCOMPARE(performOne(m_win2, step("invoke", "who")).value("value").toString(), "global");
        m_win1->ipc()->removeHandler("who");
    }

    void mixedCallsArriveInCallOrder()
    {
        QList<int> arrivals;
        m_ipcMain->on("order", [&](IpcMainEvent &event, const QJsonArray &args) {
            arrivals << args.at(0).toInt();
            if (event.isSync())
                event.returnValue = args.at(0);
        });
        m_ipcMain->handle("order", [&](IpcMainInvokeEvent &, const QJsonArray &args) {
            arrivals << args.at(0).toInt();
            return args.at(0);
        });
        const char *ops[] = {"send", "invoke", "sendSync"};
        QJsonArray steps;
        for (int i = 0; i < 1000; ++i)
            steps.append(step(ops[(i * 7 + i / 3) % 3], "order", {i}));
        const QJsonArray outcomes = perform(m_win1, steps);
        QCOMPARE(outcomes.size(), 1000);
        QTRY_COMPARE(arrivals.size(), 1000);
        for (int i = 0; i < 1000; ++i) {
            QCOMPARE(arrivals.at(i), i);
            const QString op = steps.at(i)["op"].toString();
            if (op != "send")
                QCOMPARE(outcomes.at(i)["value"].toInt(), i);
        }
    }

    void renderProcessGone_data()
    {
        QTest::addColumn<QString>("how");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<int>("exitCode");
        QTest::newRow("exit 0") << "exit0" << "clean-exit" << 0;
        QTest::newRow("exit 3") << "exit3" << "abnormal-exit" << 3;
        QTest::newRow("SIGSEGV") << "crash" << "crashed" << int(SIGSEGV);
        QTest::newRow("SIGKILL") << "kill" << "killed" << int(SIGKILL);
        QTest::newRow("close()") << "close" << "clean-exit" << 0;
        QTest::newRow("no such program") << "launch" << "launch-failed" << -1;
    }

    void renderProcessGone()
    {
        QFETCH(QString, how);
        QFETCH(QString, reason);
        QFETCH(int, exitCode);
        if (how == "launch") {
            m_launcher->setRendererProgram("/nonexistent/ipclab-renderer");
            QTest::ignoreMessage(QtWarningMsg, QRegularExpression("failed to start"));
        }
        WebContents *w = launch();
        m_launcher->setRendererProgram(IPCLAB_RENDERER_PATH);
        QSignalSpy gone(w, &WebContents::renderProcessGone);
        // A call in flight when it goes must fail at once, not hang.
        IpcReply *pending = w->invoke("ipclab:delay", {60000, "never"});
        QSignalSpy pendingFinished(pending, &IpcReply::finished);
        if (how != "launch")
            QTRY_VERIFY_WITH_TIMEOUT(w->isReady(), 10000);

        if (how == "exit0" || how == "exit3") {
            QJsonObject s = step("exit", QString());
            s.insert("code", how == "exit0" ? 0 : 3);
            w->invoke("ipclab:perform", QJsonArray{QJsonValue(QJsonArray{s})})->then(this, [](const IpcResult &) {});
        } else if (how == "crash") {
            w->invoke("ipclab:perform", QJsonArray{QJsonValue(QJsonArray{step("crash", QString())})})
                    ->then(this, [](const IpcResult &) {});
        } else if (how == "kill") {
            w->forcefullyCrashRenderer();
        } else if (how == "close") {
            w->close();
        }
        QVERIFY(gone.wait(10000) || gone.size() == 1);
        QCOMPARE(gone.size(), 1);
        const auto details = gone.at(0).at(0).value<RenderProcessGoneDetails>();
        QCOMPARE(details.reason, reason);
        QCOMPARE(details.exitCode, exitCode);
        QCOMPARE(pendingFinished.size(), 1);
        QCOMPARE(pending->error().name(), "DisconnectedError");
        QVERIFY(w->isCrashed());
        // Electron destroys a closed window's webContents; a crashed one stays, sending nowhere.
        QCOMPARE(w->send("x").name(), how == "close" ? "TypeError" : "DisconnectedError");
        delete w;
    }

    void lastWordsBeforeExitArrive()
    {
        for (int round = 0; round < 5; ++round) {
            WebContents *w = launch();
            QTRY_VERIFY_WITH_TIMEOUT(w->isReady(), 10000);
            QStringList order;
            connect(w, &WebContents::ipcMessage, this,
                    [&order](IpcMainEvent &, const QString &channel) { order << channel; });
            connect(w, &WebContents::renderProcessGone, this, [&order] { order << "gone"; });
            QJsonObject exit = step("exit", QString());
            exit.insert("code", 0);
            w->invoke("ipclab:perform", QJsonArray{QJsonValue(QJsonArray{step("send", "last-words"), exit})})
                    ->then(this, [](const IpcResult &) {});
            QTRY_COMPARE_WITH_TIMEOUT(order.size(), 2, 10000);
            QCOMPARE(order, QStringList({"last-words", "gone"}));
            delete w;
        }
    }

    void goneNeverOvertakesARenderersFrames()
    {
        // The renderer writes hello + one message and exits before main has read either.
        for (int round = 0; round < 10; ++round) {
            WebContents *w = m_launcher->launch({"--headless", "--say-and-exit", "early-words"});
            QStringList order;
            connect(w, &WebContents::ipcMessage, this,
                    [&order](IpcMainEvent &, const QString &channel) { order << channel; });
            connect(w, &WebContents::renderProcessGone, this, [&order](const RenderProcessGoneDetails &d) {
                order << d.reason;
            });
            QTRY_VERIFY_WITH_TIMEOUT(order.contains("abnormal-exit"), 10000);
            QCOMPARE(order, QStringList({"early-words", "abnormal-exit"}));
            delete w;
        }
    }
};

QTEST_MAIN(tst_Patterns)
#include "tst_patterns.moc"
