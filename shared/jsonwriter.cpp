#include "jsonwriter.h"

#include "message.h"

#include <QCborValue>
#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>

#include <cmath>

namespace {

char hexDigit(uint nibble)
{
    return char(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);
}

void writeEscape(QByteArray &out, char16_t unit)
{
    const char escape[6] = {'\\', 'u', hexDigit(unit >> 12 & 0xf), hexDigit(unit >> 8 & 0xf),
                            hexDigit(unit >> 4 & 0xf), hexDigit(unit & 0xf)};
    out.append(escape, 6);
}

void writeInteger(QByteArray &out, qint64 n)
{
    char digits[24];
    char *end = digits + sizeof digits;
    char *p = end;
    quint64 magnitude = n < 0 ? 0 - quint64(n) : quint64(n);
    do {
        *--p = char('0' + magnitude % 10);
        magnitude /= 10;
    } while (magnitude);
    if (n < 0)
        *--p = '-';
    out.append(p, end - p);
}

void writeNumber(QByteArray &out, const QJsonValue &value)
{
    // QJsonValue says Double for both; Qt's writer prints what it holds as an integer in full
    // and a double in its shortest form, and so does this.
    const QCborValue held = QCborValue::fromJsonValue(value);
    if (held.isInteger())
        return writeInteger(out, held.toInteger());
    const double d = value.toDouble();
    if (std::isfinite(d))
        out.append(QByteArray::number(d, 'g', QLocale::FloatingPointShortest));
    else
        out.append("null", 4);
}

void writeKey(QByteArray &out, const char *quotedKeyAndColon)
{
    out.append(quotedKeyAndColon);
}

void writeArgs(QByteArray &out, const QJsonArray &args)
{
    out.append('[');
    bool first = true;
    for (const QJsonValue &value : args) {
        if (!first)
            out.append(',');
        first = false;
        JsonWriter::writeValue(out, value);
    }
    out.append(']');
}

void writeBuffers(QByteArray &out, const QList<QByteArray> &buffers)
{
    if (buffers.isEmpty())
        return;
    writeKey(out, "\"buffers\":[");
    for (qsizetype i = 0; i < buffers.size(); ++i) {
        if (i)
            out.append(',');
        writeInteger(out, buffers.at(i).size());
    }
    out.append("],", 2);
}

void writeStringField(QByteArray &out, const char *quotedKeyAndColon, const QString &text)
{
    writeKey(out, quotedKeyAndColon);
    JsonWriter::writeString(out, text);
    out.append(',');
}

void writeIntegerField(QByteArray &out, const char *quotedKeyAndColon, qint64 n)
{
    writeKey(out, quotedKeyAndColon);
    writeInteger(out, n);
    out.append(',');
}

// How send, sendTo, invoke and sendSync begin: {"args":[...],"buffers":[...],"channel":"...",
void writeCallStart(QByteArray &out, const Message &m)
{
    out.append('{');
    writeKey(out, "\"args\":");
    writeArgs(out, m.args);
    out.append(',');
    writeBuffers(out, m.buffers);
    writeStringField(out, "\"channel\":", m.channel);
}

// "ts" sorts before "type", which every message ends with (but a result's "value").
void writeStampAndType(QByteArray &out, qint64 traceStamp, const char *type)
{
    if (traceStamp > 0)
        writeIntegerField(out, "\"ts\":", traceStamp);
    writeKey(out, "\"type\":\"");
    out.append(type);
    out.append('"');
}

} // namespace

namespace JsonWriter {

void writeString(QByteArray &out, QStringView text)
{
    out.reserve(out.size() + text.size() + 2);
    out.append('"');
    const char16_t *p = text.utf16();
    const char16_t *const end = p + text.size();
    while (p != end) {
        // Plain ASCII runs go in one append.
        const char16_t *run = p;
        while (p != end && *p < 0x80 && *p >= 0x20 && *p != u'"' && *p != u'\\')
            ++p;
        if (p != run) {
            const qsizetype n = p - run;
            const qsizetype at = out.size();
            out.resize(at + n);
            char *dst = out.data() + at;
            for (qsizetype i = 0; i < n; ++i)
                dst[i] = char(run[i]);
        }
        if (p == end)
            break;
        const char16_t unit = *p++;
        if (unit < 0x80) {
            switch (unit) {
            case u'"': out.append("\\\"", 2); break;
            case u'\\': out.append("\\\\", 2); break;
            case u'\b': out.append("\\b", 2); break;
            case u'\f': out.append("\\f", 2); break;
            case u'\n': out.append("\\n", 2); break;
            case u'\r': out.append("\\r", 2); break;
            case u'\t': out.append("\\t", 2); break;
            default: writeEscape(out, unit); break;
            }
        } else if (unit < 0x800) {
            const char bytes[2] = {char(0xc0 | unit >> 6), char(0x80 | (unit & 0x3f))};
            out.append(bytes, 2);
        } else if (QChar::isHighSurrogate(unit) && p != end && QChar::isLowSurrogate(*p)) {
            const char32_t ucs = QChar::surrogateToUcs4(unit, *p++);
            const char bytes[4] = {char(0xf0 | ucs >> 18), char(0x80 | (ucs >> 12 & 0x3f)),
                                   char(0x80 | (ucs >> 6 & 0x3f)), char(0x80 | (ucs & 0x3f))};
            out.append(bytes, 4);
        } else if (QChar::isSurrogate(unit)) {
            writeEscape(out, unit); // a lone surrogate, as Qt writes it
        } else {
            const char bytes[3] = {char(0xe0 | unit >> 12), char(0x80 | (unit >> 6 & 0x3f)),
                                   char(0x80 | (unit & 0x3f))};
            out.append(bytes, 3);
        }
    }
    out.append('"');
}

void writeValue(QByteArray &out, const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Bool:
        if (value.toBool())
            out.append("true", 4);
        else
            out.append("false", 5);
        return;
    case QJsonValue::Double:
        return writeNumber(out, value);
    case QJsonValue::String:
        return writeString(out, value.toString());
    case QJsonValue::Array:
        return writeArgs(out, value.toArray());
    case QJsonValue::Object: {
        const QJsonObject object = value.toObject();
        out.append('{');
        bool first = true;
        for (auto it = object.begin(), end = object.end(); it != end; ++it) {
            if (!first)
                out.append(',');
            first = false;
            writeString(out, it.key());
            out.append(':');
            writeValue(out, it.value());
        }
        out.append('}');
        return;
    }
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        out.append("null", 4);
        return;
    }
}

bool writeMessage(QByteArray &out, const Message &m, qint64 traceStamp)
{
    // Keys in the order of Message::toJson()'s QJsonObject, which keeps them sorted.
    switch (m.kind) {
    case MessageKind::Send:
        if (m.posted || !m.ports.isEmpty())
            return false;
        writeCallStart(out, m);
        if (m.peer)
            writeIntegerField(out, "\"senderId\":", m.peer);
        writeStampAndType(out, traceStamp, "send");
        break;
    case MessageKind::SendTo:
        writeCallStart(out, m);
        writeIntegerField(out, "\"to\":", m.peer);
        writeStampAndType(out, traceStamp, "sendTo");
        break;
    case MessageKind::Invoke:
    case MessageKind::SendSync:
        writeCallStart(out, m);
        writeIntegerField(out, "\"id\":", m.id);
        writeStampAndType(out, traceStamp, m.kind == MessageKind::Invoke ? "invoke" : "sendSync");
        break;
    case MessageKind::Result:
        out.append('{');
        writeBuffers(out, m.buffers);
        if (!m.channel.isEmpty())
            writeStringField(out, "\"channel\":", m.channel);
        if (!m.error.isNull()) {
            writeKey(out, "\"error\":");
            writeValue(out, m.error.toJson());
            out.append(',');
        }
        writeIntegerField(out, "\"id\":", m.id);
        writeStampAndType(out, traceStamp, "result");
        if (m.error.isNull()) {
            writeKey(out, ",\"value\":");
            writeValue(out, m.value);
        }
        break;
    case MessageKind::PortMessage:
        if (!m.port.ports.isEmpty())
            return false;
        out.append('{');
        if (m.port.close) {
            writeKey(out, "\"close\":true,");
        } else {
            writeKey(out, "\"data\":");
            writeValue(out, m.port.data);
            out.append(',');
        }
        writeIntegerField(out, "\"port\":", m.port.port);
        writeIntegerField(out, "\"seq\":", qint64(m.port.seq));
        writeStampAndType(out, traceStamp, "portMessage");
        break;
    case MessageKind::Cancel:
        out.append('{');
        writeIntegerField(out, "\"id\":", m.id);
        writeStampAndType(out, traceStamp, "cancel");
        break;
    default:
        return false;
    }
    out.append('}');
    return true;
}

} // namespace JsonWriter
