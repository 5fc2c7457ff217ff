// Binary arguments and results: QByteArray values travel as raw frame attachments (shared/
// PROTOCOL.md, section 2), never as base64 or JSON text. The codec and message checks first,
// then every call that carries arguments, over a real QLocalSocket, the wire form written and
// read by hand, and large frames through a Connection whose peer is slow or goes away.

#include "connection.h"
#include "framecodec.h"
#include "ipcbinary.h"
#include "ipcmain.h"
#include "ipcrenderer.h"
#include "ipcreply.h"
#include "message.h"
#include "rawclient.h"
#include "rendererlauncher.h"
#include "webcontents.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QLocalServer>
#include <QLocalSocket>
#include <QSignalSpy>
#include <QTest>
#include <QThread>
#include <QTimer>
#include <QtEndian>

#include <atomic>
#include <memory>
#include <vector>

#ifdef Q_OS_LINUX
#  include <sys/ioctl.h>
#endif

namespace {

// Every byte value, in an order that differs from position to position.
QByteArray pattern(qsizetype size, int seed = 0)
{
    QByteArray bytes(size, Qt::Uninitialized);
    for (qsizetype i = 0; i < size; ++i)
        bytes[i] = char((i * 7 + seed + i / 256) & 0xff);
    return bytes;
}

QByteArray reversed(QByteArray bytes)
{
    std::reverse(bytes.begin(), bytes.end());
    return bytes;
}

// A frame with attachments written out by hand, as PROTOCOL.md describes it.
QByteArray handMadeFrame(const QByteArray &json, const QByteArray &attachments)
{
    QByteArray frame(8, Qt::Uninitialized);
    qToBigEndian(quint32(4 + json.size() + attachments.size()) | 0x80000000u, frame.data());
    qToBigEndian(quint32(json.size()), frame.data() + 4);
    return frame + json + attachments;
}

Message sendMessage(const QVariantList &arguments)
{
    Message message = Message::send(QStringLiteral("c"), {});
    IpcError error;
    message.args = IpcBinary::pack(arguments, &message.buffers, &error);
    Q_ASSERT(error.isNull());
    return message;
}

// Two ends of a QLocalSocket, for a Connection at one end or both: a Connection takes its socket
// over, the listener deletes what is left.
struct SocketPair
{
    QLocalServer listener;
    QLocalSocket *client = new QLocalSocket(&listener);
    QLocalSocket *server = nullptr;

    SocketPair()
    {
        const QString name
                = QStringLiteral("ipclab-tst-binary-%1").arg(QCoreApplication::applicationPid());
        QLocalServer::removeServer(name); // one a crashed run left behind
        listener.listen(name);
        client->connectToServer(listener.fullServerName());
        if (client->waitForConnected(2000) && listener.waitForNewConnection(2000))
            server = listener.nextPendingConnection();
    }
};

QString decodeProblem(const QByteArray &frame)
{
    FrameCodec codec;
    codec.append(frame);
    QJsonObject object;
    QByteArray attachments;
    if (codec.next(&object, &attachments) != FrameCodec::Status::Frame)
        return codec.errorString();
    Message message;
    QString problem;
    if (!Message::fromJson(object, &message, &problem, attachments))
        return problem;
    return QString();
}

} // namespace

class tst_Binary : public QObject
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

    void codecCarriesAttachments_data()
    {
        QTest::addColumn<int>("piece"); // bytes per append(), 0 for all at once
        QTest::addColumn<bool>("followed"); // another frame right behind it in the buffer
        QTest::newRow("at once") << 0 << false;
        QTest::newRow("at once, followed") << 0 << true;
        QTest::newRow("7-byte pieces") << 7 << false;
        QTest::newRow("64 KiB pieces, followed") << 65536 << true;
    }

    void codecCarriesAttachments()
    {
        QFETCH(int, piece);
        QFETCH(bool, followed);
        const QByteArray small = pattern(300, 1);
        const QByteArray large = pattern(1 << 20, 2);
        const QJsonObject header{{"type", "send"}, {"channel", "c"}, {"buffers", QJsonArray{300, 1 << 20}}};
        QByteArray stream = FrameCodec::encode(header, {small, large});
        // Nothing but the two headers and the JSON besides the bytes themselves.
        QCOMPARE(stream.size(),
                 8 + QJsonDocument(header).toJson(QJsonDocument::Compact).size() + small.size() + large.size());
        if (followed)
            stream += FrameCodec::encode(QJsonObject{{"type", "cancel"}, {"id", 1}});

        FrameCodec codec;
        QJsonObject object;
        QByteArray attachments;
        QList<QJsonObject> objects;
        QList<QByteArray> attached;
        for (qsizetype at = 0; at < stream.size();) {
            const qsizetype n = piece ? qMin<qsizetype>(piece, stream.size() - at) : stream.size();
            codec.append(stream.mid(at, n));
            at += n;
            while (codec.next(&object, &attachments) == FrameCodec::Status::Frame) {
                objects.append(object);
                attached.append(attachments);
            }
        }
        QCOMPARE(objects.size(), followed ? 2 : 1);
        QCOMPARE(objects.first(), header);
        QCOMPARE(attached.first(), small + large);
        if (followed)
            QVERIFY(attached.last().isEmpty());
        QCOMPARE(codec.pendingBytes(), 0);

        Message message;
        QString problem;
        QVERIFY2(Message::fromJson(objects.first(), &message, &problem, attached.first()), qPrintable(problem));
        QCOMPARE(message.buffers, (QList<QByteArray>{small, large}));
    }

    void largeAttachmentsAreNotCopied_data()
    {
        QTest::addColumn<QList<int>>("sizes");
        QTest::addColumn<int>("copied"); // how many attachments go into the frame's head
        QTest::newRow("small ones") << QList<int>{300, 5} << 2;
        QTest::newRow("one large") << QList<int>{1 << 20} << 0;
        QTest::newRow("small, large, small") << QList<int>{300, 1 << 20, 5} << 1;
        QTest::newRow("empty ones around a large one") << QList<int>{0, 70000, 0} << 1;
    }

    void largeAttachmentsAreNotCopied()
    {
        // endFrame() copies small attachments after the JSON and keeps the rest as they are: the
        // pieces, one after the other, are the frame PROTOCOL.md describes.
        QFETCH(QList<int>, sizes);
        QFETCH(int, copied);
        QList<QByteArray> attachments;
        QJsonArray buffers;
        for (int size : sizes) {
            attachments.append(pattern(size, int(attachments.size())));
            buffers.append(size);
        }
        const QJsonObject object{{"type", "send"}, {"channel", "c"}, {"buffers", buffers}};
        QByteArray head = FrameCodec::beginFrame(true, 0);
        head += QJsonDocument(object).toJson(QJsonDocument::Compact);
        const EncodedFrame frame = FrameCodec::endFrame(head, attachments);

        QCOMPARE(frame.joined(), handMadeFrame(QJsonDocument(object).toJson(QJsonDocument::Compact),
                                               attachments.join()));
        QCOMPARE(frame.size(), frame.joined().size());
        QCOMPARE(frame.attachments.size(), attachments.size() - copied);
        for (qsizetype i = 0; i < frame.attachments.size(); ++i)
            QCOMPARE(frame.attachments.at(i).constData(), attachments.at(copied + i).constData());
    }

    void codecReadsInPlace()
    {
        // The rest of a frame read straight into the codec's buffer (Connection::readDirect())
        // decodes as if it had been appended, and the frame after it is untouched.
        const QByteArray large = pattern(300000, 11);
        const QByteArray frame = FrameCodec::encode(
                QJsonObject{{"type", "send"}, {"channel", "c"}, {"buffers", QJsonArray{300000}}},
                {large});
        const QByteArray next = FrameCodec::encode(QJsonObject{{"type", "cancel"}, {"id", 1}});
        FrameCodec codec;
        QCOMPARE(codec.missingBytes(), 0);
        codec.append(frame.left(2));
        QCOMPARE(codec.missingBytes(), 0); // no header yet
        codec.append(frame.mid(2, 1000));
        QJsonObject object;
        QByteArray attachments;
        QCOMPARE(codec.next(&object, &attachments), FrameCodec::Status::NeedMore);
        QCOMPARE(codec.missingBytes(), frame.size() - 1002);

        qsizetype at = 1002;
        for (qsizetype piece : {qsizetype(100000), frame.size() - 101002}) {
            char *into = codec.prepareAppend(codec.missingBytes());
            memcpy(into, frame.constData() + at, size_t(piece));
            codec.commitAppend(piece);
            at += piece;
        }
        QCOMPARE(codec.missingBytes(), 0);
        codec.append(next);
        QCOMPARE(codec.next(&object, &attachments), FrameCodec::Status::Frame);
        QCOMPARE(object.value("channel").toString(), "c");
        QCOMPARE(attachments, large);
        QCOMPARE(codec.next(&object, &attachments), FrameCodec::Status::Frame);
        QCOMPARE(object.value("type").toString(), "cancel");
        QCOMPARE(codec.pendingBytes(), 0);
    }

    void badAttachments_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::addColumn<QString>("problem");
        QByteArray tooShort(6, '\0');
        qToBigEndian(quint32(2) | 0x80000000u, tooShort.data());
        QTest::newRow("no room for the JSON length")
                << tooShort << "frame of 2 bytes with attachments has no room for its JSON header";
        QByteArray overlong(12, '\0');
        qToBigEndian(quint32(8) | 0x80000000u, overlong.data());
        qToBigEndian(quint32(5), overlong.data() + 4);
        QTest::newRow("JSON longer than the body")
                << overlong << "frame of 8 bytes with attachments has no room for its JSON header";
        QTest::newRow("bytes without 'buffers'")
                << handMadeFrame(R"({"type":"send","channel":"c"})", "abc")
                << "send message: 3 bytes of attachments need a 'buffers' array of their sizes";
        QTest::newRow("sizes add up to less")
                << handMadeFrame(R"({"type":"send","channel":"c","buffers":[1]})", "abc")
                << "send message: field 'buffers' accounts for 1 of the 3 bytes of attachments";
        QTest::newRow("sizes add up to more")
                << handMadeFrame(R"({"type":"send","channel":"c","buffers":[2,2]})", "abc")
                << "send message: field 'buffers' must list sizes >= 0 that add up to the 3 bytes of attachments";
        QTest::newRow("negative size")
                << handMadeFrame(R"({"type":"send","channel":"c","buffers":[-1]})", "abc")
                << "send message: field 'buffers' must list sizes >= 0 that add up to the 3 bytes of attachments";
        QTest::newRow("reference past the buffers")
                << handMadeFrame(R"({"type":"invoke","id":1,"channel":"c","args":[{"$binary":1}],"buffers":[3]})", "abc")
                << "invoke message: args[0] refers to buffer 1 of 1";
        QTest::newRow("reference not an index")
                << handMadeFrame(R"({"type":"send","channel":"c","args":[1,{"$binary":"x"}],"buffers":[3]})", "abc")
                << "send message: args[1] has a '$binary' that is not a buffer index";
        QTest::newRow("result value past the buffers")
                << handMadeFrame(R"({"type":"result","id":1,"value":{"$binary":4},"buffers":[3]})", "abc")
                << "result message: value refers to buffer 4 of 1";
        QTest::newRow("on a kind that carries no arguments")
                << handMadeFrame(R"({"type":"cancel","id":1,"buffers":[3]})", "abc")
                << "cancel message: binary attachments are not allowed here";
        QTest::newRow("'buffers' in a JSON-only frame")
                << FrameCodec::encode(QJsonObject{{"type", "send"}, {"channel", "c"}, {"buffers", QJsonArray{3}}})
                << "send message: field 'buffers' must list sizes >= 0 that add up to the 0 bytes of attachments";
    }

    void badAttachments()
    {
        QFETCH(QByteArray, frame);
        QFETCH(QString, problem);
        QCOMPARE(decodeProblem(frame), problem);
    }

    void referencesWithoutAttachmentsAreData()
    {
        // A JSON-only message may carry an object that looks like a reference; it stays JSON.
        const QByteArray frame = FrameCodec::encode(
                QJsonObject{{"type", "send"}, {"channel", "c"}, {"args", QJsonArray{QJsonObject{{"$binary", 0}}}}});
        QCOMPARE(decodeProblem(frame), QString());
        QCOMPARE(IpcBinary::unpack(QJsonArray{QJsonObject{{"$binary", 0}}}, {}),
                 (QVariantList{QVariantMap{{"$binary", 0}}}));
    }

    void invokeEchoesBytes()
    {
        const QByteArray payload = pattern(1 << 20);
        QVariantList seen;
        QJsonArray seenJson;
        m_ipcMain->handle("echo-binary", [&](IpcMainInvokeEvent &event, const QJsonArray &args) -> IpcResult {
            seen = event.arguments();
            seenJson = args;
            return reversed(event.arguments().at(0).toByteArray());
        });
        std::unique_ptr<IpcReply> reply(
                m_renderer->invoke("echo-binary", QVariantList{payload, QStringLiteral("text"), 3}));
        QVERIFY(reply->waitForFinished(5000));
        QVERIFY2(!reply->isError(), qPrintable(reply->error().toString()));
        QCOMPARE(reply->bytes(), reversed(payload));
        QVERIFY(reply->result().isBinary());
        QCOMPARE(reply->result().toVariant().toByteArray(), reversed(payload));
        QCOMPARE(reply->value(), (QJsonObject{{"$binary", 0}, {"byteLength", 1 << 20}}));

        QCOMPARE(seen.size(), 3);
        QCOMPARE(seen.at(0).metaType().id(), QMetaType::QByteArray);
        QCOMPARE(seen.at(0).toByteArray(), payload);
        QCOMPARE(seen.at(1), QVariant(QStringLiteral("text")));
        QCOMPARE(seen.at(2).toInt(), 3);
        // A handler that reads JSON sees where the bytes are, and how many.
        QCOMPARE(seenJson, (QJsonArray{QJsonObject{{"$binary", 0}, {"byteLength", 1 << 20}}, "text", 3}));
    }

    void sendsCarryBytesBothWays()
    {
        const QByteArray up = pattern(70000, 3);
        const QByteArray down = pattern(5, 4);
        QVariantList atMain;
        m_ipcMain->on("up", [&](IpcMainEvent &event, const QJsonArray &) {
            atMain = event.arguments();
            event.reply("down", QVariantList{event.buffers().at(1), down});
        });
        QVariantList atRenderer;
        m_renderer->on("down", [&](IpcRendererEvent &event, const QJsonArray &) { atRenderer = event.arguments(); });
        QVERIFY(m_renderer->send("up", QVariantList{QByteArray(), up, true}).isNull());
        QTRY_COMPARE(atRenderer.size(), 2);
        QCOMPARE(atMain, (QVariantList{QByteArray(), up, true}));
        QCOMPARE(atRenderer, (QVariantList{up, down}));

        // webContents.send, and main invoking a renderer handler that answers with bytes.
        m_renderer->handle("digest", [](IpcRendererEvent &event, const QJsonArray &) -> IpcResult {
            return reversed(event.arguments().at(0).toByteArray());
        });
        QVERIFY(m_webContents->send("down", QVariantList{down, up}).isNull());
        QTRY_COMPARE(atRenderer, (QVariantList{down, up}));
        std::unique_ptr<IpcReply> reply(m_webContents->invoke("digest", QVariantList{up}));
        QVERIFY(reply->waitForFinished(5000));
        QCOMPARE(reply->bytes(), reversed(up));
    }

    void sendToCarriesBytes()
    {
        WebContents *other = m_launcher->createWebContents();
        IpcRenderer second;
        QVERIFY(second.connectToMain(other->rendererEnvironment()));
        QTRY_VERIFY(second.isConnected());
        QVariantList got;
        int from = -1;
        second.on("direct", [&](IpcRendererEvent &event, const QJsonArray &) {
            got = event.arguments();
            from = event.senderId();
        });
        const QByteArray payload = pattern(100000, 5);
        QVERIFY(m_renderer->sendTo(other->id(), "direct", QVariantList{"hi", payload}).isNull());
        QTRY_COMPARE(got.size(), 2);
        QCOMPARE(got, (QVariantList{"hi", payload}));
        QCOMPARE(from, m_webContents->id());
    }

    void sendSyncReturnsBytes()
    {
        // sendSync blocks its thread: this renderer runs on a thread of its own.
        WebContents *other = m_launcher->createWebContents();
        const QHash<QString, QString> environment = other->rendererEnvironment();
        const QByteArray payload = pattern(300000, 6);
        m_ipcMain->on("sync-binary", [&](IpcMainEvent &event, const QJsonArray &) {
            event.returnValue = reversed(event.arguments().at(0).toByteArray());
        });
        QByteArray answer;
        QString error;
        // answer and error are handed over by done, not by QThread::isFinished(): that is a
        // QMutex inside Qt, which ThreadSanitizer does not see (the tsan preset).
        std::atomic<bool> done = false;
        std::unique_ptr<QThread> thread(QThread::create([&] {
            [&] {
                IpcRenderer renderer;
                if (!renderer.connectToMain(environment)) {
                    error = QStringLiteral("could not connect");
                    return;
                }
                QDeadlineTimer deadline(5000);
                while (!renderer.isConnected() && !deadline.hasExpired())
                    QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
                const IpcResult result = renderer.sendSync("sync-binary", QVariantList{payload});
                if (result.isError())
                    error = result.error().toString();
                answer = result.bytes();
            }();
            done.store(true, std::memory_order_release);
        }));
        thread->start();
        QTRY_VERIFY_WITH_TIMEOUT(done.load(std::memory_order_acquire), 10000);
        QVERIFY(thread->wait(10000));
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(answer, reversed(payload));
    }

    void theWireCarriesRawBytes()
    {
        // A renderer written by hand: the bytes it puts after the JSON reach the handler as they
        // are, and the answer comes back the same way, byte for byte as PROTOCOL.md says.
        WebContents *other = m_launcher->createWebContents();
        const QHash<QString, QString> environment = other->rendererEnvironment();
        m_ipcMain->handle("echo-binary", [](IpcMainInvokeEvent &event, const QJsonArray &) -> IpcResult {
            return event.arguments().at(0).toByteArray();
        });
        RawClient client;
        QVERIFY(client.connectTo(environment.value(QStringLiteral("IPCLAB_SERVER"))));
        client.hello(other->id(), environment.value(QStringLiteral("IPCLAB_TOKEN")));
        QTRY_VERIFY(client.hasFrame());
        QCOMPARE(client.takeFrame().value("type").toString(), "welcome");

        const QByteArray payload = pattern(200000, 7);
        const QByteArray json = R"({"type":"invoke","id":1,"channel":"echo-binary","args":[{"$binary":0}],"buffers":[200000]})";
        client.writeRaw(handMadeFrame(json, payload));

        QByteArray received;
        auto wholeFrame = [&] {
            received += client.socket.readAll();
            return received.size() >= 8
                    && received.size() >= 4 + qsizetype(qFromBigEndian<quint32>(received.constData()) & 0x7fffffff);
        };
        QTRY_VERIFY_WITH_TIMEOUT(wholeFrame(), 5000);
        const quint32 word = qFromBigEndian<quint32>(received.constData());
        QVERIFY(word & 0x80000000u);
        const qsizetype jsonLength = qFromBigEndian<quint32>(received.constData() + 4);
        const QJsonObject answer = QJsonDocument::fromJson(received.mid(8, jsonLength)).object();
        QCOMPARE(answer, (QJsonObject{{"type", "result"}, {"id", 1}, {"value", QJsonObject{{"$binary", 0}, {"byteLength", 200000}}},
                                      {"buffers", QJsonArray{200000}}}));
        QCOMPARE(received.mid(8 + jsonLength), payload);
        QCOMPARE(qsizetype(word & 0x7fffffff), 4 + jsonLength + payload.size());
    }

    void largeFramesWaitForAPeerThatIsNotReading()
    {
        // What the kernel does not take of a large frame at once waits in the socket's buffer,
        // the caller's bytes shared rather than copied, behind or ahead of other frames. A peer
        // that reads nothing meanwhile gets everything later, whole and in order, and the bytes
        // as they were when sent; what waits counts towards the write limit.
        SocketPair pair;
        QVERIFY(pair.server);
        Connection sender(pair.server);
        Connection receiver(pair.client);
        QList<Message> received;
        connect(&receiver, &Connection::messageReceived, this,
                [&](const Message &message) { received.append(message); });

        // Waiting on a signal runs the loop until it blocks, which ends the loop pass.
        QSignalSpy arrived(&receiver, &Connection::messageReceived);
        QVERIFY(sender.send(sendMessage({"before"})));
        QVERIFY(arrived.wait(5000));
        QCOMPARE(received.size(), 1);

        // The large one is the first of a loop pass: written at once, in part, the rest left.
        QByteArray large = pattern(3 << 20, 8);
        const QByteArray largeAsSent = large;
        const QByteArray larger = pattern(5 << 20, 9);
        std::vector<char> borrowed(larger.cbegin(), larger.cend());
        const QByteArray small = pattern(100, 10);
        const QList<Message> messages{
                sendMessage({large}), sendMessage({"between"}),
                sendMessage(
                        {small, QByteArray::fromRawData(borrowed.data(), larger.size()), "text"}),
                sendMessage({"after"})};
        qint64 total = 0;
        for (const Message &message : messages) {
            IpcError error;
            total += Connection::encode(message, sender.maxFrameSize(), &error).size();
            QVERIFY(sender.send(message));
        }
        // The caller's arrays change, what was sent does not: an array is implicitly shared, and
        // fromRawData() bytes may be reused once the call returns.
        large[0] = char(~large[0]);
        std::fill(borrowed.begin(), borrowed.end(), 'x');
#ifdef Q_OS_LINUX
        // Nothing was read yet (no event loop ran): every byte is either with the peer's kernel
        // or waiting here, once.
        int inKernel = 0;
        QCOMPARE(::ioctl(int(pair.client->socketDescriptor()), FIONREAD, &inKernel), 0);
        QVERIFY(inKernel > 0);
        QCOMPARE(sender.pendingWriteBytes() + inKernel, total);
#endif
        QVERIFY(sender.pendingWriteBytes() > 0);
        sender.setWriteLimit(sender.pendingWriteBytes() + 10, 60000);
        QVERIFY(!sender.send(sendMessage({"refused: over the write limit"})));
        sender.setWriteLimit(std::numeric_limits<qint64>::max(), 0);

        QTRY_COMPARE_WITH_TIMEOUT(received.size(), 5, 10000);
        QCOMPARE(received.at(1).buffers, QList<QByteArray>{largeAsSent});
        QCOMPARE(received.at(2).args, QJsonArray{"between"});
        QCOMPARE(received.at(3).buffers, (QList<QByteArray>{small, larger}));
        QCOMPARE(received.at(3).args.at(2).toString(), "text");
        QCOMPARE(received.at(4).args, QJsonArray{"after"});
        QCOMPARE(sender.pendingWriteBytes(), 0);
    }

    void largeFrameThenTheEnd_data()
    {
        QTest::addColumn<bool>("whole");
        QTest::newRow("whole") << true;
        QTest::newRow("cut short") << false;
    }

    void largeFrameThenTheEnd()
    {
        // A large frame is read straight into place; the end of the stream is left to
        // QLocalSocket all the same: a whole frame is delivered before disconnected(), and one
        // cut short is a protocol error that counts every byte that did arrive.
        QFETCH(bool, whole);
        SocketPair pair;
        QVERIFY(pair.server);
        Connection receiver(pair.server);
        QList<Message> received;
        connect(&receiver, &Connection::messageReceived, this,
                [&](const Message &message) { received.append(message); });
        QSignalSpy protocolErrors(&receiver, &Connection::protocolError);
        QSignalSpy disconnected(&receiver, &Connection::disconnected);

        const QByteArray payload = pattern(3 << 20, 12);
        IpcError error;
        const QByteArray frame
                = Connection::encode(sendMessage({payload}), 64 << 20, &error).joined();
        const qsizetype sent = whole ? frame.size() : (1 << 20);
        const QString reason
                = QStringLiteral("truncated frame: connection closed after %1 of %2 body bytes")
                          .arg(sent - 4)
                          .arg(frame.size() - 4);
        if (!whole)
            QTest::ignoreMessage(QtWarningMsg, qPrintable("protocol error: " + reason));
        pair.client->write(frame.left(sent));
        pair.client->disconnectFromServer(); // once all is written
        QTRY_COMPARE_WITH_TIMEOUT(disconnected.size(), 1, 10000);
        if (whole) {
            QCOMPARE(received.size(), 1);
            QCOMPARE(received.first().buffers, QList<QByteArray>{payload});
            QCOMPARE(protocolErrors.size(), 0);
        } else {
            QCOMPARE(received.size(), 0);
            QCOMPARE(protocolErrors.size(), 1);
            QCOMPARE(protocolErrors.first().first().toString(), reason);
        }
    }

    void aHandlerWithItsOwnEventLoopAfterALargeFrame()
    {
        // After a large frame the connection reads through a bounded buffer. A handler that runs
        // an event loop of its own (waitForFinished(), a dialog) must not leave what arrives
        // meanwhile stuck in it: everything is delivered, without the peer writing again.
        QLocalServer listener;
        const QString name = QStringLiteral("ipclab-tst-nested-%1").arg(QCoreApplication::applicationPid());
        QLocalServer::removeServer(name);
        QVERIFY(listener.listen(name));
        QLocalSocket client;
        client.connectToServer(listener.fullServerName());
        QVERIFY(client.waitForConnected(2000));
        QVERIFY(listener.waitForNewConnection(2000));
        Connection receiver(listener.nextPendingConnection());
        auto sendSmall = [&](int n) {
            for (int i = 0; i < n; ++i)
                client.write(FrameCodec::encode(Message::send("small", {QString(200, 'x')}).toJson()));
            client.flush();
        };
        int received = 0;
        bool nested = false;
        connect(&receiver, &Connection::messageReceived, this, [&](const Message &message) {
            ++received;
            if (message.channel != QLatin1String("large") || nested)
                return;
            nested = true;
            QEventLoop loop;
            QTimer::singleShot(50, &loop, [&] { sendSmall(40); });
            QTimer::singleShot(400, &loop, &QEventLoop::quit);
            loop.exec();
        });
        client.write(FrameCodec::encode(Message::send("large", {QString(200000, 'y')}).toJson()));
        client.flush();
        QTRY_COMPARE_WITH_TIMEOUT(received, 41, 5000);
        sendSmall(1); // and the connection still reads what comes later
        QTRY_COMPARE(received, 42);
    }

    void aMapWithBinaryKeyCannotTravelBesideBytes()
    {
        // Beside real bytes, an argument of the caller's own with a "$binary" key would read as a
        // reference: refused at the call, and the renderer is not taken for a bad one.
        const QVariantList arguments{QVariantMap{{"$binary", 5}}, QByteArray("abc")};
        const QString text = "An object could not be cloned.";
        IpcError error = m_renderer->send("c", arguments);
        QCOMPARE(error.name(), "DataCloneError");
        QCOMPARE(error.message(), text);
        QCOMPARE(error.data()["path"].toString(), "args[0]");
        QCOMPARE(m_renderer->sendTo(m_webContents->id(), "c", arguments).name(), "DataCloneError");
        QCOMPARE(m_webContents->send("c", arguments).name(), "DataCloneError");
        std::unique_ptr<IpcReply> reply(m_renderer->invoke("c", arguments));
        QVERIFY(reply->waitForFinished(5000));
        QCOMPARE(reply->error().message(), text);
        // Without bytes beside it, such a map is plain JSON and goes.
        QVariantList got;
        m_ipcMain->on("plain", [&](IpcMainEvent &event, const QJsonArray &) { got = event.arguments(); });
        QVERIFY(m_renderer->send("plain", QVariantList{QVariantMap{{"$binary", 5}}}).isNull());
        QTRY_COMPARE(got, (QVariantList{QVariantMap{{"$binary", 5}}}));
        QVERIFY(m_webContents->isReady());
    }

    void buffersOnAKindWithoutArgumentsIsIgnored()
    {
        // PROTOCOL.md section 4: fields a type does not have are ignored; bytes are another matter.
        QCOMPARE(decodeProblem(FrameCodec::encode(QJsonObject{{"type", "cancel"}, {"id", 1}, {"buffers", QJsonArray{}}})),
                 QString());
    }

    void theFrameLimitStaysWithinTheLengthWord()
    {
        FrameCodec codec;
        codec.setMaxFrameSize(qsizetype(1) << 32);
        QCOMPARE(codec.maxFrameSize(), qsizetype(0x7fffffff));
    }

    void bytesCountTowardsTheFrameLimit()
    {
        m_renderer->setMaxFrameSize(1000);
        std::unique_ptr<IpcReply> reply(m_renderer->invoke("anything", QVariantList{QByteArray(2000, 'x')}));
        QVERIFY(reply->waitForFinished(5000));
        QCOMPARE(reply->error().name(), "RangeError");
        QVERIFY2(reply->error().message().contains("over the frame limit of 1000 bytes"),
                 qPrintable(reply->error().message()));
    }
};

QTEST_MAIN(tst_Binary)
#include "tst_binary.moc"
