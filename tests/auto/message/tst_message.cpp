#include "ipcerror.h"
#include "jsonreader.h"
#include "jsonwriter.h"
#include "message.h"
#include "messagetrace.h"

#include <QJsonDocument>
#include <QTest>

#include <limits>

namespace {
// "args[1] is nan": where a DataCloneError's data says the bad value is, and what it is.
QString where(const IpcError &error)
{
    return error.data()["path"].toString() + " is " + error.data()["value"].toString();
}
} // namespace

class tst_Message : public QObject
{
    Q_OBJECT

private:
    static QJsonObject json(const char *text) { return QJsonDocument::fromJson(text).object(); }

    // A long string with what needs care sprinkled at every offset of the 8- and 16-wide blocks
    // the writer and reader scan, and across the writer's 4096-unit stretches: escapes, control
    // characters, DEL, 2- and 3-byte UTF-8, surrogate pairs (one across a stretch's end) and, if
    // asked, lone surrogates.
    // moc misreads a backslash-u in a raw string literal: these texts write % for a backslash.
    static QByteArray withBackslashes(const char *text) { return QByteArray(text).replace('%', '\\'); }
    static QString pair(char32_t ucs) { return QString::fromUcs4(&ucs, 1); }
    static QString longText(qsizetype size, bool loneSurrogates)
    {
        const QString specials[] = {QStringLiteral("\""), QStringLiteral("\\"), QStringLiteral("/"),
                                    QStringLiteral("\n"), QStringLiteral("\t"), QString(QChar(0x01)),
                                    QString(QChar(0x1f)), QString(QChar(0x7f)), QString(QChar(0xe9)),
                                    QString(QChar(0x6765)), QString(QChar(0x0800)), QString(QChar(0xffff)),
                                    pair(0x1f600), QString(QChar(0))};
        QString text;
        text.reserve(size + 64);
        qsizetype next = 0;
        int which = 0;
        while (text.size() < size) {
            if (text.size() == 4095) {
                text += pair(0x1f680); // units 4095 and 4096
                continue;
            }
            if (text.size() == next) {
                text += specials[which++ % std::size(specials)];
                if (loneSurrogates && which % 5 == 0)
                    text += QChar(which % 2 ? 0xd800 : 0xdc00);
                next = text.size() + which % 19; // 0 to 18 plain characters in between
                continue;
            }
            text += QChar(char16_t('a' + text.size() % 26));
        }
        return text;
    }
    static QByteArray invokeText(const QString &argument)
    {
        return QJsonDocument(Message::request(MessageKind::Invoke, 3, QStringLiteral("c"), {argument}).toJson())
                .toJson(QJsonDocument::Compact);
    }

private Q_SLOTS:
    void validMessagesRoundTrip_data()
    {
        QTest::addColumn<QJsonObject>("object");
        QTest::newRow("hello") << json(R"({"type":"hello","version":1,"rendererId":2,"token":"ab"})");
        QTest::newRow("welcome") << json(R"({"type":"welcome","version":1,"rendererId":2})");
        QTest::newRow("refuse") << json(R"({"type":"refuse","reason":"no"})");
        QTest::newRow("send") << json(R"({"type":"send","channel":"my_channel","args":["my_data"]})");
        QTest::newRow("send with sender")
                << json(R"({"type":"send","channel":"ping","args":["someThing"],"senderId":1})");
        QTest::newRow("sendTo") << json(R"({"type":"sendTo","to":2,"channel":"ping","args":[]})");
        QTest::newRow("invoke") << json(R"({"type":"invoke","id":7,"channel":"c","args":[{"a":[1]}]})");
        QTest::newRow("sendSync") << json(R"({"type":"sendSync","id":8,"channel":"c","args":[]})");
        QTest::newRow("result value") << json(R"({"type":"result","id":7,"value":"replay"})");
        QTest::newRow("result null") << json(R"({"type":"result","id":7,"value":null})");
        QTest::newRow("result error")
                << json(R"({"type":"result","id":7,"error":{"name":"RangeError","message":"m","data":{"x":1}}})");
        QTest::newRow("cancel") << json(R"({"type":"cancel","id":9})");
        QTest::newRow("error") << json(R"({"type":"error","error":{"name":"Error","message":"m"}})");
        // The tracing fields (PROTOCOL.md section 4).
        QTest::newRow("send with trace stamp")
                << json(R"({"type":"send","channel":"c","args":[],"ts":123456789012})");
        QTest::newRow("result with its request's channel")
                << json(R"({"type":"result","id":7,"channel":"my_channel","value":"replay","ts":5})");
    }

    void validMessagesRoundTrip()
    {
        QFETCH(QJsonObject, object);
        Message message;
        QString problem;
        QVERIFY2(Message::fromJson(object, &message, &problem), qPrintable(problem));
        QCOMPARE(message.toJson(), object);
    }

    void argsDefaultToEmpty()
    {
        Message message;
        QString problem;
        QVERIFY(Message::fromJson(json(R"({"type":"send","channel":"c"})"), &message, &problem));
        QVERIFY(message.args.isEmpty());
    }

    void invalidMessages_data()
    {
        QTest::addColumn<QJsonObject>("object");
        QTest::addColumn<QString>("problem");
        QTest::newRow("no type") << json(R"({"channel":"c"})") << "field 'type' must be a string";
        QTest::newRow("numeric type") << json(R"({"type":3})") << "field 'type' must be a string";
        QTest::newRow("unknown type") << json(R"({"type":"launchMissiles"})")
                                      << "unknown message type 'launchMissiles'";
        QTest::newRow("channel not a string") << json(R"({"type":"send","channel":5})")
                                              << "send message: field 'channel' must be a non-empty string";
        QTest::newRow("empty channel") << json(R"({"type":"send","channel":""})")
                                       << "send message: field 'channel' must be a non-empty string";
        QTest::newRow("args not an array") << json(R"({"type":"send","channel":"c","args":"x"})")
                                           << "send message: field 'args' must be an array";
        QTest::newRow("id missing") << json(R"({"type":"invoke","channel":"c"})")
                                    << "invoke message: missing field 'id'";
        QTest::newRow("id zero") << json(R"({"type":"invoke","id":0,"channel":"c"})")
                                 << "invoke message: field 'id' must be an integer >= 1";
        QTest::newRow("id fractional") << json(R"({"type":"sendSync","id":1.5,"channel":"c"})")
                                       << "sendSync message: field 'id' must be an integer >= 1";
        QTest::newRow("id a string") << json(R"({"type":"cancel","id":"1"})")
                                     << "cancel message: field 'id' must be an integer >= 1";
        QTest::newRow("result without outcome") << json(R"({"type":"result","id":1})")
                                                << "result message: a result needs 'value' or 'error'";
        QTest::newRow("error without message") << json(R"({"type":"result","id":1,"error":{"name":"E"}})")
                                               << "result message: field 'error' must be an object with string 'name' and 'message'";
        QTest::newRow("hello token number") << json(R"({"type":"hello","version":1,"rendererId":1,"token":5})")
                                            << "hello message: field 'token' must be a string";
        QTest::newRow("sendTo main") << json(R"({"type":"sendTo","to":0,"channel":"c"})")
                                     << "sendTo message: field 'to' must be an integer from 1 to 2147483647";
        QTest::newRow("sendTo id overflowing int") << json(R"({"type":"sendTo","to":4294967298,"channel":"c"})")
                                                   << "sendTo message: field 'to' must be an integer from 1 to 2147483647";
        QTest::newRow("version overflowing int")
                << json(R"({"type":"hello","version":4294967297,"rendererId":1,"token":"t"})")
                << "hello message: field 'version' must be an integer from 0 to 2147483647";
        QTest::newRow("negative senderId") << json(R"({"type":"send","channel":"c","senderId":-1})")
                                           << "send message: field 'senderId' must be an integer from 0 to 2147483647";
        QTest::newRow("trace stamp a string") << json(R"({"type":"cancel","id":1,"ts":"now"})")
                                              << "cancel message: field 'ts' must be an integer >= 0";
        QTest::newRow("negative trace stamp") << json(R"({"type":"send","channel":"c","ts":-5})")
                                              << "send message: field 'ts' must be an integer >= 0";
        // Found by fuzz_message: a peerAt beyond int used to wrap into another renderer's id.
        QTest::newRow("port peerAt overflowing int")
                << json(R"({"type":"send","channel":"c","ports":[{"id":1,"peer":1,"peerAt":4294967298,"sendSeq":1,"recvSeq":1}]})")
                << "send message: field 'peerAt' must be an integer from -1 to 2147483647";
        QTest::newRow("result channel a number") << json(R"({"type":"result","id":1,"channel":3,"value":1})")
                                                 << "result message: field 'channel' must be a string";
    }

    // What the message log calls each message, as its receiver sees it.
    void traceDescribesEachMessage_data()
    {
        QTest::addColumn<QJsonObject>("object");
        QTest::addColumn<int>("from");
        QTest::addColumn<QString>("pattern");
        QTest::addColumn<QString>("channel");
        QTest::addColumn<QJsonValue>("payload");
        QTest::newRow("send to main") << json(R"({"type":"send","channel":"c","args":[1]})") << 2 << "send" << "c"
                                      << QJsonValue(QJsonArray{1});
        QTest::newRow("webContents.send") << json(R"({"type":"send","channel":"c","args":[]})") << 0
                                          << "webContents.send" << "c" << QJsonValue(QJsonArray{});
        QTest::newRow("sendTo delivered") << json(R"({"type":"send","channel":"c","args":[],"senderId":3})") << 0
                                          << "sendTo" << "c" << QJsonValue(QJsonArray{});
        QTest::newRow("sendTo to main") << json(R"({"type":"sendTo","to":3,"channel":"c","args":[]})") << 2
                                        << "sendTo" << "c" << QJsonValue(QJsonArray{});
        QTest::newRow("result") << json(R"({"type":"result","id":1,"channel":"c","value":"v"})") << 0 << "result"
                                << "c" << QJsonValue("v");
        QTest::newRow("result error")
                << json(R"({"type":"result","id":1,"channel":"c","error":{"name":"E","message":"m"}})") << 0
                << "result error" << "c" << QJsonValue(QJsonObject{{"name", "E"}, {"message", "m"}});
        QTest::newRow("cancel") << json(R"({"type":"cancel","id":4})") << 2 << "cancel" << "" << QJsonValue(QJsonObject{{"id", 4}});
        QTest::newRow("lab plumbing") << json(R"({"type":"invoke","id":1,"channel":"ipclab:perform","args":[]})") << 0
                                      << "" << "" << QJsonValue();
        QTest::newRow("answer to lab plumbing")
                << json(R"({"type":"result","id":1,"channel":"ipclab:perform","value":[]})") << 2 << "" << "" << QJsonValue();
        QTest::newRow("shared object")
                << json(R"({"type":"sendSync","id":1,"channel":"ipclab:global-get:sharedObject","args":[]})") << 2
                << "sendSync" << "ipclab:global-get:sharedObject" << QJsonValue(QJsonArray{});
        QTest::newRow("handshake") << json(R"({"type":"welcome","version":1,"rendererId":2})") << 0 << "" << ""
                                   << QJsonValue();
    }

    void traceDescribesEachMessage()
    {
        QFETCH(QJsonObject, object);
        QFETCH(int, from);
        QFETCH(QString, pattern);
        QFETCH(QString, channel);
        QFETCH(QJsonValue, payload);
        Message message;
        QString problem;
        QVERIFY2(Message::fromJson(object, &message, &problem), qPrintable(problem));
        const TraceRecord record = MessageTrace::describe(message, from, from ? 0 : 2);
        QCOMPARE(record.pattern, pattern);
        if (pattern.isEmpty())
            return;
        QCOMPARE(record.channel, channel);
        QCOMPARE(record.payload, payload);
    }

    void invalidMessages()
    {
        QFETCH(QJsonObject, object);
        QFETCH(QString, problem);
        Message message;
        QString actual;
        QVERIFY(!Message::fromJson(object, &message, &actual));
        QCOMPARE(actual, problem);
    }

    void cloneable_data()
    {
        QTest::addColumn<QJsonArray>("args");
        QTest::addColumn<QString>("message"); // where the bad value is, and what it is
        QTest::newRow("plain values") << QJsonArray{"s", 1, 2.5, true, QJsonValue::Null, QJsonObject{{"a", QJsonArray{1}}}}
                                      << QString();
        QTest::newRow("NaN") << QJsonArray{1, std::numeric_limits<double>::quiet_NaN()}
                             << "args[1] is nan";
        QTest::newRow("infinity deep")
                << QJsonArray{QJsonObject{{"a", QJsonArray{0, std::numeric_limits<double>::infinity()}}}}
                << "args[0].a[1] is inf";
        const double nan = std::numeric_limits<double>::quiet_NaN();
        const double inf = std::numeric_limits<double>::infinity();
        QTest::newRow("object in an object")
                << QJsonArray{true, QJsonObject{{"x", QJsonObject{{"y", -inf}}}}}
                << "args[1].x.y is -inf";
        QTest::newRow("array in an array")
                << QJsonArray{QJsonArray{1, QJsonArray{2, 3, nan}}}
                << "args[0][1][2] is nan";
        // The first bad value is named: arguments in order, an object's keys in Qt's sorted order.
        QTest::newRow("first of several")
                << QJsonArray{QJsonObject{{"b", nan}, {"a", inf}}, nan}
                << "args[0].a is inf";
        // No row for undefined: Qt's JSON containers cannot hold it (they store null), so it
        // can only travel as null, as JSON.stringify() writes it inside arrays.
    }

    void cloneable()
    {
        QFETCH(QJsonArray, args);
        QFETCH(QString, message);
        const IpcError error = checkCloneable(args);
        if (message.isEmpty()) {
            QVERIFY2(error.isNull(), qPrintable(error.toString()));
        } else {
            // Electron's text, word for word; the details ride in the error's data.
            QCOMPARE(error.name(), "DataCloneError");
            QCOMPARE(error.message(), "An object could not be cloned.");
            QCOMPARE(where(error), message);
        }
    }

    void writerWritesWhatQtWrites_data()
    {
        QTest::addColumn<QByteArray>("text"); // a message as JSON text, parsed as Qt parses it
        QTest::newRow("send") << QByteArray(R"({"type":"send","channel":"my_channel","args":["my_data"]})");
        QTest::newRow("send, sender, stamp")
                << QByteArray(R"({"type":"send","channel":"c","args":[1,-2,0],"senderId":3,"ts":123456789012})");
        QTest::newRow("numbers")
                << QByteArray(R"({"type":"invoke","id":9007199254740993,"channel":"n","args":[0.1,-0.0,1e300,)"
                              R"(1.5e-7,9007199254740993,-9223372036854775808,2.5,1e17,100,3.0]})");
        QTest::newRow("strings") << QByteArray(
                "{\"type\":\"sendSync\",\"id\":1,\"channel\":\"\u6765\u81ea\",\"args\":[\"a\\\"b\\\\c\\/d\","
                "\"\\b\\f\\n\\r\\t\\u0001\\u001f\u007f\",\"\\ud83d\\ude00 \u00e9 \u0800\",\"\\ud800 lone\",\"\\udc00\"]}");
        QTest::newRow("nested") << QByteArray(
                R"({"type":"sendTo","to":2,"channel":"c","args":[{"z":1,"a":[true,false,null,{}],"m":{"k":[]}},[]]})");
        QTest::newRow("no args") << QByteArray(R"({"type":"invoke","id":4,"channel":"c"})");
        QTest::newRow("result value") << QByteArray(R"({"type":"result","id":7,"value":{"x":[1,"y"]}})");
        QTest::newRow("result null") << QByteArray(R"({"type":"result","id":7,"value":null})");
        QTest::newRow("result error with data and channel") << QByteArray(
                R"({"type":"result","id":7,"channel":"ch","error":{"name":"RangeError","message":"m","data":{"x":1}},"ts":5})");
        QTest::newRow("cancel") << QByteArray(R"({"type":"cancel","id":9,"ts":1})");
        QTest::newRow("port message") << QByteArray(R"({"type":"portMessage","port":4294967297,"seq":3,"data":["x",{"a":null}]})");
        QTest::newRow("port message without data") << QByteArray(R"({"type":"portMessage","port":7,"seq":1})");
        QTest::newRow("port close") << QByteArray(R"({"type":"portMessage","port":7,"seq":0,"close":true,"data":1})");
        QTest::newRow("long string, all kinds of characters") << invokeText(longText(20000, true));
        QTest::newRow("long plain string") << invokeText(QString(100000, QLatin1Char('x')));
        QTest::newRow("string of 4096 units ending in a pair's first half")
                << invokeText(QString(4095, QLatin1Char('y')) + QChar(0xd83d));
        for (int size = 0; size <= 17; ++size) // every tail the 8-wide blocks leave
            QTest::addRow("short string of %d", size) << invokeText(longText(size, true));
    }

    void writerWritesWhatQtWrites()
    {
        QFETCH(QByteArray, text);
        QJsonParseError error;
        const QJsonObject object = QJsonDocument::fromJson(text, &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        Message message;
        QString problem;
        QVERIFY2(Message::fromJson(object, &message, &problem), qPrintable(problem));
        QByteArray written;
        QVERIFY(JsonWriter::writeMessage(written, message, message.sentAt));
        QCOMPARE(written, QJsonDocument(message.toJson()).toJson(QJsonDocument::Compact));
    }

    // Strings as code makes them (not only as Qt's parser does): standalone values, in arrays and
    // in objects; the writer reads them where QJsonValue keeps them (ASCII as bytes, the rest as
    // UTF-16) and must write what QJsonDocument writes, lone surrogates and '?' included.
    void writerWritesStringsAsQtDoes_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("question marks") << QStringLiteral("??a?b?");
        QTest::newRow("question mark and a lone surrogate") << QStringLiteral("a?") + QChar(0xd800) + QStringLiteral("b");
        QTest::newRow("lone low surrogate only") << QString(QChar(0xdc00));
        QTest::newRow("non-ASCII and a question mark") << QStringLiteral("\u00e9?\u6765");
        QTest::newRow("non-ASCII and a lone surrogate") << QStringLiteral("\u00e9") + QChar(0xdbff);
        QTest::newRow("U+FFFD") << QStringLiteral("a\ufffdb");
        QTest::newRow("surrogate pairs") << pair(0x1f600) + QStringLiteral("x") + pair(0x10ffff);
        QTest::newRow("every control character") << [] {
            QString text;
            for (char16_t c = 0; c < 0x20; ++c)
                text += QChar(c) + QStringLiteral("a");
            return text;
        }();
        QTest::newRow("long, all kinds of characters") << longText(20000, false);
        QTest::newRow("long, lone surrogates too") << longText(20000, true);
        // Escapes and multi-byte characters where the writer's 4096-byte stretches end.
        for (const qsizetype plain : {4094, 4095, 4096, 4097}) {
            QTest::addRow("escape after %lld plain bytes", qint64(plain))
                    << QString(plain, QLatin1Char('x')) + QStringLiteral("\n\"\\") + QString(5000, QLatin1Char('y'));
            QTest::addRow("multi-byte character after %lld plain bytes", qint64(plain))
                    << QString(plain, QLatin1Char('x')) + QStringLiteral("\u00e9\u6765") + pair(0x1f600)
                               + QString(100, QLatin1Char('y'));
        }
        QTest::newRow("1 MiB with an escape every 4093 bytes") << [] {
            QString text(1 << 20, QLatin1Char('z'));
            for (qsizetype i = 4092; i < text.size(); i += 4093)
                text[i] = QLatin1Char(i % 2 ? '\t' : '"');
            return text;
        }();
        for (int size = 0; size <= 33; ++size) { // every place in and after a 16-byte block
            QTest::addRow("string of %d", size) << longText(size, false);
            QTest::addRow("string of %d, lone surrogates", size) << longText(size, true);
        }
    }

    void writerWritesStringsAsQtDoes()
    {
        QFETCH(QString, text);
        Message result = Message::result(5, QJsonValue(text));
        Message invoke = Message::request(MessageKind::Invoke, 6, QStringLiteral("c"),
                                          {text, QJsonObject{{QStringLiteral("k"), text}}, QJsonArray{1, text},
                                           QJsonObject{{QStringLiteral("a"), QJsonArray{text, 2}}, {text, text}, {QStringLiteral("z"), 3}}});
        Message port;
        port.kind = MessageKind::PortMessage;
        port.port.port = 2;
        port.port.seq = 1;
        port.port.data = text;
        JsonWriter::Workspace workspace; // kept from message to message, as a connection keeps one
        for (const Message &message : {result, invoke, port, invoke, result}) {
            QByteArray written;
            QVERIFY(JsonWriter::writeMessage(written, message, 0));
            const QByteArray expected = QJsonDocument(message.toJson()).toJson(QJsonDocument::Compact);
            QCOMPARE(written, expected);
            QByteArray again;
            QVERIFY(JsonWriter::writeMessage(again, message, 0, &workspace));
            QCOMPARE(again, expected);
            // Read back by the reader (where it takes them), the arguments are what Qt reads, and
            // written again they are the same bytes.
            Message read;
            if (JsonReader::readMessage(expected, &read)) {
                const QJsonObject object = QJsonDocument::fromJson(expected).object();
                Message parsed;
                QString problem;
                QVERIFY2(Message::fromJson(object, &parsed, &problem), qPrintable(problem));
                QCOMPARE(read.args, parsed.args);
                QCOMPARE(read.value, parsed.value);
                QCOMPARE(read.port.data, parsed.port.data);
                QByteArray rewritten;
                QVERIFY(JsonWriter::writeMessage(rewritten, read, 0, &workspace));
                QCOMPARE(rewritten, expected);
            }
        }
    }

    void readArgumentsAreOrdinaryArrays()
    {
        // The reader makes its argument list itself: it must behave as any QJsonArray does.
        Message read;
        QVERIFY(JsonReader::readMessage(R"({"args":["abc",[1,"x"],{"k":"v"},"\u00e9",7,true,null],"channel":"c","type":"send"})",
                                        &read));
        QCOMPARE(read.args.size(), 7);
        QCOMPARE(read.args.at(0).toString(), QStringLiteral("abc"));
        QCOMPARE(read.args.at(1).toArray(), (QJsonArray{1, QStringLiteral("x")}));
        QCOMPARE(read.args.at(2).toObject().value(QStringLiteral("k")).toString(), QStringLiteral("v"));
        QCOMPARE(read.args.at(3).toString(), QStringLiteral("\u00e9"));
        QCOMPARE(read.args.at(4).toInteger(), 7);
        QCOMPARE(read.args.at(5), QJsonValue(true));
        QVERIFY(read.args.at(6).isNull());
        const QJsonArray before = read.args;
        read.args[0] = QStringLiteral("changed");
        read.args.append(QStringLiteral("more"));
        QCOMPARE(before.at(0).toString(), QStringLiteral("abc")); // a copy detaches
        QCOMPARE(before.size(), 7);
        QCOMPARE(read.args.at(0).toString(), QStringLiteral("changed"));
        QCOMPARE(read.args.last().toString(), QStringLiteral("more"));
        QCOMPARE(QJsonDocument(read.args).toJson(QJsonDocument::Compact),
                 QByteArray("[\"changed\",[1,\"x\"],{\"k\":\"v\"},\"\xc3\xa9\",7,true,null,\"more\"]"));
    }

    void writerLeavesTheRareKindsToQt()
    {
        Message hello;
        hello.kind = MessageKind::Hello;
        QByteArray written;
        QVERIFY(!JsonWriter::writeMessage(written, hello, 0));
        Message ports = Message::send("c", {});
        ports.ports.append(PortRecord());
        QVERIFY(!JsonWriter::writeMessage(written, ports, 0));
        QVERIFY(written.isEmpty());
    }

    void readerReadsWhatFromJsonReads_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<bool>("fast"); // whether JsonReader takes it, or leaves it to Qt
        QTest::newRow("send") << QByteArray(R"({"args":["my_data"],"channel":"my_channel","type":"send"})") << true;
        QTest::newRow("send, sender, stamp, spaces")
                << QByteArray(R"( { "args" : [1, {"b":[true,null]}] , "channel":"c", "senderId":3, "ts":12, "type":"send" } )")
                << true;
        QTest::newRow("sendTo") << QByteArray(R"({"args":[],"channel":"c","to":2,"type":"sendTo"})") << true;
        QTest::newRow("invoke, keys in any order")
                << QByteArray(R"({"type":"invoke","id":7,"channel":"c","args":["x"]})") << true;
        QTest::newRow("sendSync, no args") << QByteArray(R"({"channel":"c","id":8,"type":"sendSync"})") << true;
        QTest::newRow("result string") << QByteArray(R"({"id":7,"type":"result","value":"replay"})") << true;
        QTest::newRow("result object") << QByteArray(R"({"channel":"ch","id":7,"ts":5,"type":"result","value":{"a":[1]}})") << true;
        QTest::newRow("result literals") << QByteArray(R"({"id":7,"type":"result","value":false})") << true;
        QTest::newRow("result null") << QByteArray(R"({"id":7,"type":"result","value":null})") << true;
        QTest::newRow("result integer") << QByteArray(R"({"id":7,"type":"result","value":-42})") << true;
        QTest::newRow("cancel") << QByteArray(R"({"id":9,"type":"cancel"})") << true;
        QTest::newRow("port message") << QByteArray(R"({"data":{"n":1},"port":4294967297,"seq":3,"type":"portMessage"})") << true;
        QTest::newRow("port message, no data") << QByteArray(R"({"port":4294967297,"seq":3,"type":"portMessage"})") << true;
        QTest::newRow("port close") << QByteArray(R"({"close":true,"port":4294967297,"seq":0,"ts":4,"type":"portMessage"})") << true;
        QTest::newRow("port message with ports") << QByteArray(R"({"data":1,"port":5,"ports":[],"seq":3,"type":"portMessage"})") << false;
        QTest::newRow("port close not a boolean") << QByteArray(R"({"close":1,"port":5,"seq":3,"type":"portMessage"})") << false;
        // Left to Qt, which reads them the same way or refuses them with its own words.
        QTest::newRow("escape in the channel") << QByteArray(R"({"args":[],"channel":"a\nb","type":"send"})") << false;
        QTest::newRow("non-ASCII channel") << QByteArray("{\"channel\":\"\xe6\x9d\xa5\",\"type\":\"send\"}") << false;
        QTest::newRow("decimal result") << QByteArray(R"({"id":7,"type":"result","value":2.5})") << false;
        QTest::newRow("id 1.0") << QByteArray(R"({"channel":"c","id":1.0,"type":"invoke"})") << false;
        QTest::newRow("a key it ignores") << QByteArray(R"({"channel":"c","extra":1,"type":"send"})") << false;
        QTest::newRow("result error") << QByteArray(R"({"error":{"message":"m","name":"E"},"id":7,"type":"result"})") << false;
        QTest::newRow("ports") << QByteArray(R"({"channel":"c","ports":[],"type":"send"})") << false;
        QTest::newRow("hello") << QByteArray(R"({"rendererId":1,"token":"t","type":"hello","version":2})") << false;
        // Strings in the arguments and a result's value are read here, escapes and UTF-8 included.
        QTest::newRow("long string, all kinds of characters") << invokeText(longText(20000, false)) << true;
        QTest::newRow("long plain string") << invokeText(QString(100000, QLatin1Char('x'))) << true;
        for (int size = 0; size <= 33; ++size) // every place in and after a 16-byte block
            QTest::addRow("string of %d", size) << invokeText(longText(size, false)) << true;
        QTest::newRow("escapes Qt does not write")
                << withBackslashes(R"({"args":["%u00e9%u6765%uD83D%uDE00%/%u0000 %u0041"],"channel":"c","id":1,"type":"invoke"})")
                << true;
        QTest::newRow("result with escapes")
                << QByteArray("{\"id\":7,\"type\":\"result\",\"value\":\"a\\nb \xe6\x9d\xa5 \\ud83d\\ude00\"}") << true;
        QTest::newRow("mixed arguments") << QByteArray("{\"args\":[\"a\\\"b\",[1,\"x\"],{\"k\":\"\\u00e9\"},-3,true,null],\"channel\":\"c\",\"type\":\"send\"}")
                                         << true;
        QTest::newRow("a fraction among the arguments")
                << QByteArray(R"({"args":["x",1.5],"channel":"c","type":"send"})") << true;
        // Decoded by Qt's parser (the whole argument list then goes to it): a lone surrogate has no
        // UTF-8, a U+FFFD is how the reader tells invalid UTF-8, and Qt takes a raw control
        // character, an unknown escape and a high surrogate without its low half.
        QTest::newRow("lone surrogate escape") << invokeText(longText(300, true)) << true;
        QTest::newRow("lone low surrogate escape") << withBackslashes(R"({"args":["%udc00"],"channel":"c","type":"send"})") << true;
        QTest::newRow("U+FFFD") << QByteArray("{\"args\":[\"\xef\xbf\xbd\"],\"channel\":\"c\",\"type\":\"send\"}") << true;
        QTest::newRow("U+FFFD escaped") << withBackslashes(R"({"args":["%ufffd"],"channel":"c","type":"send"})") << true;
        QTest::newRow("raw control character")
                << QByteArray("{\"args\":[\"" + QByteArray(20, 'a') + "\n\"],\"channel\":\"c\",\"type\":\"send\"}") << true;
        QTest::newRow("unknown escape") << withBackslashes(R"({"args":["a%x"],"channel":"c","type":"send"})") << true;
        QTest::newRow("high surrogate, then not a low one")
                << withBackslashes(R"({"args":["%ud83d%u0041"],"channel":"c","type":"send"})") << true;
    }

    void readerReadsWhatFromJsonReads()
    {
        QFETCH(QByteArray, text);
        QFETCH(bool, fast);
        Message read;
        QCOMPARE(JsonReader::readMessage(text, &read), fast);
        QJsonParseError error;
        const QJsonObject object = QJsonDocument::fromJson(text, &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        Message parsed;
        QString problem;
        QVERIFY2(Message::fromJson(object, &parsed, &problem), qPrintable(problem));
        if (fast)
            QCOMPARE(read.toJson(), parsed.toJson());
    }

    void readerLeavesWhatIsWrongToQt_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("empty channel") << QByteArray(R"({"channel":"","type":"send"})");
        QTest::newRow("id 0") << QByteArray(R"({"channel":"c","id":0,"type":"invoke"})");
        QTest::newRow("no id") << QByteArray(R"({"channel":"c","type":"invoke"})");
        QTest::newRow("to out of range") << QByteArray(R"({"channel":"c","to":2147483648,"type":"sendTo"})");
        QTest::newRow("args not an array") << QByteArray(R"({"args":{},"channel":"c","type":"send"})");
        QTest::newRow("args broken") << QByteArray(R"({"args":[1,],"channel":"c","type":"send"})");
        QTest::newRow("key twice") << QByteArray(R"({"channel":"c","channel":"d","type":"send"})");
        QTest::newRow("trailing garbage") << QByteArray(R"({"channel":"c","type":"send"} x)");
        QTest::newRow("unknown type") << QByteArray(R"({"channel":"c","type":"shout"})");
        QTest::newRow("leading zero") << QByteArray(R"({"id":07,"type":"cancel"})");
        QTest::newRow("minus zero stamp") << QByteArray(R"({"id":7,"ts":-0,"type":"cancel"})");
        QTest::newRow("result without value") << QByteArray(R"({"id":7,"type":"result"})");
        QTest::newRow("cut short") << QByteArray("{\"args\":[\"x");
        QTest::newRow("invalid UTF-8") << QByteArray("{\"args\":[\"a\xff b\"],\"channel\":\"c\",\"type\":\"send\"}");
        QTest::newRow("overlong UTF-8") << QByteArray("{\"args\":[\"\xc0\xaf\"],\"channel\":\"c\",\"type\":\"send\"}");
        QTest::newRow("UTF-8 surrogate") << QByteArray("{\"args\":[\"\xed\xa0\x80\"],\"channel\":\"c\",\"type\":\"send\"}");
        QTest::newRow("UTF-8 cut short")
                << QByteArray("{\"args\":[\"" + QByteArray(40, 'a') + "\xe6\x9d\"],\"channel\":\"c\",\"type\":\"send\"}");
        QTest::newRow("bad u escape") << withBackslashes(R"({"args":["%u12g4"],"channel":"c","type":"send"})");
        QTest::newRow("u escape cut short") << withBackslashes(R"({"args":["%u12"],"channel":"c","type":"send"})");
        QTest::newRow("string not closed") << QByteArray("{\"args\":[\"" + QByteArray(100, 'a'));
        QTest::newRow("escape not closed") << QByteArray("{\"args\":[\"abc\\");
    }

    void readerLeavesWhatIsWrongToQt()
    {
        QFETCH(QByteArray, text);
        Message read;
        QVERIFY(!JsonReader::readMessage(text, &read));
    }

    // checkCloneableValue() names a single value (a handler's result) as the only argument, with
    // the same texts as checkCloneable() on a one-element array, for every row above.
    void cloneableValue_data() { cloneable_data(); }

    void cloneableValue()
    {
        QFETCH(QJsonArray, args);
        QFETCH(QString, message);
        // The value that makes the row fail, or any value of a row that passes.
        QJsonValue value = args.first();
        for (const QJsonValue &arg : std::as_const(args)) {
            if (!checkCloneable(QJsonArray{arg}).isNull()) {
                value = arg;
                break;
            }
        }
        const IpcError expected = checkCloneable(QJsonArray{value});
        const IpcError error = checkCloneableValue(value);
        QCOMPARE(error.name(), expected.name());
        QCOMPARE(error.message(), expected.message());
        QCOMPARE(error.data(), expected.data());
        if (!message.isEmpty())
            QVERIFY(where(error).startsWith("args[0]"));
    }

    void cloneableValueLetsUndefinedThroughAsNull()
    {
        // As the one-element array it replaces did: that array held undefined as null.
        QVERIFY(checkCloneable(QJsonArray{QJsonValue(QJsonValue::Undefined)}).isNull());
        QVERIFY(checkCloneableValue(QJsonValue(QJsonValue::Undefined)).isNull());
        QVERIFY(checkCloneableValue(QJsonValue::Null).isNull());
        QCOMPARE(where(checkCloneableValue(std::numeric_limits<double>::infinity())), "args[0] is inf");
        const QJsonObject nested{{"k", QJsonArray{std::numeric_limits<double>::quiet_NaN()}}};
        QCOMPARE(where(checkCloneableValue(nested)), "args[0].k[0] is nan");
    }

    void invokeFailedUsesElectronsText()
    {
        const IpcError cause("RangeError", "too big", QJsonObject{{"limit", 3}});
        const IpcError error = IpcError::invokeFailed("ch", cause);
        QCOMPARE(error.message(), "Error invoking remote method 'ch': RangeError: too big");
        QCOMPARE(error.name(), "RangeError");
        QCOMPARE(error.data(), QJsonValue(QJsonObject{{"limit", 3}}));
    }
};

QTEST_GUILESS_MAIN(tst_Message)
#include "tst_message.moc"
