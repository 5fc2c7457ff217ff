// IpcMain and IpcRenderer in one process, over a real QLocalSocket: the library's API and
// semantics without process start-up in the way. (sendSync blocks its thread, so it is tested
// against real renderer processes in tst_patterns.)

#include "ipcexception.h"
#include "ipcmain.h"
#include "ipcrenderer.h"
#include "ipcreply.h"
#include "protocol.h"
#include "rendererlauncher.h"
#include "webcontents.h"

#include <QLocalServer>
#include <QPointer>
#include <QPromise>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <limits>
#include <memory>

class Receiver : public QObject
{
    Q_OBJECT
public:
    QStringList received;
    void onMessage(IpcMainEvent &, const QJsonArray &args) { received.append(args.at(0).toString()); }
};

// The events an object receives, by type.
class EventRecorder : public QObject
{
public:
    QList<QEvent::Type> types;
    bool eventFilter(QObject *, QEvent *event) override
    {
        types.append(event->type());
        return false;
    }
};

class tst_InProcess : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<IpcMain> m_ipcMain;
    std::unique_ptr<RendererLauncher> m_launcher;
    WebContents *m_webContents = nullptr;
    std::unique_ptr<IpcRenderer> m_renderer;

private Q_SLOTS:
    void init()
    {
        m_ipcMain = std::make_unique<IpcMain>();
        m_launcher = std::make_unique<RendererLauncher>(m_ipcMain.get());
        m_webContents = m_launcher->createWebContents();
        QVERIFY(m_webContents);
        m_renderer = std::make_unique<IpcRenderer>();
        QVERIFY(m_renderer->connectToMain(m_webContents->rendererEnvironment()));
        QTRY_VERIFY(m_webContents->isReady());
        QTRY_VERIFY(m_renderer->isConnected());
    }

    void cleanup()
    {
        m_renderer.reset();
        m_launcher.reset();
        m_ipcMain.reset();
    }

    void sendReachesListenerWithItsSender()
    {
        QJsonArray got;
        int senderId = -1;
        WebContents *sender = nullptr;
        m_ipcMain->on("my_channel", [&](IpcMainEvent &event, const QJsonArray &args) {
            got = args;
            senderId = event.senderId();
            sender = event.sender();
            QCOMPARE(event.channel(), "my_channel");
        });
        QVERIFY(m_renderer->send("my_channel", {"my_data"}).isNull());
        QTRY_COMPARE(got, QJsonArray{"my_data"});
        QCOMPARE(senderId, m_webContents->id());
        QCOMPARE(sender, m_webContents);
    }

    void onceRunsOnce()
    {
        int calls = 0;
        m_ipcMain->once("ch", [&](IpcMainEvent &, const QJsonArray &) { ++calls; });
        m_renderer->send("ch", {1});
        m_renderer->send("ch", {2});
        int seen = 0;
        m_ipcMain->on("done", [&](IpcMainEvent &, const QJsonArray &) { ++seen; });
        m_renderer->send("done");
        QTRY_COMPARE(seen, 1);
        QCOMPARE(calls, 1);
        QCOMPARE(m_ipcMain->listenerCount("ch"), 0);
    }

    void offAndRemoveAllListeners()
    {
        QStringList calls;
        const auto a = m_ipcMain->on("ch", [&](IpcMainEvent &, const QJsonArray &) { calls << "a"; });
        m_ipcMain->on("ch", [&](IpcMainEvent &, const QJsonArray &) { calls << "b"; });
        m_ipcMain->on("other", [&](IpcMainEvent &, const QJsonArray &) { calls << "other"; });
        QCOMPARE(m_ipcMain->listenerCount("ch"), 2);
        QVERIFY(m_ipcMain->off("ch", a));
        QVERIFY(!m_ipcMain->removeListener("ch", a));
        m_renderer->send("ch");
        m_renderer->send("other");
        QTRY_COMPARE(calls, QStringList({"b", "other"}));

        m_ipcMain->removeAllListeners("ch");
        QCOMPARE(m_ipcMain->eventNames(), QStringList{"other"});
        m_ipcMain->removeAllListeners();
        QVERIFY(m_ipcMain->eventNames().isEmpty());
    }

    void listenerGoesWithItsContext()
    {
        auto receiver = std::make_unique<Receiver>();
        m_ipcMain->on("ch", receiver.get(), &Receiver::onMessage); // Qt slot style
        m_renderer->send("ch", {"first"});
        QTRY_COMPARE(receiver->received, QStringList{"first"});
        receiver.reset();
        QCOMPARE(m_ipcMain->listenerCount("ch"), 0);
    }

    void qtSignalsSeeEveryMessage()
    {
        QSignalSpy mainSpy(m_ipcMain.get(), &IpcMain::message);
        QSignalSpy contentsSpy(m_webContents, &WebContents::ipcMessage);
        m_renderer->send("nobody-listens", {42});
        QTRY_COMPARE(mainSpy.size(), 1);
        QCOMPARE(mainSpy.at(0).at(0).value<WebContents *>(), m_webContents);
        QCOMPARE(mainSpy.at(0).at(1).toString(), "nobody-listens");
        QCOMPARE(contentsSpy.size(), 1);
        QCOMPARE(contentsSpy.at(0).at(1).toString(), "nobody-listens");
        QCOMPARE(contentsSpy.at(0).at(2).toJsonArray(), QJsonArray{42});
    }

    void invokeResolvesWithHandlerValue()
    {
        m_ipcMain->handle("my_channel", [](IpcMainInvokeEvent &event, const QJsonArray &args) {
            return QJsonObject{{"echo", args.at(0)}, {"from", event.senderId()}};
        });
        IpcReply *reply = m_renderer->invoke("my_channel", {"my_data"});
        QSignalSpy finished(reply, &IpcReply::finished);
        QVERIFY(finished.wait());
        QVERIFY(!reply->isError());
        QCOMPARE(reply->value(), QJsonValue(QJsonObject{{"echo", "my_data"}, {"from", m_webContents->id()}}));
    }

    void invokeWithAsyncHandler()
    {
        m_ipcMain->handle("slow", [this](IpcMainInvokeEvent &, const QJsonArray &args) {
            auto promise = std::make_shared<QPromise<IpcResult>>();
            promise->start();
            QTimer::singleShot(20, m_ipcMain.get(), [promise, n = args.at(0).toInt()] {
                promise->addResult(IpcResult(n * 2));
                promise->finish();
            });
            return promise->future();
        });
        IpcReply *reply = m_renderer->invoke("slow", {21});
        QVERIFY(reply->waitForFinished(5000));
        QCOMPARE(reply->value().toInt(), 42);
    }

    void futureCarriesValueAndError()
    {
        m_ipcMain->handle("ok", [](IpcMainInvokeEvent &, const QJsonArray &) { return "replay"; });
        QFuture<QJsonValue> ok = m_renderer->invoke("ok")->future();
        QTRY_VERIFY(ok.isFinished());
        QCOMPARE(ok.result().toString(), "replay");

        QFuture<QJsonValue> failed = m_renderer->invoke("missing")->future();
        QTRY_VERIFY(failed.isFinished());
        try {
            failed.result();
            QFAIL("result() did not throw");
        } catch (const IpcException &e) {
            QCOMPARE(e.error().message(),
                     "Error invoking remote method 'missing': Error: No handler registered for 'missing'");
        }
    }

    void invokeWithoutHandlerUsesElectronText()
    {
        IpcReply *reply = m_renderer->invoke("no_such");
        QVERIFY(reply->waitForFinished(5000));
        QCOMPARE(reply->error().name(), "Error");
        QCOMPARE(reply->error().message(),
                 "Error invoking remote method 'no_such': Error: No handler registered for 'no_such'");
    }

    void secondHandlerIsRefusedWithElectronText()
    {
        QVERIFY(m_ipcMain->handle("ch", [](IpcMainInvokeEvent &, const QJsonArray &) { return 1; }).isNull());
        const IpcError error = m_ipcMain->handle("ch", [](IpcMainInvokeEvent &, const QJsonArray &) { return 2; });
        QCOMPARE(error.message(), "Attempted to register a second handler for 'ch'");
    }

    void failingHandlerKeepsNameAndData_data()
    {
        QTest::addColumn<int>("how");
        QTest::newRow("returned IpcError") << 0;
        QTest::newRow("thrown IpcException") << 1;
        QTest::newRow("thrown std::exception") << 2;
    }

    void failingHandlerKeepsNameAndData()
    {
        QFETCH(int, how);
        m_ipcMain->handle("fail", [how](IpcMainInvokeEvent &, const QJsonArray &) -> IpcResult {
            const IpcError error("ValidationError", "age must be positive", QJsonObject{{"field", "age"}});
            if (how == 1)
                throw IpcException(error);
            if (how == 2)
                throw std::runtime_error("age must be positive");
            return error;
        });
        IpcReply *reply = m_renderer->invoke("fail", {-1});
        QVERIFY(reply->waitForFinished(5000));
        if (how == 2) {
            QCOMPARE(reply->error().name(), "Error");
            QCOMPARE(reply->error().message(), "Error invoking remote method 'fail': Error: age must be positive");
        } else {
            QCOMPARE(reply->error().name(), "ValidationError");
            QCOMPARE(reply->error().message(),
                     "Error invoking remote method 'fail': ValidationError: age must be positive");
            QCOMPARE(reply->error().data(), QJsonValue(QJsonObject{{"field", "age"}}));
        }
    }

    void handleOnceAndRemoveHandler()
    {
        m_ipcMain->handleOnce("once", [](IpcMainInvokeEvent &, const QJsonArray &) { return "first"; });
        IpcReply *first = m_renderer->invoke("once");
        IpcReply *second = m_renderer->invoke("once");
        QVERIFY(second->waitForFinished(5000));
        QCOMPARE(first->value().toString(), "first");
        QVERIFY(second->error().message().endsWith("No handler registered for 'once'"));

        m_ipcMain->handle("gone", [](IpcMainInvokeEvent &, const QJsonArray &) { return 1; });
        m_ipcMain->removeHandler("gone");
        QVERIFY(!m_ipcMain->hasHandler("gone"));
        IpcReply *third = m_renderer->invoke("gone");
        QVERIFY(third->waitForFinished(5000));
        QVERIFY(third->isError());
    }

    void scopedIpcWinsForInvokeAndRunsFirstForSend()
    {
        m_ipcMain->handle("who", [](IpcMainInvokeEvent &, const QJsonArray &) { return "global"; });
        m_webContents->ipc()->handle("who", [](IpcMainInvokeEvent &, const QJsonArray &) { return "scoped"; });
        IpcReply *reply = m_renderer->invoke("who");
        QVERIFY(reply->waitForFinished(5000));
        QCOMPARE(reply->value().toString(), "scoped");

        QStringList order;
        m_ipcMain->on("ch", [&](IpcMainEvent &, const QJsonArray &) { order << "global"; });
        m_webContents->ipc()->on("ch", [&](IpcMainEvent &, const QJsonArray &) { order << "scoped"; });
        m_renderer->send("ch");
        QTRY_COMPARE(order, QStringList({"scoped", "global"}));
    }

    void eventReplyGoesBackToTheSender()
    {
        m_ipcMain->on("asynchronous-message", [](IpcMainEvent &event, const QJsonArray &args) {
            QCOMPARE(args, QJsonArray{"ping"});
            event.reply("asynchronous-reply", {"pong"});
        });
        QJsonArray reply;
        m_renderer->on("asynchronous-reply", [&](IpcRendererEvent &event, const QJsonArray &args) {
            QCOMPARE(event.senderId(), 0); // from main
            reply = args;
        });
        m_renderer->send("asynchronous-message", {"ping"});
        QTRY_COMPARE(reply, QJsonArray{"pong"});
    }

    void rendererListenersOnceOffAndSignal()
    {
        QStringList calls;
        QSignalSpy spy(m_renderer.get(), &IpcRenderer::message);
        m_renderer->once("m", [&](IpcRendererEvent &, const QJsonArray &) { calls << "once"; });
        const auto id = m_renderer->on("m", [&](IpcRendererEvent &, const QJsonArray &) { calls << "on"; });
        m_webContents->send("m");
        QTRY_COMPARE(calls, QStringList({"once", "on"}));
        QVERIFY(m_renderer->off("m", id));
        m_webContents->send("m");
        QTRY_COMPARE(spy.size(), 2);
        QCOMPARE(calls, QStringList({"once", "on"}));
    }

    void sendBeforeHandshakeIsQueuedInOrder()
    {
        WebContents *late = m_launcher->createWebContents();
        for (int i = 0; i < 5; ++i)
            QVERIFY(late->send("early", {i}).isNull());
        IpcRenderer renderer;
        QList<int> got;
        renderer.on("early", [&](IpcRendererEvent &, const QJsonArray &args) { got << args.at(0).toInt(); });
        QVERIFY(renderer.connectToMain(late->rendererEnvironment()));
        QTRY_COMPARE(got, QList<int>({0, 1, 2, 3, 4}));
    }

    void mainInvokesRendererHandler()
    {
        m_renderer->handle("get-renderer-info", [this](IpcRendererEvent &, const QJsonArray &) {
            return QJsonObject{{"id", m_renderer->id()}};
        });
        IpcReply *reply = m_webContents->invoke("get-renderer-info");
        QVERIFY(reply->waitForFinished(5000));
        QCOMPARE(reply->value().toObject().value("id").toInt(), m_webContents->id());

        IpcReply *missing = m_webContents->invoke("nope");
        QVERIFY(missing->waitForFinished(5000));
        QCOMPARE(missing->error().message(),
                 "Error invoking remote method 'nope': Error: No handler registered for 'nope'");
    }

    void invokeTimesOut()
    {
        auto promise = std::make_shared<QPromise<IpcResult>>();
        m_ipcMain->handle("never", [promise](IpcMainInvokeEvent &, const QJsonArray &) {
            promise->start();
            return promise->future();
        });
        IpcReply *reply = m_renderer->invoke("never", {}, 50);
        QSignalSpy finished(reply, &IpcReply::finished);
        QVERIFY(finished.wait());
        QCOMPARE(reply->error().name(), "TimeoutError");
        QCOMPARE(reply->error().message(), "Error invoking remote method 'never': TimeoutError: No reply within 50 ms");
    }

    void cancelStopsWaitingAndTellsTheHandler()
    {
        std::optional<IpcMainInvokeEvent> seen;
        auto promise = std::make_shared<QPromise<IpcResult>>();
        m_ipcMain->handle("long", [&seen, promise](IpcMainInvokeEvent &event, const QJsonArray &) {
            seen = event;
            promise->start();
            return promise->future();
        });
        IpcReply *reply = m_renderer->invoke("long");
        QTRY_VERIFY(seen.has_value());
        QVERIFY(!seen->isCanceled());
        QSignalSpy finished(reply, &IpcReply::finished);
        reply->cancel();
        QCOMPARE(finished.size(), 1);
        QCOMPARE(reply->error().name(), "AbortError");
        QTRY_VERIFY(seen->isCanceled());
        // The handler's late answer is dropped without harm.
        promise->addResult(IpcResult("late"));
        promise->finish();
        m_ipcMain->handle("after", [](IpcMainInvokeEvent &, const QJsonArray &) { return "fine"; });
        IpcReply *after = m_renderer->invoke("after");
        QVERIFY(after->waitForFinished(5000));
        QCOMPARE(after->value().toString(), "fine");
    }

    void sendToCarriesSenderId()
    {
        WebContents *second = m_launcher->createWebContents();
        IpcRenderer other;
        QVERIFY(other.connectToMain(second->rendererEnvironment()));
        int senderId = -1;
        QJsonArray got;
        other.on("ping", [&](IpcRendererEvent &event, const QJsonArray &args) {
            senderId = event.senderId();
            got = args;
        });
        QVERIFY(m_renderer->sendTo(second->id(), "ping", {"someThing"}).isNull());
        QTRY_COMPARE(got, QJsonArray{"someThing"});
        QCOMPARE(senderId, m_webContents->id());
    }

    void sendToUnknownIdReportsAnError()
    {
        QSignalSpy errors(m_renderer.get(), &IpcRenderer::errorOccurred);
        m_renderer->sendTo(99, "ping");
        QVERIFY(errors.wait());
        QCOMPARE(errors.at(0).at(0).value<IpcError>().message(), "sendTo: no WebContents with id 99");
    }

    void uncloneableValuesFailAtTheCallSite()
    {
        const QJsonArray bad{std::numeric_limits<double>::quiet_NaN()};
        QCOMPARE(m_renderer->send("ch", bad).name(), "DataCloneError");
        QCOMPARE(m_renderer->sendTo(m_webContents->id(), "ch", bad).name(), "DataCloneError");
        QCOMPARE(m_webContents->send("ch", bad).name(), "DataCloneError");
        IpcReply *reply = m_renderer->invoke("ch", bad);
        QVERIFY(reply->waitForFinished(5000));
        QCOMPARE(reply->error().message(), "An object could not be cloned.");
        QCOMPARE(reply->error().data()["path"].toString(), "args[0]");
        QCOMPARE(reply->error().data()["value"].toString(), "nan");

        // A handler's value is checked too: the caller gets the error, not a silent null.
        m_ipcMain->handle("nan", [](IpcMainInvokeEvent &, const QJsonArray &) {
            return std::numeric_limits<double>::infinity();
        });
        IpcReply *nan = m_renderer->invoke("nan");
        QVERIFY(nan->waitForFinished(5000));
        QCOMPARE(nan->error().name(), "DataCloneError");
    }

    void rendererGoingAwayFailsPendingCallsAtOnce()
    {
        auto never = std::make_shared<QPromise<IpcResult>>(); // lives as long as the handler
        m_renderer->handle("hang", [never](IpcRendererEvent &, const QJsonArray &) {
            never->start();
            return never->future();
        });
        IpcReply *reply = m_webContents->invoke("hang");
        QSignalSpy gone(m_webContents, &WebContents::renderProcessGone);
        QSignalSpy finished(reply, &IpcReply::finished);
        QTest::qWait(20);
        m_renderer.reset();
        QVERIFY(finished.wait());
        QCOMPARE(reply->error().name(), "DisconnectedError");
        QTRY_COMPARE(gone.size(), 1);
        QCOMPARE(gone.at(0).at(0).value<RenderProcessGoneDetails>().reason, "clean-exit");
        QVERIFY(m_webContents->send("x").name() == "DisconnectedError");
    }

    void mainGoingAwayFailsRendererCalls()
    {
        auto never = std::make_shared<QPromise<IpcResult>>();
        m_ipcMain->handle("hang", [never](IpcMainInvokeEvent &, const QJsonArray &) {
            never->start();
            return never->future();
        });
        IpcReply *reply = m_renderer->invoke("hang");
        QSignalSpy disconnected(m_renderer.get(), &IpcRenderer::disconnected);
        QTest::qWait(20);
        m_launcher.reset();
        QVERIFY(disconnected.wait());
        QTRY_VERIFY(reply->isFinished());
        QCOMPARE(reply->error().message(),
                 "Error invoking remote method 'hang': Error: WebContents was destroyed");
        QCOMPARE(m_renderer->send("x").name(), "DisconnectedError");
        IpcReply *after = m_renderer->invoke("x");
        QVERIFY(after->waitForFinished(5000));
        QCOMPARE(after->error().name(), "DisconnectedError");
    }

    void deletingAReplyCancelsIt()
    {
        std::optional<IpcMainInvokeEvent> seen;
        auto never = std::make_shared<QPromise<IpcResult>>();
        m_ipcMain->handle("long", [&seen, never](IpcMainInvokeEvent &event, const QJsonArray &) {
            seen = event;
            never->start();
            return never->future();
        });
        IpcReply *reply = m_renderer->invoke("long");
        QTRY_VERIFY(seen.has_value());
        delete reply;
        QTRY_VERIFY(seen->isCanceled());
    }

    // Review findings: each pins a defect that once existed.

    void aSlotMayDeleteOtherRepliesWhileAllFail()
    {
        auto never = std::make_shared<QPromise<IpcResult>>();
        m_renderer->handle("hang", [never](IpcRendererEvent &, const QJsonArray &) {
            never->start();
            return never->future();
        });
        IpcReply *a = m_webContents->invoke("hang");
        QPointer<IpcReply> b = m_webContents->invoke("hang");
        connect(a, &IpcReply::finished, this, [&b] { delete b.data(); });
        QTest::qWait(20);
        m_renderer.reset();
        QTRY_VERIFY(a->isFinished());
        QVERIFY(b.isNull());
    }

    void closeFromAListenerWaitsForTheOtherListeners()
    {
        QStringList order;
        m_webContents->ipc()->on("a", [&](IpcMainEvent &event, const QJsonArray &) {
            order << "a scoped";
            event.sender()->close();
        });
        m_ipcMain->on("a", [&](IpcMainEvent &, const QJsonArray &) { order << "a global"; });
        m_ipcMain->on("b", [&](IpcMainEvent &, const QJsonArray &) { order << "b"; });
        connect(m_webContents, &WebContents::renderProcessGone, this, [&] { order << "gone"; });
        m_renderer->send("a");
        m_renderer->send("b");
        QTRY_COMPARE(order.size(), 4);
        QCOMPARE(order, QStringList({"a scoped", "a global", "b", "gone"}));
    }

    void aListenerMayDeleteItsWebContents()
    {
        QPointer<WebContents> webContents = m_webContents;
        connect(m_webContents, &WebContents::ipcMessage, this, [webContents] { delete webContents.data(); });
        int globalCalls = 0;
        m_ipcMain->on("bye", [&](IpcMainEvent &, const QJsonArray &) { ++globalCalls; });
        m_renderer->send("bye");
        QTRY_VERIFY(webContents.isNull());
        QCOMPARE(globalCalls, 0);
    }

    void thenSkipsACallbackWhoseContextIsGone()
    {
        m_ipcMain->handle("ok", [](IpcMainInvokeEvent &, const QJsonArray &) { return 1; });
        auto context = std::make_unique<QObject>();
        bool called = false;
        QPointer<IpcReply> reply = m_renderer->invoke("ok");
        reply->then(context.get(), [&called](const IpcResult &) { called = true; });
        context.reset();
        QTRY_VERIFY(reply.isNull()); // deleted all the same
        QVERIFY(!called);
    }

    void thenCallbackMayDeleteTheReply()
    {
        // then() owns the reply, but a callback that deletes it anyway must not crash (the
        // sanitizer build would report a use after free).
        m_ipcMain->handle("ok", [](IpcMainInvokeEvent &, const QJsonArray &) { return 1; });
        QObject context;
        int called = 0;
        QPointer<IpcReply> reply = m_renderer->invoke("ok");
        IpcReply *raw = reply.data();
        reply->then(&context, [&called, raw](const IpcResult &) {
            ++called;
            delete raw;
        });
        QTRY_COMPARE(called, 1);
        QVERIFY(reply.isNull());
    }

    void aQueuedFinishedReceiverSeesALiveReply()
    {
        // Another receiver of finished(), queued, still finds the reply then() took over.
        m_ipcMain->handle("ok", [](IpcMainInvokeEvent &, const QJsonArray &) { return 7; });
        QObject context;
        int seen = 0;
        QPointer<IpcReply> reply = m_renderer->invoke("ok");
        IpcReply *raw = reply.data();
        connect(raw, &IpcReply::finished, &context, [&seen, raw] { seen = raw->value().toInt(); },
                Qt::QueuedConnection);
        reply->then(&context, [](const IpcResult &) {});
        QTRY_COMPARE(seen, 7);
        QTRY_VERIFY(reply.isNull()); // and it is deleted after all
    }

    void aListenerRemovedDuringAnEmitDoesNotRun()
    {
        auto receiver = std::make_unique<Receiver>();
        m_ipcMain->on("ch", [&](IpcMainEvent &, const QJsonArray &) { receiver.reset(); });
        m_ipcMain->on("ch", receiver.get(), &Receiver::onMessage);
        int after = 0;
        m_ipcMain->on("ch", [&](IpcMainEvent &, const QJsonArray &) { ++after; });
        m_renderer->send("ch", {"x"});
        QTRY_COMPARE(after, 1);
        QVERIFY(!receiver);
    }

    // An emit calls the listeners registered when it started, however many there are (the
    // snapshot keeps four in place and more on the heap).
    void listenersChangedDuringAnEmit_data()
    {
        QTest::addColumn<int>("extra");
        QTest::newRow("few listeners") << 0;
        QTest::newRow("many listeners") << 6;
    }

    void listenersChangedDuringAnEmit()
    {
        QFETCH(int, extra);
        QStringList calls;
        IpcMain::ListenerId self = 0;
        IpcMain::ListenerId victim = 0;
        IpcMain::ListenerId onceVictim = 0;
        self = m_ipcMain->on("ch", [&](IpcMainEvent &, const QJsonArray &) {
            calls << "self";
            m_ipcMain->off("ch", self); // removing itself while it runs
            m_ipcMain->off("ch", victim);
            m_ipcMain->off("ch", onceVictim); // already gone: once listeners go before any runs
            m_ipcMain->on("ch", [&](IpcMainEvent &, const QJsonArray &) { calls << "added"; });
        });
        for (int i = 0; i < extra; ++i)
            m_ipcMain->on("ch", [&calls, i](IpcMainEvent &, const QJsonArray &) {
                calls << QString::number(i);
            });
        victim = m_ipcMain->on("ch",
                               [&](IpcMainEvent &, const QJsonArray &) { calls << "victim"; });
        onceVictim = m_ipcMain->once("ch",
                                     [&](IpcMainEvent &, const QJsonArray &) { calls << "once"; });
        QStringList expected{"self"};
        for (int i = 0; i < extra; ++i)
            expected << QString::number(i);
        expected << "once";
        m_renderer->send("ch");
        QTRY_COMPARE(calls, expected);

        // The second emit sees the listener the first one added, and none of those removed.
        calls.clear();
        expected.removeFirst();
        expected.removeLast();
        expected << "added";
        m_renderer->send("ch");
        QTRY_COMPARE(calls, expected);
        QCOMPARE(m_ipcMain->listenerCount("ch"), extra + 1);
    }

    void aHandlerMayRemoveOrReplaceItselfWhileItRuns()
    {
        const QString text = QStringLiteral("captured by the handler, alive while it runs");
        m_ipcMain->handle("self", [this, text](IpcMainInvokeEvent &, const QJsonArray &) {
            m_ipcMain->removeHandler("self");
            return text;
        });
        IpcReply *first = m_renderer->invoke("self");
        QVERIFY(first->waitForFinished(5000));
        QCOMPARE(first->value().toString(), text);
        QVERIFY(!m_ipcMain->hasHandler("self"));

        m_ipcMain->handleOnce("again", [this, text](IpcMainInvokeEvent &, const QJsonArray &) {
            m_ipcMain->handle("again",
                              [](IpcMainInvokeEvent &, const QJsonArray &) { return "second"; });
            return text;
        });
        IpcReply *a = m_renderer->invoke("again");
        IpcReply *b = m_renderer->invoke("again");
        QVERIFY(b->waitForFinished(5000));
        QCOMPARE(a->value().toString(), text);
        QCOMPARE(b->value().toString(), "second");
    }

    // then() deletes an answered reply as soon as its callback has run, without a posted
    // DeferredDelete (an eventfd write and one more loop pass per invoke).
    void thenDeletesTheReplyWithoutAPostedEvent()
    {
        m_ipcMain->handle("ok", [](IpcMainInvokeEvent &, const QJsonArray &) { return 1; });
        EventRecorder events;
        bool called = false;
        QPointer<IpcReply> reply = m_renderer->invoke("ok");
        reply->installEventFilter(&events);
        reply->then(this, [&called](const IpcResult &result) { called = result.value() == 1; });
        QTRY_VERIFY(reply.isNull());
        QVERIFY(called);
        QVERIFY(!events.types.contains(QEvent::DeferredDelete));
    }

    void thenStillDeletesTheReplyWhenSomeoneElseDeletesOrWaitsOnIt()
    {
        m_ipcMain->handle("ok", [](IpcMainInvokeEvent &, const QJsonArray &) { return 1; });
        // A finished() slot that deletes the reply itself: once, not twice.
        int called = 0;
        IpcReply *deleted = m_renderer->invoke("ok");
        deleted->then(this, [&called](const IpcResult &) { ++called; });
        QSignalSpy destroyed(deleted, &QObject::destroyed);
        connect(deleted, &IpcReply::finished, this, [deleted] { delete deleted; });
        QTRY_COMPARE(destroyed.size(), 1);
        QCOMPARE(called, 1);

        // waitForFinished() on a reply then() owns: still there when the wait ends.
        QPointer<IpcReply> waited = m_renderer->invoke("ok");
        waited->then(this, [&called](const IpcResult &) { ++called; });
        QVERIFY(waited->waitForFinished(5000));
        QVERIFY(waited->isFinished());
        QCOMPARE(called, 2);
        QTRY_VERIFY(waited.isNull());

        // then() on a finished reply, and a failed call: from the event loop, deleted later.
        QPointer<IpcReply> finished = m_renderer->invoke("ok");
        QVERIFY(finished->waitForFinished(5000));
        finished->then(this, [&called](const IpcResult &) { ++called; });
        QPointer<IpcReply> failed = m_renderer->invoke("nobody");
        failed->then(this, [&called](const IpcResult &result) {
            called += result.isError() ? 1 : 100;
        });
        QTRY_VERIFY(finished.isNull() && failed.isNull());
        QCOMPARE(called, 4);
    }

    void framesOverTheLimitFailAtOnce()
    {
        m_launcher->setMaxFrameSize(1000);
        m_renderer->setMaxFrameSize(1000);
        const QString big(2000, QLatin1Char('x'));
        QCOMPARE(m_renderer->send("ch", {big}).name(), "RangeError");
        QCOMPARE(m_webContents->send("ch", {big}).name(), "RangeError");
        QCOMPARE(m_webContents->postMessage("ch", big).name(), "RangeError");
        QCOMPARE(m_renderer->postMessage("ch", big).name(), "RangeError");
        IpcReply *tooBig = m_renderer->invoke("ch", {big});
        QVERIFY(tooBig->waitForFinished(5000));
        QCOMPARE(tooBig->error().name(), "RangeError");
        QVERIFY(tooBig->error().message().startsWith("A invoke message of"));
        // A handler's answer too large for a frame comes back as an error, not as silence.
        m_ipcMain->handle("big", [big](IpcMainInvokeEvent &, const QJsonArray &) { return big; });
        IpcReply *answer = m_renderer->invoke("big", {}, 5000);
        QVERIFY(answer->waitForFinished(6000));
        QCOMPARE(answer->error().name(), "RangeError");
    }

    // A renderer holds at most what main holds for a renderer, whoever stops reading: past it a
    // send fails with main's RangeError instead of growing the renderer.
    void rendererWritesAreBounded()
    {
        QTemporaryDir directory;
        QLocalServer deafMain; // accepts, never reads
        QVERIFY(deafMain.listen(directory.filePath(QStringLiteral("deaf.sock"))));
        IpcRenderer renderer;
        QVERIFY(renderer.connectToServer(deafMain.fullServerName(), 1, QStringLiteral("token")));
        QVERIFY(deafMain.waitForNewConnection(5000));
        const QByteArray megabyte(1024 * 1024, 'x'); // shared by every send, not copied
        IpcError error;
        for (int i = 0; i < 1000 && error.isNull(); ++i)
            error = renderer.send(QStringLiteral("flood"), QVariantList{megabyte});
        QCOMPARE(error.name(), QStringLiteral("RangeError"));
        QVERIFY2(error.message().endsWith(QStringLiteral("bytes are already waiting for the peer to read them (limit %1)")
                                                  .arg(Protocol::defaultMaxPendingWriteBytes)),
                 qPrintable(error.message()));
    }
};

QTEST_GUILESS_MAIN(tst_InProcess)
#include "tst_inprocess.moc"
