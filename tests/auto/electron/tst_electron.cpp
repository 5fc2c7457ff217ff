// Electron's own behaviours and error strings, checked from the main side against real
// ipclab-renderer processes: each test pins one thing an Electron developer relies on, with the
// text from Electron's sources (lib/browser/, shell/browser/api/, shell/common/gin_helper/).
// The renderer's side of the same is in tst_electronrenderer.

#include "ipcmain.h"
#include "ipcreply.h"
#include "messagechannelmain.h"
#include "rendererdriver.h"
#include "rendererlauncher.h"
#include "webcontents.h"

#include <QDateTime>
#include <QPromise>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTest>

#include <memory>
#include <stdexcept>

using namespace RendererDriver;

class tst_Electron : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<IpcMain> m_ipcMain;
    std::unique_ptr<RendererLauncher> m_launcher;
    WebContents *m_win = nullptr;
    QList<QJsonObject> m_received; // what the renderer reported receiving, in order

    WebContents *launchReady()
    {
        WebContents *w = m_launcher->launch({"--headless"});
        if (!QTest::qWaitFor([w] { return w->isReady(); }, 20000))
            return nullptr;
        return w;
    }

    // The link still works both ways: nothing that failed at the call touched it.
    bool linkStillWorks(WebContents *w)
    {
        return invokeAndWait(w, "ipclab:delay", {0, "alive"}) == QJsonValue("alive");
    }

    QStringList channelsReceived() const
    {
        QStringList channels;
        for (const QJsonObject &r : m_received)
            channels << r.value("channel").toString();
        return channels;
    }

    static QJsonObject errorOf(const QJsonObject &outcome) { return outcome.value("error").toObject(); }

private Q_SLOTS:
    void initTestCase()
    {
        m_ipcMain = std::make_unique<IpcMain>();
        m_launcher = std::make_unique<RendererLauncher>(m_ipcMain.get());
        m_launcher->setRendererProgram(IPCLAB_RENDERER_PATH);
        m_win = launchReady();
        QVERIFY(m_win);
    }

    void init()
    {
        m_received.clear();
        m_ipcMain->on("ipclab:received", [this](IpcMainEvent &, const QJsonArray &args) {
            m_received.append(args.at(0).toObject());
        });
    }

    void cleanup()
    {
        m_ipcMain->removeAllListeners();
        for (const char *channel : {"async", "x"})
            m_ipcMain->removeHandler(channel);
    }

    // lib/browser/ipc-dispatch.ts: a rejected handler promise answers {error: err.toString()},
    // which ipc-renderer.ts wraps; only a dropped reply reads "reply was never sent".
    void asyncHandlerFailureReachesTheCaller_data()
    {
        QTest::addColumn<QString>("how");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("message");
        QTest::addColumn<QJsonValue>("data");
        QTest::newRow("IpcException keeps name and data")
                << "ipc" << "ValidationError" << "Error invoking remote method 'async': ValidationError: bad age"
                << QJsonValue(QJsonObject{{"field", "age"}});
        QTest::newRow("std::exception is an Error")
                << "std" << "Error" << "Error invoking remote method 'async': Error: boom" << QJsonValue();
        QTest::newRow("promise dropped unanswered")
                << "drop" << "Error" << "Error invoking remote method 'async': Error: reply was never sent"
                << QJsonValue();
    }

    void asyncHandlerFailureReachesTheCaller()
    {
        QFETCH(QString, how);
        QFETCH(QString, name);
        QFETCH(QString, message);
        QFETCH(QJsonValue, data);
        m_ipcMain->handle("async", [how](IpcMainInvokeEvent &, const QJsonArray &) {
            QPromise<IpcResult> promise;
            QFuture<IpcResult> future = promise.future();
            promise.start();
            if (how == "ipc")
                promise.setException(IpcException(IpcError("ValidationError", "bad age", QJsonObject{{"field", "age"}})));
            else if (how == "std")
                promise.setException(std::make_exception_ptr(std::runtime_error("boom")));
            if (how != "drop")
                promise.finish();
            return future; // "drop": the promise goes unanswered
        });
        const QJsonObject error = errorOf(performOne(m_win, step("invoke", "async")));
        QCOMPARE(error.value("name").toString(), name);
        QCOMPARE(error.value("message").toString(), message);
        QCOMPARE(error.value("data"), data.isNull() ? QJsonValue(QJsonValue::Undefined) : data);
    }

    // shell/common/gin_helper/reply_channel.cc: an event dropped without a returnValue.
    void sendSyncEventDroppedIsReplyWasNeverSent()
    {
        m_ipcMain->on("drops", [](IpcMainEvent &, const QJsonArray &) {});
        const QJsonObject error = errorOf(performOne(m_win, step("sendSync", "drops")));
        QCOMPARE(error.value("message").toString(), "reply was never sent");
        QVERIFY(linkStillWorks(m_win));
    }

    // lib/browser/ipc-main-impl.ts, after the second-handler check.
    void handleWithoutAFunctionIsATypeError()
    {
        QTest::ignoreMessage(QtWarningMsg, "Expected handler to be a function, but found type 'undefined'");
        const IpcError error = m_ipcMain->handle("x", IpcMain::Handler());
        QCOMPARE(error.name(), "TypeError");
        QCOMPARE(error.message(), "Expected handler to be a function, but found type 'undefined'");
        QVERIFY(!m_ipcMain->hasHandler("x"));
        const QJsonObject outcome = errorOf(performOne(m_win, step("invoke", "x")));
        QCOMPARE(outcome.value("message").toString(), "Error invoking remote method 'x': Error: No handler registered for 'x'");
    }

    // web-frame-main.ts checks send's channel in JavaScript; postMessage's binding fails to
    // convert it. Either way nothing is sent and the link is untouched.
    void callWithoutAChannelFailsAtTheCall_data()
    {
        QTest::addColumn<QString>("call");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("message");
        QTest::newRow("send") << "send" << "TypeError" << "Missing required channel argument";
        QTest::newRow("send, QVariant") << "sendVariant" << "TypeError" << "Missing required channel argument";
        QTest::newRow("invoke") << "invoke" << "TypeError" << "Missing required channel argument";
        QTest::newRow("postMessage") << "postMessage" << "Error"
                                     << "Error processing argument at index 0, conversion failure from undefined";
        QTest::newRow("event.reply") << "reply" << "TypeError" << "Missing required channel argument";
    }

    void callWithoutAChannelFailsAtTheCall()
    {
        QFETCH(QString, call);
        QFETCH(QString, name);
        QFETCH(QString, message);
        QSignalSpy gone(m_win, &WebContents::renderProcessGone);
        IpcError error;
        if (call == "send") {
            error = m_win->send(QString(), {"x"});
        } else if (call == "sendVariant") {
            error = m_win->send(QString(), QVariantList{QByteArray("x")});
        } else if (call == "invoke") {
            std::unique_ptr<IpcReply> reply(m_win->invoke(QString()));
            QVERIFY(reply->waitForFinished(5000));
            error = reply->error();
        } else if (call == "postMessage") {
            error = m_win->postMessage(QString(), "x");
        } else {
            m_ipcMain->on("ask", [&error](IpcMainEvent &event, const QJsonArray &) { error = event.reply(QString()); });
            performOne(m_win, step("send", "ask"));
            QTRY_VERIFY(!error.isNull());
        }
        QCOMPARE(error.name(), name);
        QCOMPARE(error.message(), message);
        QVERIFY(m_win->send("marker").isNull());
        QVERIFY(linkStillWorks(m_win));
        QTRY_VERIFY(channelsReceived().contains("marker"));
        QCOMPARE(channelsReceived(), QStringList{"marker"});
        QCOMPARE(gone.size(), 0);
    }

    // shell/common/v8_util.cc: a value with no clone is refused; web-frame-main.ts logs
    // "Error sending from webFrameMain: " for send and sends nothing.
    void uncloneableValueIsRefusedAtTheCall_data()
    {
        QTest::addColumn<QVariant>("value");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("type");
        QTest::newRow("QObject*") << QVariant::fromValue<QObject *>(this) << "args[0]" << "QObject*";
        QTest::newRow("void* in a map") << QVariant(QVariantMap{{"p", QVariant::fromValue<void *>(this)}})
                                        << "args[0].p" << "void*";
        QTest::newRow("QObject* in a list") << QVariant(QVariantList{1, QVariant::fromValue<QObject *>(this)})
                                            << "args[0][1]" << "QObject*";
    }

    void uncloneableValueIsRefusedAtTheCall()
    {
        QFETCH(QVariant, value);
        QFETCH(QString, path);
        QFETCH(QString, type);
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression("^Error sending from webFrameMain:  DataCloneError: "
                                                              "An object could not be cloned\\.$"));
        const IpcError error = m_win->send("clone", QVariantList{value});
        QCOMPARE(error.name(), "DataCloneError");
        QCOMPARE(error.message(), "An object could not be cloned.");
        QCOMPARE(error.data()["path"].toString(), path);
        QCOMPARE(error.data()["value"].toString(), type);
        std::unique_ptr<IpcReply> reply(m_win->invoke("clone", QVariantList{value}));
        QVERIFY(reply->waitForFinished(5000));
        QCOMPARE(reply->error().message(), "An object could not be cloned.");
        QVERIFY(m_win->send("marker").isNull());
        QTRY_VERIFY(channelsReceived().contains("marker"));
        QCOMPARE(channelsReceived(), QStringList{"marker"});
    }

    // lib/browser/ipc-dispatch.ts: '-ipc-ports' goes to ipcMain and webContents.ipc only, and
    // addReplyToEvent() is not called for it.
    void postMessageIsNotAnIpcMessageAndHasNoReply()
    {
        // Only this channel's: the renderer's agent reports what it receives (the reply "back")
        // on a channel of its own, which may arrive before the count is read.
        int ipcMessages = 0;
        const QMetaObject::Connection counting = connect(
                m_win, &WebContents::ipcMessage, this,
                [&](IpcMainEvent &, const QString &channel, const QJsonArray &) {
                    ipcMessages += channel == QLatin1String("ports-here");
                });
        const auto disconnectCounting = qScopeGuard([&] { disconnect(counting); });
        IpcError replyError;
        bool posted = false;
        QList<MessagePort *> ports;
        m_ipcMain->on("ports-here", [&](IpcMainEvent &event, const QJsonArray &) {
            posted = event.isPostMessage();
            replyError = event.reply("back");
            ports = event.ports();
        });
        QVERIFY(!performOne(m_win, step("newChannel", "ports-here", {"hi"})).contains("error"));
        QTRY_COMPARE(ports.size(), 1);
        std::unique_ptr<MessagePort> port(ports.first());
        QVERIFY(posted);
        QCOMPARE(replyError.name(), "TypeError");
        QCOMPARE(replyError.message(), "event.reply is not a function");
        QCOMPARE(ipcMessages, 0);
        // An ordinary send on the same channel is an 'ipc-message' with a reply.
        QVERIFY(!performOne(m_win, step("send", "ports-here", {"plain"})).contains("error"));
        QTRY_COMPARE(ipcMessages, 1);
        QVERIFY(!posted);
        QVERIFY(replyError.isNull());
        QVERIFY(ports.isEmpty());
    }

    // A port nobody takes is closed, so the far end hears 'close' instead of waiting for ever.
    void portsOnAChannelNobodyListensOnAreClosed()
    {
        // Renderer -> main: the renderer keeps port1 and posts port2 where main has no listener.
        QVERIFY(!performOne(m_win, step("newChannel", "nobody-listens", {})).contains("error"));
        QTRY_VERIFY(invokeAndWait(m_win, "ipclab:port-state").toObject().value("closed").toBool());

        // Main -> renderer: the renderer listens on "port" only.
        MessageChannelMain channel(m_launcher.get());
        channel.port1->start();
        QSignalSpy closed(channel.port1, &MessagePort::closed);
        QVERIFY(m_win->postMessage("nobody-listens-here", QJsonValue(), {channel.port2}).isNull());
        QVERIFY(closed.wait(5000));
        QVERIFY(linkStillWorks(m_win));
    }

    // shell/browser/api/message_port.cc: MessagePort::Close() emits 'close' on itself, and the
    // other end (in another process) hears it too.
    void closeFiresOnBothEnds()
    {
        MessageChannelMain channel(m_launcher.get());
        QVERIFY(m_win->postMessage("port", QJsonValue(), {channel.port2}).isNull());
        QTRY_VERIFY(invokeAndWait(m_win, "ipclab:port-state").toObject().value("hasPort").toBool());
        QVERIFY(!invokeAndWait(m_win, "ipclab:port-state").toObject().value("closed").toBool());
        QSignalSpy closed(channel.port1, &MessagePort::closed);
        channel.port1->close();
        QCOMPARE(closed.size(), 1);
        QTRY_VERIFY(invokeAndWait(m_win, "ipclab:port-state").toObject().value("closed").toBool());
    }

    // gin_helper/function_template.h: any method of a destroyed webContents throws this.
    void callAfterCloseIsObjectHasBeenDestroyed()
    {
        WebContents *w = launchReady();
        QVERIFY(w);
        QSignalSpy gone(w, &WebContents::renderProcessGone);
        w->close();
        for (const IpcError &error : {w->send("x"), w->postMessage("x", QJsonValue())}) {
            QCOMPARE(error.name(), "TypeError");
            QCOMPARE(error.message(), "Object has been destroyed");
        }
        IpcReply *reply = w->invoke("x");
        QVERIFY(reply->waitForFinished(5000));
        QCOMPARE(reply->error().message(), "Object has been destroyed");
        QVERIFY(gone.wait(10000));
        delete w; // and its replies
    }

    // Issue 15: a listener may delete the window whose message it is handling, directly; the
    // socket that is still emitting readyRead() goes from the event loop (AddressSanitizer, in
    // ./test.sh --sanitize, reports it if it does not).
    void windowDeletedInsideItsOwnListener()
    {
        WebContents *w = launchReady();
        QVERIFY(w);
        bool deleted = false;
        connect(w, &WebContents::ipcMessage, this, [&](IpcMainEvent &, const QString &channel, const QJsonArray &) {
            if (channel == "bye") {
                delete w;
                deleted = true;
            }
        });
        w->invoke("ipclab:perform", QJsonArray{QJsonValue(QJsonArray{step("send", "bye"), step("send", "after")})})
                ->then(this, [](const IpcResult &) {});
        QTRY_VERIFY(deleted);
        QVERIFY(linkStillWorks(m_win));
        QVERIFY(linkStillWorks(m_win)); // the deferred deletion has run by now
    }

    // electron_api_ipc_handler_impl.cc's text, for main's calls waiting on a window that goes.
    void destroyedWebContentsFailsItsPendingInvokes()
    {
        WebContents *w = launchReady();
        QVERIFY(w);
        IpcReply *pending = w->invoke("ipclab:delay", {60000, "never"});
        QString message;
        connect(pending, &IpcReply::finished, this, [&] { message = pending->error().message(); });
        delete w; // and its replies, once they have finished
        QCOMPARE(message, "Error invoking remote method 'ipclab:delay': Error: WebContents was destroyed");
    }
};

QTEST_MAIN(tst_Electron)
#include "tst_electron.moc"
