#pragma once

#include <QByteArray>
#include <QJsonValue>
#include <QStringView>

#include <memory>

struct Message;

// Compact JSON written straight into a frame, byte for byte what
// QJsonDocument::toJson(QJsonDocument::Compact) writes, without building a QJsonObject for the
// message first and a QJsonDocument around it. The frames of the common kinds (send, sendTo,
// invoke, sendSync, result, cancel, and a MessagePort's messages) are the messages every pattern
// sends; building and then
// serialising their QJsonObject cost about a third of a round trip.
namespace JsonWriter {

// Strings, arrays and objects are written through Qt's CBOR writer (see CborToJson in the .cpp),
// which costs a QIODevice and a QCborStreamWriter to set up: about 0.3 us, a few percent of a
// small message's round trip. A caller that writes many messages (a connection) can keep one
// Workspace and pass it each time; without one, each call makes its own. One thread at a time.
class Workspace
{
public:
    Workspace();
    ~Workspace();
    Workspace(const Workspace &) = delete;
    Workspace &operator=(const Workspace &) = delete;

    class Private; // jsonwriter.cpp's own
    Private &data();

private:
    std::unique_ptr<Private> d;
};

// Appends value as JSON: numbers as Qt writes them (integers in full, other doubles in their
// shortest form, NaN and the infinities as null), strings in UTF-8 with Qt's escapes, object
// keys in QJsonObject's (sorted) order.
void writeValue(QByteArray &out, const QJsonValue &value, Workspace *workspace = nullptr);
void writeString(QByteArray &out, QStringView text);
// Copies to out the units from text on that need no escape and are one byte each in UTF-8
// (printable ASCII but '"' and '\\'), and returns how many. out must have room for size bytes
// (rounded up to a multiple of 8).
qsizetype copyPlainAscii(const char16_t *text, qsizetype size, char *out);
// The same for UTF-8: copies the bytes that need no escape ('"', '\\' and the control characters
// do), and returns how many; *unsure is set when one of them is a '?' (what QString::toUtf8()
// makes of a lone surrogate, where Qt's JSON writes an escape). out must have room for size bytes.
qsizetype copyPlainUtf8(const char *text, qsizetype size, char *out, bool *unsure);

// Appends message as a JSON object, the keys in the order Message::toJson()'s object would
// have them; traceStamp > 0 is written as "ts". False, with nothing appended, for the kinds
// left to Message::toJson() (handshake, pipes, routes, ports in transfer: rare, and never on a
// hot path).
bool writeMessage(QByteArray &out, const Message &message, qint64 traceStamp, Workspace *workspace = nullptr);

} // namespace JsonWriter
