// Frames decoded on a worker thread (Connection's off-thread decoding of large frames): two
// Connections over a real local socket, one sending, one receiving, in this process.
#include "connection.h"
#include "framecodec.h"
#include "message.h"

#include <QJsonArray>
#include <QLocalServer>
#include <QLocalSocket>
#include <QPointer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QtEndian>

class tst_OffThread : public QObject
{
    Q_OBJECT

private:
    // A connected pair: *sender writes, *receiver reads (each owns its socket).
    struct Pair
    {
        QPointer<Connection> sender;
        QPointer<Connection> receiver;
        QList<Message> received;
        QString protocolError;
        bool disconnected = false;
        int disconnectedAfter = -1; // messages received when disconnected() came
        ~Pair()
        {
            delete sender;
            delete receiver;
        }
    };

    bool connectPair(Pair *pair, qsizetype threshold)
    {
        QLocalServer server;
        if (!server.listen(m_dir.filePath(QStringLiteral("s%1").arg(m_next++))))
            return false;
        auto *client = new QLocalSocket;
        client->connectToServer(server.fullServerName());
        if (!server.waitForNewConnection(5000) || !client->waitForConnected(5000)) {
            delete client;
            return false;
        }
        pair->sender = new Connection(client);
        pair->receiver = new Connection(server.nextPendingConnection());
        pair->receiver->setOffThreadDecodeSize(threshold);
        connect(pair->receiver, &Connection::messageReceived, this,
                [pair](const Message &message) { pair->received.append(message); });
        connect(pair->receiver, &Connection::protocolError, this,
                [pair](const QString &reason) { pair->protocolError = reason; });
        connect(pair->receiver, &Connection::disconnected, this, [pair] {
            pair->disconnected = true;
            pair->disconnectedAfter = int(pair->received.size());
        });
        return true;
    }

    static QByteArray rawFrame(const QByteArray &json)
    {
        QByteArray frame(4, Qt::Uninitialized);
        qToBigEndian(quint32(json.size()), frame.data());
        return frame + json;
    }

    // A send on "ch" whose arguments are n and a string of `bytes` characters.
    static Message numbered(int n, qsizetype bytes)
    {
        return Message::send(QStringLiteral("ch"), {n, QString(bytes, QLatin1Char(char('a' + n % 26)))});
    }

    // A send of n and an object of 120,000 keys (just under the node limit): milliseconds to
    // decode, written as raw JSON straight to the sender's socket.
    static void sendHeavy(Pair *pair, int n)
    {
        QByteArray json = R"({"type":"send","channel":"ch","args":[)" + QByteArray::number(n) + ",{";
        for (int i = 0; i < 120000; ++i)
            json += (i > 0 ? ",\"k" : "\"k") + QByteArray::number(i) + "\":0";
        json += "}]}";
        QLocalSocket *socket = pair->sender->findChild<QLocalSocket *>();
        socket->write(rawFrame(json));
        socket->flush();
    }

    // Spins the event loop without sleeping (QTRY_* waits 50 ms between looks, longer than a
    // decode) until the receiver hands a frame to a worker.
    template<typename Condition>
    static bool spinUntil(Condition condition)
    {
        QDeadlineTimer deadline(30000);
        while (!condition() && !deadline.hasExpired())
            QCoreApplication::processEvents();
        return condition();
    }
    static bool waitUntilDecoding(Connection *connection)
    {
        return spinUntil([connection] { return connection->isDecodingOffThread(); });
    }

    // Frame n of framesArriveInWireOrder: small, a 100 KiB string (large, cheap to decode), an
    // object of 6,000 keys (large and dear), a 5 MiB string (dear by its size); some with an
    // attachment.
    enum class Kind { Small, LongString, ManyKeys, Huge };
    static Kind kindOf(int n)
    {
        return n % 50 == 7 ? Kind::Huge : n % 10 == 3 ? Kind::ManyKeys : n % 3 == 0 ? Kind::LongString : Kind::Small;
    }
    static QJsonArray argumentsOf(int n)
    {
        switch (kindOf(n)) {
        case Kind::Small:
            return {n, QStringLiteral("small")};
        case Kind::LongString:
            return {n, QString(100 * 1024, QLatin1Char(char('a' + n % 26)))};
        case Kind::Huge:
            return {n, QString(5 * 1024 * 1024, QLatin1Char(char('a' + n % 26)))};
        case Kind::ManyKeys:
            break;
        }
        QJsonObject object;
        for (int i = 0; i < 6000; ++i)
            object.insert(QStringLiteral("key%1").arg(i, 5, 10, QLatin1Char('0')), i + n);
        return {n, object};
    }

    QTemporaryDir m_dir;
    int m_next = 0;

private Q_SLOTS:
    void framesArriveInWireOrder_data()
    {
        QTest::addColumn<qsizetype>("threshold");
        QTest::newRow("large frames off the thread (64 KiB)") << qsizetype(64 * 1024);
        QTest::newRow("every frame off the thread") << qsizetype(0);
        QTest::newRow("none off the thread") << qsizetype(-1);
    }

    // Small and large frames, cheap and dear, some with attachments, interleaved: every one once,
    // in order, whichever thread decoded it; to a worker exactly the dear ones (all of them at a
    // threshold of 0, none at -1).
    void framesArriveInWireOrder()
    {
        QFETCH(qsizetype, threshold);
        Pair pair;
        QVERIFY(connectPair(&pair, threshold));
        const qint64 offThreadBefore = Connection::framesDecodedOffThread();
        constexpr int count = 200;
        int dear = 0;
        for (int n = 0; n < count; ++n) {
            Message message = Message::send(QStringLiteral("ch"), argumentsOf(n));
            if (n % 7 == 0)
                message.buffers = {QByteArray((n + 1) * 100, char(n))};
            if (kindOf(n) == Kind::ManyKeys || kindOf(n) == Kind::Huge)
                ++dear;
            QVERIFY(pair.sender->send(message));
        }
        QTRY_COMPARE_WITH_TIMEOUT(pair.received.size(), qsizetype(count), 60000);
        for (int n = 0; n < count; ++n) {
            const Message &message = pair.received.at(n);
            QCOMPARE(message.args, argumentsOf(n));
            QCOMPARE(message.buffers.size(), n % 7 == 0 ? 1 : 0);
        }
        const qint64 offThread = Connection::framesDecodedOffThread() - offThreadBefore;
        QCOMPARE(offThread, threshold < 0 ? 0 : threshold == 0 ? count : dear);
        QVERIFY(pair.protocolError.isEmpty());
    }

    // A large frame that is not JSON fails the connection with the parser's reason, after the
    // frames before it and before its end is announced; nothing after it is delivered.
    void aBadLargeFrameFailsAfterTheGoodOnes()
    {
        Pair pair;
        QVERIFY(connectPair(&pair, 64 * 1024));
        QVERIFY(pair.sender->send(numbered(0, 10)));
        QVERIFY(pair.sender->send(numbered(1, 200 * 1024)));
        // Dear (8,000 keys in 80 KB), so decoded by a worker, and cut short.
        QByteArray bad = R"({"type":"send","channel":"ch","args":[{)";
        for (int i = 0; i < 8000; ++i)
            bad += "\"k" + QByteArray::number(i) + "\":0,";
        QString expected;
        QJsonObject unused;
        QVERIFY(!FrameCodec::parseJson(bad, &unused, &expected));
        const qint64 offThreadBefore = Connection::framesDecodedOffThread();
        QLocalSocket *socket = pair.sender->findChild<QLocalSocket *>();
        QVERIFY(socket);
        socket->flush(); // the sends above go out first
        QCOMPARE(socket->write(rawFrame(bad)), qint64(bad.size() + 4));
        QVERIFY(pair.sender->send(numbered(2, 10)));
        QTRY_VERIFY_WITH_TIMEOUT(pair.disconnected, 30000);
        QCOMPARE(pair.received.size(), 2);
        QCOMPARE(pair.received.at(1).args.at(1).toString().size(), 200 * 1024);
        QCOMPARE(pair.protocolError, expected);
        QVERIFY(expected.startsWith(QStringLiteral("invalid JSON in a frame of %1 bytes: ").arg(bad.size())));
        QCOMPARE(Connection::framesDecodedOffThread(), offThreadBefore + 1);
        QCOMPARE(pair.disconnectedAfter, 2);
    }

    // The peer closes right after a large frame: the frame is delivered, then disconnected().
    void theEndWaitsForTheLargeFrame()
    {
        Pair pair;
        QVERIFY(connectPair(&pair, 64 * 1024));
        QVERIFY(pair.sender->send(numbered(0, 4 * 1024 * 1024)));
        QVERIFY(pair.sender->send(numbered(1, 10)));
        pair.sender->close(); // after what was written, which goes out as the receiver reads
        QTRY_VERIFY_WITH_TIMEOUT(pair.disconnected, 30000);
        QCOMPARE(pair.received.size(), 2);
        QCOMPARE(pair.disconnectedAfter, 2);
        QVERIFY(pair.protocolError.isEmpty());
    }

    // sendSync's wait (waitForResult()) while a large frame before the answer is decoding: the
    // answer is found, and the large frame is still delivered, first, from the event loop.
    void aWaitFindsTheAnswerBehindALargeFrame()
    {
        Pair pair;
        QVERIFY(connectPair(&pair, 64 * 1024));
        sendHeavy(&pair, 0);
        QVERIFY(waitUntilDecoding(pair.receiver));
        QVERIFY(pair.sender->send(Message::result(42, QJsonValue(QStringLiteral("answer")))));
        QVERIFY(pair.sender->send(numbered(1, 10)));
        pair.sender->findChild<QLocalSocket *>()->flush(); // this thread is about to block
        // The answer waits in the receiving socket's buffer, read but not announced again.
        QLocalSocket *receiving = pair.receiver->findChild<QLocalSocket *>();
        QVERIFY(spinUntil([receiving] { return receiving->bytesAvailable() > 0; }));
        QVERIFY(pair.receiver->isDecodingOffThread() || pair.received.size() == 1);
        // The answer is there already: the wait must find it, not run out its deadline (and
        // then find it on the last look).
        const QDeadlineTimer deadline(10000);
        const std::optional<Message> answer = pair.receiver->waitForResult(42, deadline);
        QVERIFY(answer);
        QVERIFY(!deadline.hasExpired());
        QCOMPARE(answer->kind, MessageKind::Result);
        QCOMPARE(answer->value.toString(), QStringLiteral("answer"));
        QVERIFY(pair.received.isEmpty()); // held back while waiting, delivered afterwards
        QTRY_COMPARE_WITH_TIMEOUT(pair.received.size(), qsizetype(2), 30000);
        QCOMPARE(pair.received.at(0).args.at(0).toInt(), 0);
        QCOMPARE(pair.received.at(1).args.at(0).toInt(), 1);
    }

    // A connection deleted while a worker decodes its frame: the result goes nowhere (run it
    // under the sanitizers to see that nothing touches the deleted connection).
    void deletedWhileDecoding()
    {
        Pair pair;
        QVERIFY(connectPair(&pair, 64 * 1024));
        const qint64 before = Connection::framesDecodedOffThread();
        sendHeavy(&pair, 0);
        QVERIFY(waitUntilDecoding(pair.receiver));
        delete pair.receiver;
        QTRY_COMPARE_WITH_TIMEOUT(Connection::framesDecodedOffThread(), before + 1, 30000);
        QTest::qWait(50); // a stray queued call would run here
        QVERIFY(pair.received.isEmpty());
    }
};

QTEST_GUILESS_MAIN(tst_OffThread)
#include "tst_offthread.moc"
