// Electron's behaviours and error strings on the renderer's side (lib/renderer/api/ipc-renderer.ts,
// shell/renderer/api/electron_api_ipc_renderer.cc): this test process is the renderer, and a
// separate main process (ipclab-test-electronhost) answers it. Main's side is in tst_electron.

#include "ipcrenderer.h"
#include "ipcreply.h"
#include "messagechannel.h"
#include "messageport.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>

#include <memory>

class tst_ElectronRenderer : public QObject
{
    Q_OBJECT

private:
    QProcess m_host;
    std::unique_ptr<IpcRenderer> m_renderer;

    // A new WebContents in the host, and this process connected as its renderer.
    bool connectRenderer()
    {
        m_host.write("new\n");
        if (!QTest::qWaitFor([this] { return m_host.canReadLine(); }, 10000))
            return false;
        const QByteArray line = m_host.readLine().trimmed();
        if (!line.startsWith("env "))
            return false;
        const QJsonObject object = QJsonDocument::fromJson(line.mid(4)).object();
        QHash<QString, QString> environment;
        for (auto it = object.begin(); it != object.end(); ++it)
            environment.insert(it.key(), it.value().toString());
        m_renderer = std::make_unique<IpcRenderer>();
        QSignalSpy connected(m_renderer.get(), &IpcRenderer::connected);
        return m_renderer->connectToMain(environment) && connected.wait(10000);
    }

    IpcResult invokeAndWait(const QString &channel, const QVariantList &arguments = {})
    {
        std::unique_ptr<IpcReply> reply(m_renderer->invoke(channel, arguments, 10000));
        reply->waitForFinished();
        return reply->result();
    }

    bool linkStillWorks() { return !invokeAndWait("echo-variants", {1}).isError(); }

    static QVariantMap sample()
    {
        return {{"img", QByteArray("\x00\x01\xfe\xff", 4)},
                {"when", QDateTime(QDate(2026, 12, 6), QTime(1, 2, 3, 456), Qt::UTC)},
                {"deep", QVariantList{QVariantMap{{"b", QByteArray(70000, 'z')}}}}};
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_host.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_host.start(IPCLAB_ELECTRONHOST_PATH, QStringList());
        QVERIFY(m_host.waitForStarted());
    }

    void init() { QVERIFY(connectRenderer()); }

    void cleanup() { m_renderer.reset(); }

    void cleanupTestCase()
    {
        m_host.closeWriteChannel();
        QVERIFY(m_host.waitForFinished(10000));
        QCOMPARE(m_host.exitCode(), 0);
    }

    // electron_api_ipc_renderer.cc: every method once the remote is gone. invoke() is an async
    // function, so its binding's throw is the rejection, not wrapped in "Error invoking ...".
    void everyCallAfterTheLinkIsGoneIsContextReleased()
    {
        QSignalSpy disconnected(m_renderer.get(), &IpcRenderer::disconnected);
        QVERIFY(m_renderer->send("close-me").isNull());
        QVERIFY(disconnected.wait(10000));
        const QString text = "IPC method called after context was released";
        QCOMPARE(m_renderer->send("x").message(), text);
        QCOMPARE(m_renderer->send("x", QVariantList{QByteArray("b")}).message(), text);
        QCOMPARE(m_renderer->sendTo(1, "x").message(), text);
        QCOMPARE(m_renderer->sendSync("x").error().message(), text);
        QCOMPARE(m_renderer->postMessage("x", "m").message(), text);
        QCOMPARE(invokeAndWait("x").error().message(), text);
    }

    // electron_api_ipc_handler_impl.cc: calls main can no longer answer.
    void pendingInvokeOfADestroyedWebContentsRejects()
    {
        std::unique_ptr<IpcReply> reply(m_renderer->invoke("hang"));
        QVERIFY(m_renderer->send("destroy-me").isNull());
        QVERIFY(reply->waitForFinished(10000));
        QCOMPARE(reply->error().message(), "Error invoking remote method 'hang': Error: WebContents was destroyed");
    }

    // The channel argument of the bindings (ipc.send(internal, channel, args): index 1;
    // ipc.postMessage(channel, message, transfer): index 0); nothing goes, the link stays.
    void callWithoutAChannelFailsAtTheCall_data()
    {
        QTest::addColumn<QString>("call");
        QTest::addColumn<int>("index");
        QTest::newRow("send") << "send" << 1;
        QTest::newRow("sendSync") << "sendSync" << 1;
        QTest::newRow("invoke") << "invoke" << 1;
        QTest::newRow("sendTo") << "sendTo" << 1;
        QTest::newRow("postMessage") << "postMessage" << 0;
    }

    void callWithoutAChannelFailsAtTheCall()
    {
        QFETCH(QString, call);
        QFETCH(int, index);
        IpcError error;
        if (call == "send")
            error = m_renderer->send(QString(), {"x"});
        else if (call == "sendSync")
            error = m_renderer->sendSync(QString()).error();
        else if (call == "invoke")
            error = invokeAndWait(QString()).error();
        else if (call == "sendTo")
            error = m_renderer->sendTo(m_renderer->id(), QString());
        else
            error = m_renderer->postMessage(QString(), "x");
        QCOMPARE(error.message(), QString("Error processing argument at index %1, conversion failure from undefined").arg(index));
        QVERIFY(m_renderer->isConnected());
        QVERIFY(linkStillWorks());
    }

    // shell/common/v8_util.cc: refused at the call, nothing sent.
    void uncloneableValueIsRefusedAtTheCall()
    {
        const QVariantList bad{QVariantMap{{"o", QVariant::fromValue<QObject *>(this)}}};
        for (const IpcError &error : {m_renderer->send("x", bad), m_renderer->sendSync("x", bad).error(),
                                      invokeAndWait("x", bad).error(), m_renderer->sendTo(1, "x", bad)}) {
            QCOMPARE(error.name(), "DataCloneError");
            QCOMPARE(error.message(), "An object could not be cloned.");
            QCOMPARE(error.data()["path"].toString(), "args[0].o");
        }
        QVERIFY(linkStillWorks());
    }

    // Structured clone keeps bytes and dates at any depth; so does IPC Lab, both ways.
    void bytesAndDatesSurviveAtAnyDepth()
    {
        const IpcResult result = invokeAndWait("echo-variants", {sample(), QVariantList{QByteArray("top")}});
        QVERIFY2(!result.isError(), qPrintable(result.error().toString()));
        const QJsonObject types = result.value().toObject().value("types").toObject();
        QCOMPARE(types.value("args[0].img").toString(), "QByteArray");
        QCOMPARE(types.value("args[0].when").toString(), "QDateTime");
        QCOMPARE(types.value("args[0].deep[0].b").toString(), "QByteArray");
        QCOMPARE(types.value("args[1][0]").toString(), "QByteArray");
        // And back: what main answered, as this side reads it.
        const QVariantList echoed = result.toVariant().toMap().value("args").toList();
        QCOMPARE(echoed.at(0).toMap(), sample());
        QCOMPARE(echoed.at(1).toList().at(0).metaType().id(), QMetaType::QByteArray);

        QVariantList pushed;
        m_renderer->on("variants", [&pushed](IpcRendererEvent &event, const QJsonArray &) { pushed = event.arguments(); });
        QVERIFY(m_renderer->send("push-variants").isNull());
        QTRY_COMPARE(pushed.size(), 2);
        const QVariantMap map = pushed.at(0).toMap();
        QCOMPARE(map.value("img").metaType().id(), QMetaType::QByteArray);
        QCOMPARE(map.value("img").toByteArray(), QByteArray("\x00\x01\xfe\xff", 4));
        QCOMPARE(map.value("when").toDateTime(), QDateTime(QDate(2026, 12, 6), QTime(1, 2, 3, 456), Qt::UTC));
        QCOMPARE(map.value("list").toList().at(0).toByteArray(), QByteArray("ab"));
        QCOMPARE(pushed.at(1).toList().at(0).toMap(), map);
    }

    void bytesSurviveInAMessagePortMessage()
    {
        MessageChannel channel(m_renderer.get());
        QVERIFY(m_renderer->postMessage("port-echo", QJsonValue(), {channel.port2}).isNull());
        QSignalSpy received(channel.port1, &MessagePort::message);
        channel.port1->start();
        QVERIFY(channel.port1->postMessage(QVariant(sample())).isNull());
        QVERIFY(received.wait(10000));
        const QVariant data = IpcBinary::unpack(received.at(0).at(0).toJsonValue());
        QCOMPARE(data.toMap(), sample());
        QCOMPARE(channel.port1->postMessage(QVariant::fromValue<QObject *>(this)).message(),
                 "An object could not be cloned.");
    }

    // Issue 15: a listener may delete its own IpcRenderer, directly (AddressSanitizer, in
    // ./test.sh --sanitize, reports a socket freed inside its own readyRead()).
    void rendererDeletedInsideItsOwnListener()
    {
        bool deleted = false;
        m_renderer->on("variants", [&](IpcRendererEvent &, const QJsonArray &) {
            m_renderer.reset();
            deleted = true;
        });
        QVERIFY(m_renderer->send("push-variants").isNull());
        QTRY_VERIFY(deleted);
        QVERIFY(connectRenderer()); // main still serves this process
        QVERIFY(linkStillWorks());
    }

    // ipcRenderer.postMessage's binding: an entry that is not a live port, a null one or a
    // repeated one (neutered by its first occurrence) is "Invalid value for transfer".
    void postMessageTransferErrors()
    {
        MessageChannel channel(m_renderer.get());
        for (const QList<MessagePort *> &transfer : QList<QList<MessagePort *>>{{nullptr}, {channel.port1, channel.port1}}) {
            const IpcError error = m_renderer->postMessage("port-echo", QJsonValue(), transfer);
            QCOMPARE(error.name(), "TypeError");
            QCOMPARE(error.message(), "Invalid value for transfer");
        }
        QVERIFY(!channel.port1->isNeutered());
        QVERIFY(linkStillWorks());
    }
};

QTEST_MAIN(tst_ElectronRenderer)
#include "tst_electronrenderer.moc"
