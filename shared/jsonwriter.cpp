#include "jsonwriter.h"

#include "message.h"

#include <QCborValue>
#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>

#include <cmath>

#ifdef __SSE2__
#    include <emmintrin.h>
#endif

namespace {

char hexDigit(uint nibble)
{
    return char(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);
}

char *writeEscape(char *dst, char16_t unit)
{
    *dst++ = '\\';
    *dst++ = 'u';
    *dst++ = hexDigit(unit >> 12 & 0xf);
    *dst++ = hexDigit(unit >> 8 & 0xf);
    *dst++ = hexDigit(unit >> 4 & 0xf);
    *dst++ = hexDigit(unit & 0xf);
    return dst;
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

qsizetype copyPlainAscii(const char16_t *text, qsizetype size, char *out)
{
    qsizetype i = 0;
#ifdef __SSE2__
    // Eight units at a time: printable ASCII (0x20 to 0x7f) but '"' and '\\'. The eight bytes
    // are stored before they are checked: out has room for them.
    const __m128i flip = _mm_set1_epi16(short(0x8000)); // unsigned compares from signed ones
    const __m128i belowSpace = _mm_set1_epi16(short(0x20 ^ 0x8000));
    const __m128i aboveAscii = _mm_set1_epi16(short(0x7f ^ 0x8000));
    const __m128i quote = _mm_set1_epi16('"');
    const __m128i backslash = _mm_set1_epi16('\\');
    for (; i + 8 <= size; i += 8) {
        const __m128i units = _mm_loadu_si128(reinterpret_cast<const __m128i *>(text + i));
        const __m128i flipped = _mm_xor_si128(units, flip);
        const __m128i outside = _mm_or_si128(_mm_cmplt_epi16(flipped, belowSpace),
                                             _mm_cmpgt_epi16(flipped, aboveAscii));
        const __m128i special = _mm_or_si128(_mm_cmpeq_epi16(units, quote), _mm_cmpeq_epi16(units, backslash));
        const int mask = _mm_movemask_epi8(_mm_or_si128(outside, special));
        _mm_storel_epi64(reinterpret_cast<__m128i *>(out + i), _mm_packus_epi16(units, units));
        if (mask)
            return i + qCountTrailingZeroBits(uint(mask)) / 2;
    }
#endif
    for (; i < size; ++i) {
        const char16_t unit = text[i];
        if (unit < 0x20 || unit >= 0x80 || unit == u'"' || unit == u'\\')
            break;
        out[i] = char(unit);
    }
    return i;
}

void writeString(QByteArray &out, QStringView text)
{
    // Written in place: room for the plain case (one byte a unit) up front, and before each
    // stretch of at most `stretch` units room for its worst case (six bytes a unit, \u00XX),
    // so that the string is neither appended piece by piece nor copied by a growing buffer.
    constexpr qsizetype stretch = 4096;
    constexpr qsizetype worstPerUnit = 6;
    const qsizetype begin = out.size();
    const qsizetype room = text.size() + 2 + worstPerUnit * qMin(text.size(), stretch);
    // Grown by half at least: a frame of many short strings is not copied at every one of them.
    if (out.capacity() - begin < room)
        out.reserve(qMax(begin + room, out.capacity() + out.capacity() / 2));
    out.resize(begin + 1);
    out.data()[begin] = '"';
    const char16_t *p = text.utf16();
    const char16_t *const end = p + text.size();
    while (p != end) {
        const char16_t *const stop = p + qMin<qsizetype>(end - p, stretch);
        const qsizetype at = out.size();
        out.resize(at + worstPerUnit * (stop - p));
        char *dst = out.data() + at;
        while (p != stop) {
            const qsizetype plain = JsonWriter::copyPlainAscii(p, stop - p, dst);
            dst += plain;
            p += plain;
            if (p == stop)
                break;
            const char16_t unit = *p++;
            if (unit < 0x80) {
                *dst++ = '\\';
                switch (unit) {
                case u'"': *dst++ = '"'; break;
                case u'\\': *dst++ = '\\'; break;
                case u'\b': *dst++ = 'b'; break;
                case u'\f': *dst++ = 'f'; break;
                case u'\n': *dst++ = 'n'; break;
                case u'\r': *dst++ = 'r'; break;
                case u'\t': *dst++ = 't'; break;
                default: dst = writeEscape(dst - 1, unit); break;
                }
            } else if (unit < 0x800) {
                *dst++ = char(0xc0 | unit >> 6);
                *dst++ = char(0x80 | (unit & 0x3f));
            } else if (QChar::isHighSurrogate(unit) && p != end && QChar::isLowSurrogate(*p)) {
                // The pair may straddle the stretch's end: its second unit is read from beyond.
                const char32_t ucs = QChar::surrogateToUcs4(unit, *p++);
                *dst++ = char(0xf0 | ucs >> 18);
                *dst++ = char(0x80 | (ucs >> 12 & 0x3f));
                *dst++ = char(0x80 | (ucs >> 6 & 0x3f));
                *dst++ = char(0x80 | (ucs & 0x3f));
                if (p > stop)
                    break;
            } else if (QChar::isSurrogate(unit)) {
                dst = writeEscape(dst, unit); // a lone surrogate, as Qt writes it
            } else {
                *dst++ = char(0xe0 | unit >> 12);
                *dst++ = char(0x80 | (unit >> 6 & 0x3f));
                *dst++ = char(0x80 | (unit & 0x3f));
            }
        }
        out.resize(dst - out.constData());
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
        if (!m.port.ports.isEmpty() || m.port.ack != 0 || m.port.lost)
            return false; // Message::toJson() writes transfers, acknowledgements and losses
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
