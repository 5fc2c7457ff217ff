#include "fuzzchecks.h"

#include "framecodec.h"
#include "jsonreader.h"
#include "jsonwriter.h"
#include "message.h"
#include "portmessage.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cstdio>
#include <cstdlib>
#include <limits>

namespace {

bool strict()
{
    static const bool on = qEnvironmentVariableIntValue("IPCLAB_FUZZ_STRICT") != 0;
    return on;
}

QByteArray compact(const QJsonValue &value)
{
    if (value.isObject())
        return QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
    // A bare value prints as the only element of an array.
    return QJsonDocument(QJsonArray {value}).toJson(QJsonDocument::Compact);
}

void print(const char *label, const QJsonValue &value)
{
    const QByteArray text = compact(value);
    std::fprintf(stderr, "  %s: %.*s\n", label, int(qMin<qsizetype>(text.size(), 4000)),
                 text.constData());
}

#define FUZZ_CHECK_JSON(condition, what, input, first, second) \
    do { \
        if (!(condition)) { \
            print("input", input); \
            print("first", first); \
            print("second", second); \
            fuzzFailure(what, __FILE__, __LINE__); \
        } \
    } while (false)

bool sameNumber(const QJsonValue &a, const QJsonValue &b)
{
    constexpr qint64 none = std::numeric_limits<qint64>::min();
    const qint64 x = a.toInteger(none);
    const qint64 y = b.toInteger(none);
    if (x != none || y != none)
        return x == y;
    return a.toDouble() == b.toDouble();
}

// True when every field toJson() wrote back that the input also had holds the input's value.
// Fields the input lacked are defaults (args [], data null) and not compared; an error's empty
// name becomes "Error" on purpose (IpcError's constructor).
bool keptFields(const QJsonValue &input, const QJsonValue &output, const QString &key,
                QString *where)
{
    if (input.isObject() && output.isObject()) {
        const QJsonObject in = input.toObject();
        const QJsonObject out = output.toObject();
        for (auto it = out.begin(); it != out.end(); ++it) {
            if (in.contains(it.key())
                && !keptFields(in.value(it.key()), it.value(), it.key(), where)) {
                where->prepend(QLatin1Char('.') + it.key());
                return false;
            }
        }
        return true;
    }
    if (input.isArray() && output.isArray()) {
        const QJsonArray in = input.toArray();
        const QJsonArray out = output.toArray();
        if (in.size() != out.size()) {
            *where = QStringLiteral(" (size %1 became %2)").arg(in.size()).arg(out.size());
            return false;
        }
        for (qsizetype i = 0; i < in.size(); ++i) {
            if (!keptFields(in.at(i), out.at(i), QString(), where)) {
                where->prepend(QStringLiteral("[%1]").arg(i));
                return false;
            }
        }
        return true;
    }
    if (input.isDouble() && output.isDouble())
        return sameNumber(input, output);
    if (key == QLatin1String("name") && input.toString().isEmpty()
        && output.toString() == QLatin1String("Error"))
        return true;
    return input == output;
}

void checkKept(const QJsonValue &input, const QJsonValue &output)
{
    if (!strict())
        return;
    QString where;
    if (!keptFields(input, output, QString(), &where)) {
        std::fprintf(stderr, "  field: %s\n", qPrintable(where));
        print("input", input);
        print("toJson", output);
        fuzzFailure("toJson() changed a field the input had", __FILE__, __LINE__);
    }
}

// What a peer receives when this object (with these attachments) is framed and sent: the codec
// must hand back an equal object and the same bytes, in a frame of the size encode() made.
QJsonObject overTheWire(const QJsonObject &object, const QList<QByteArray> &buffers,
                        QByteArray *attachments)
{
    const QByteArray frame = FrameCodec::encode(object, buffers);
    FUZZ_CHECK(frame.size() >= Protocol::headerSize, "encode() wrote no header");
    FrameCodec codec;
    codec.append(frame);
    QJsonObject decoded;
    FUZZ_CHECK(codec.next(&decoded, attachments) == FrameCodec::Status::Frame,
               "a frame encode() made does not decode");
    FUZZ_CHECK(*attachments == buffers.join(), "the attachments changed on the wire");
    FUZZ_CHECK(codec.lastFrameSize() == frame.size(), "lastFrameSize() is not the encoded size");
    FUZZ_CHECK(codec.pendingBytes() == 0, "bytes left after the only frame");
    QJsonObject none;
    FUZZ_CHECK(codec.next(&none) == FrameCodec::Status::NeedMore, "a second frame out of one");
    return decoded;
}

} // namespace

void fuzzFailure(const char *what, const char *file, int line)
{
    std::fprintf(stderr, "fuzz check failed: %s (%s:%d)\n", what, file, line);
    std::fflush(stderr);
    std::abort();
}

void checkMessage(const QJsonObject &object, const QByteArray &attachments)
{
    Message first;
    QString error;
    if (!Message::fromJson(object, &first, &error, attachments)) {
        FUZZ_CHECK(!error.isEmpty(), "fromJson() refused a message without saying why");
        return;
    }
    FUZZ_CHECK(Message::kindName(first.kind) == object.value(QLatin1String("type")).toString(),
               "kindName() is not the type that was read");
    // Parsed JSON text holds neither undefined nor NaN nor infinities.
    FUZZ_CHECK(checkCloneable(first.args).isNull(), "args read from JSON are not cloneable");
    FUZZ_CHECK(first.buffers.join() == attachments, "the buffers are not the attachments");

    const QJsonObject once = first.toJson();
    checkKept(object, once);

    // Connection writes the common kinds with JsonWriter: byte for byte what Qt would write.
    QByteArray written;
    if (JsonWriter::writeMessage(written, first, first.sentAt))
        FUZZ_CHECK_JSON(written == compact(once), "JsonWriter does not write what Qt writes", object,
                        once, QJsonValue(QString::fromUtf8(written)));

    Message second;
    FUZZ_CHECK_JSON(Message::fromJson(once, &second, &error, attachments),
                    "fromJson() refuses toJson()'s output", object, once, QJsonValue(error));
    const QJsonObject twice = second.toJson();
    FUZZ_CHECK_JSON(once == twice, "toJson() -> fromJson() -> toJson() is not stable", object, once,
                    twice);
    FUZZ_CHECK_JSON(compact(once) == compact(twice), "the compact text of toJson() is not stable",
                    object, once, twice);

    QByteArray receivedAttachments;
    const QJsonObject received = overTheWire(once, first.buffers, &receivedAttachments);
    Message third;
    FUZZ_CHECK_JSON(Message::fromJson(received, &third, &error, receivedAttachments),
                    "a valid message is refused after a trip through the frame codec", object, once,
                    received);
    FUZZ_CHECK_JSON(third.toJson() == once, "a message changes on a trip through the frame codec",
                    object, once, third.toJson());
    FUZZ_CHECK(third.buffers == first.buffers, "the buffers change on a trip through the frame codec");
}

void checkFastReader(const QByteArray &text, const QJsonDocument &document)
{
    Message fast;
    if (!JsonReader::readMessage(text, &fast))
        return;
    FUZZ_CHECK(document.isObject(), "JsonReader read a frame Qt's parser refuses");
    Message slow;
    QString error;
    FUZZ_CHECK_JSON(Message::fromJson(document.object(), &slow, &error),
                    "JsonReader read a message Message::fromJson() refuses", document.object(),
                    fast.toJson(), QJsonValue(error));
    FUZZ_CHECK_JSON(compact(fast.toJson()) == compact(slow.toJson()),
                    "JsonReader and Message::fromJson() read different messages", document.object(),
                    fast.toJson(), slow.toJson());
}

void checkPortMessage(const QJsonObject &object)
{
    PortMessage first;
    QString error;
    if (!PortMessage::fromJson(object, &first, &error)) {
        FUZZ_CHECK(!error.isEmpty(), "PortMessage::fromJson() refused without saying why");
        return;
    }
    const QJsonObject once = first.toJson();
    checkKept(object, once);
    PortMessage second;
    FUZZ_CHECK_JSON(PortMessage::fromJson(once, &second, &error),
                    "PortMessage::fromJson() refuses toJson()'s output", object, once,
                    QJsonValue(error));
    FUZZ_CHECK_JSON(second.toJson() == once, "PortMessage round trip is not stable", object, once,
                    second.toJson());
}

void checkPortRecord(const QJsonValue &value)
{
    PortRecord first;
    QString error;
    if (!PortRecord::fromJson(value, &first, &error)) {
        FUZZ_CHECK(!error.isEmpty(), "PortRecord::fromJson() refused without saying why");
        return;
    }
    const QJsonObject once = first.toJson();
    checkKept(value, once);
    PortRecord second;
    FUZZ_CHECK_JSON(PortRecord::fromJson(once, &second, &error),
                    "PortRecord::fromJson() refuses toJson()'s output", value, once,
                    QJsonValue(error));
    FUZZ_CHECK_JSON(second.toJson() == once, "PortRecord round trip is not stable", value, once,
                    second.toJson());
}
