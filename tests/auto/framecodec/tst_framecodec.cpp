#include "connection.h"
#include "framecodec.h"
#include "message.h"

#include <QBuffer>
#include <QJsonArray>
#include <QtEndian>
#include <QTest>

class tst_FrameCodec : public QObject
{
    Q_OBJECT

private:
    static QByteArray rawFrame(const QByteArray &body)
    {
        QByteArray frame(4, Qt::Uninitialized);
        qToBigEndian(quint32(body.size()), frame.data());
        return frame + body;
    }

private Q_SLOTS:
    void encodeWritesBigEndianLengthThenCompactJson()
    {
        const QByteArray frame = FrameCodec::encode({{"type", "send"}, {"channel", "my_channel"}});
        const QByteArray body = R"({"channel":"my_channel","type":"send"})";
        QCOMPARE(frame.size(), 4 + body.size());
        QCOMPARE(qFromBigEndian<quint32>(frame.constData()), quint32(body.size()));
        QCOMPARE(frame.mid(4), body);
    }

    void roundTripKeepsUnicodeAndNesting()
    {
        const QJsonObject object{{"args", QJsonArray{"来自主进程的反馈", QJsonObject{{"age", 23}}, 1.5, true}}};
        FrameCodec codec;
        codec.append(FrameCodec::encode(object));
        QJsonObject decoded;
        QCOMPARE(codec.next(&decoded), FrameCodec::Status::Frame);
        QCOMPARE(decoded, object);
        QCOMPARE(codec.next(&decoded), FrameCodec::Status::NeedMore);
        QCOMPARE(codec.pendingBytes(), 0);
    }

    void partialFramesByteByByte()
    {
        const QByteArray stream = FrameCodec::encode({{"n", 1}}) + FrameCodec::encode({{"n", 2}});
        FrameCodec codec;
        QList<int> seen;
        for (char byte : stream) {
            codec.append(QByteArray(1, byte));
            QJsonObject o;
            while (codec.next(&o) == FrameCodec::Status::Frame)
                seen.append(o.value("n").toInt());
        }
        QCOMPARE(seen, QList<int>({1, 2}));
    }

    void manyFramesInOneRead()
    {
        QByteArray stream;
        for (int i = 0; i < 10000; ++i)
            stream += FrameCodec::encode({{"n", i}});
        FrameCodec codec;
        codec.append(stream);
        QJsonObject o;
        int count = 0;
        while (codec.next(&o) == FrameCodec::Status::Frame) {
            QCOMPARE(o.value("n").toInt(), count);
            ++count;
        }
        QCOMPARE(count, 10000);
        QCOMPARE(codec.pendingBytes(), 0);
    }

    void largeFrameInManyChunks()
    {
        const QString big(8 * 1024 * 1024, QLatin1Char('x'));
        const QByteArray frame = FrameCodec::encode({{"big", big}});
        FrameCodec codec;
        QJsonObject o;
        for (qsizetype offset = 0; offset < frame.size(); offset += 65536) {
            QCOMPARE(codec.next(&o), FrameCodec::Status::NeedMore);
            codec.append(frame.mid(offset, 65536));
        }
        QCOMPARE(codec.next(&o), FrameCodec::Status::Frame);
        QCOMPARE(o.value("big").toString().size(), big.size());
    }

    void readFromDevice()
    {
        QByteArray data = FrameCodec::encode({{"a", 1}}) + FrameCodec::encode({{"b", 2}});
        QBuffer buffer(&data);
        QVERIFY(buffer.open(QIODevice::ReadOnly));
        FrameCodec codec;
        QCOMPARE(codec.readFrom(&buffer), data.size());
        QJsonObject o;
        QCOMPARE(codec.next(&o), FrameCodec::Status::Frame);
        QCOMPARE(o.value("a").toInt(), 1);
        QCOMPARE(codec.next(&o), FrameCodec::Status::Frame);
        QCOMPARE(o.value("b").toInt(), 2);
    }

    void errors_data()
    {
        QTest::addColumn<QByteArray>("stream");
        QTest::addColumn<qsizetype>("limit");
        QTest::addColumn<QString>("error");
        QTest::newRow("over the limit") << rawFrame(QByteArray(101, ' ')) << qsizetype(100)
                                        << "frame of 101 bytes exceeds the limit of 100 bytes";
        QByteArray huge(4, Qt::Uninitialized);
        qToBigEndian(quint32(0x7FFFFFFF), huge.data());
        QTest::newRow("2 GiB header") << huge << qsizetype(64 * 1024 * 1024)
                                      << "frame of 2147483647 bytes exceeds the limit of 67108864 bytes";
        // The top bit says attachments follow; the other 31 bits are still the length.
        QByteArray hugeWithAttachments(4, Qt::Uninitialized);
        qToBigEndian(quint32(0xFFFFFFFF), hugeWithAttachments.data());
        QTest::newRow("2 GiB header with attachments")
                << hugeWithAttachments << qsizetype(64 * 1024 * 1024)
                << "frame of 2147483647 bytes exceeds the limit of 67108864 bytes";
        QTest::newRow("not JSON") << rawFrame("{nope") << qsizetype(100)
                                  << "invalid JSON in a frame of 5 bytes";
        QTest::newRow("empty body") << rawFrame("") << qsizetype(100)
                                    << "invalid JSON in a frame of 0 bytes";
        QTest::newRow("array body") << rawFrame("[1,2]") << qsizetype(100)
                                    << "frame body is a JSON array, not an object";
        QTest::newRow("binary garbage") << rawFrame(QByteArray("\x00\xff\xfe", 3)) << qsizetype(100)
                                        << "invalid JSON in a frame of 3 bytes";
    }

    void errors()
    {
        QFETCH(QByteArray, stream);
        QFETCH(qsizetype, limit);
        QFETCH(QString, error);
        FrameCodec codec;
        codec.setMaxFrameSize(limit);
        codec.append(stream);
        QJsonObject o;
        QCOMPARE(codec.next(&o), FrameCodec::Status::Error);
        QVERIFY2(codec.errorString().startsWith(error), qPrintable(codec.errorString()));
        // A broken stream stays broken: no resynchronising on garbage.
        codec.append(FrameCodec::encode({{"ok", true}}));
        QCOMPARE(codec.next(&o), FrameCodec::Status::Error);
    }

    // The count that bounds a frame's parsing cost: every value and key once, whatever the
    // strings hold (brackets, commas, colons, escaped quotes and backslashes).
    void countJsonNodes_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<qsizetype>("nodes");
        QTest::newRow("empty object") << QByteArray("{}") << qsizetype(1);
        QTest::newRow("empty array, spaced") << QByteArray(" [ \n ] ") << qsizetype(1);
        QTest::newRow("scalar") << QByteArray("42") << qsizetype(1);
        QTest::newRow("array") << QByteArray("[1, 2, 3]") << qsizetype(4);
        QTest::newRow("object") << QByteArray("{\"a\":1,\"b\":[true,null]}") << qsizetype(7);
        QTest::newRow("nested empties") << QByteArray("[[],{},[[]]]") << qsizetype(5);
        QTest::newRow("punctuation in strings") << QByteArray("[\"[{,:}]\", \"a\\\"b,c\", \"d\\\\\"]") << qsizetype(4);
        QTest::newRow("a message") << QByteArray("{\"type\":\"send\",\"channel\":\"c\",\"args\":[1,{\"k\":\"v\"}]}") << qsizetype(11);
    }

    void countJsonNodes()
    {
        QFETCH(QByteArray, json);
        QFETCH(qsizetype, nodes);
        QCOMPARE(FrameCodec::countJsonNodes(json, 1000), nodes);
        QVERIFY(FrameCodec::countJsonNodes(json, nodes - 1) > nodes - 1); // stops past a lower limit
    }

    // A frame of more values and keys than Protocol::maxJsonNodesPerFrame is refused before it
    // is parsed; one at the limit is not.
    void tooManyNodes()
    {
        const auto array = [](qsizetype elements) {
            QByteArray json = "{\"a\":[";
            for (qsizetype i = 0; i < elements; ++i)
                json += i > 0 ? ",0" : "0";
            return json + "]}";
        };
        // The object, its key, the array: 3 nodes besides the elements.
        FrameCodec codec;
        QJsonObject o;
        codec.append(rawFrame(array(Protocol::maxJsonNodesPerFrame - 3)));
        QCOMPARE(codec.next(&o), FrameCodec::Status::Frame);
        const QByteArray over = array(Protocol::maxJsonNodesPerFrame - 2);
        codec.append(rawFrame(over));
        QCOMPARE(codec.next(&o), FrameCodec::Status::Error);
        QCOMPARE(codec.errorString(), QStringLiteral("frame of %1 bytes holds more than 250000 JSON values and keys, the limit")
                                              .arg(over.size()));
    }

    // The sender refuses what its peer would: a call with too many values fails at its call
    // site with a RangeError instead of getting the sender killed.
    void encodeRefusesTooManyNodes()
    {
        QJsonArray args;
        for (int i = 0; i < 249990; ++i)
            args.append(0);
        IpcError error;
        QVERIFY(Connection::encode(Message::send(QStringLiteral("c"), args), Protocol::defaultMaxFrameSize, &error).size() > 0);
        QVERIFY(error.isNull());
        for (int i = 0; i < 10; ++i)
            args.append(0);
        QCOMPARE(Connection::encode(Message::send(QStringLiteral("c"), args), Protocol::defaultMaxFrameSize, &error).size(), 0);
        QCOMPARE(error.name(), QStringLiteral("RangeError"));
        QCOMPARE(error.message(), QStringLiteral("A send message holds more than 250000 JSON values and keys, the limit for a frame"));
    }

    void goodFramesBeforeABadOneAreDecoded()
    {
        FrameCodec codec;
        codec.append(FrameCodec::encode({{"n", 1}}) + rawFrame("{bad"));
        QJsonObject o;
        QCOMPARE(codec.next(&o), FrameCodec::Status::Frame);
        QCOMPARE(codec.next(&o), FrameCodec::Status::Error);
    }

    void truncation_data()
    {
        QTest::addColumn<QByteArray>("stream");
        QTest::addColumn<QString>("error");
        QTest::newRow("in the header") << QByteArray("\x00\x00", 2)
                                       << "truncated frame: connection closed after 2 of 4 header bytes";
        QTest::newRow("in the body") << FrameCodec::encode({{"type", "send"}}).left(10)
                                     << "truncated frame: connection closed after 6 of 15 body bytes";
    }

    void truncation()
    {
        QFETCH(QByteArray, stream);
        QFETCH(QString, error);
        FrameCodec codec;
        codec.append(stream);
        QJsonObject o;
        QCOMPARE(codec.next(&o), FrameCodec::Status::NeedMore);
        QVERIFY(codec.pendingBytes() > 0);
        QCOMPARE(codec.truncationError(), error);
    }
};

QTEST_GUILESS_MAIN(tst_FrameCodec)
#include "tst_framecodec.moc"
