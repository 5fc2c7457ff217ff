#include "jsonwriter.h"

#include "message.h"
#include "protocol.h"

#include <QCborArray>
#include <QCborMap>
#include <QCborStreamWriter>
#include <QCborValue>
#include <QIODevice>
#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>
#include <QVarLengthArray>
#include <QFloat16>
#include <QtEndian>

#include <cmath>
#include <cstring>
#include <limits>
#include <optional>
#include <type_traits>

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

// Writes n at dst, which has room for 20 bytes, and returns the end.
char *writeInteger(char *dst, qint64 n)
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
    memcpy(dst, p, size_t(end - p));
    return dst + (end - p);
}

void writeInteger(QByteArray &out, qint64 n)
{
    char digits[24];
    out.append(digits, writeInteger(digits, n) - digits);
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

// A QJsonValue is a QCborValue and nothing else (Qt 6 keeps the two binary compatible), and a
// standard-layout class is pointer-interconvertible with its first member: this is the value
// QJsonValue holds, read in place.
const QCborValue &heldCbor(const QJsonValue &value)
{
    static_assert(std::is_standard_layout_v<QJsonValue> && sizeof(QJsonValue) == sizeof(QCborValue));
    return *reinterpret_cast<const QCborValue *>(&value);
}

// UTF-8 is escaped a stretch at a time, with room for the stretch's worst case (\u00XX for
// every byte) made before it.
constexpr qsizetype escapeStretch = 4096;
constexpr qsizetype worstPerByte = 6;

// Writes size bytes of UTF-8 at dst escaped as JsonWriter::writeString() escapes them, and returns
// the end; dst has room for worstPerByte * size bytes. *unsure is set on a '?'.
char *escapeUtf8(const char *text, qsizetype size, char *dst, bool *unsure)
{
    const char *p = text;
    const char *const end = text + size;
    while (p != end) {
        const qsizetype plain = JsonWriter::copyPlainUtf8(p, end - p, dst, unsure);
        dst += plain;
        p += plain;
        if (p == end)
            break;
        const char c = *p++;
        *dst++ = '\\';
        switch (c) {
        case '"': *dst++ = '"'; break;
        case '\\': *dst++ = '\\'; break;
        case '\b': *dst++ = 'b'; break;
        case '\f': *dst++ = 'f'; break;
        case '\n': *dst++ = 'n'; break;
        case '\r': *dst++ = 'r'; break;
        case '\t': *dst++ = 't'; break;
        default: dst = writeEscape(dst - 1, char16_t(uchar(c))); break;
        }
    }
    return dst;
}

// JSON written from the CBOR that QCborValue::toCbor() hands over, piece by piece, as it walks
// the value's storage: strings, keys and all. Through QJsonValue, each string would be widened to
// UTF-16 by toString() (an ASCII one is kept as its bytes) for writeString() to narrow again, a
// buffer twice its size for every large string and an allocation for every small one and every
// key, and each element of an array or object made a QJsonValue of its own first.
//
// One thing does not carry over: QString::toUtf8() writes a lone surrogate as '?', where Qt's
// JSON writes an escape. So every string with a '?' in it is noted with where it lies in the
// value, and checked afterwards (see ValueWriter::writeCbor()).
class CborToJson : public QIODevice
{
public:
    CborToJson() { open(QIODevice::WriteOnly | QIODevice::Unbuffered); }

    struct Question
    {
        qsizetype begin; // the string in out, quotes included
        qsizetype end;
        QVarLengthArray<qint64, 8> path; // per level: index * 2, + 1 for an object's key
    };

    void begin(QByteArray *out)
    {
        m_out = out;
        m_at = m_out->data() + m_out->size();
        m_limit = m_at;
        m_levels.clear();
        m_questions.clear();
        m_headSize = 0;
        m_stringLeft = -1;
        m_failed = false;
        m_complete = false;
    }
    // Whether one whole value came, all of it something JSON has. Either way, out is then cut to
    // what was written.
    bool finish()
    {
        m_out->resize(m_at - m_out->constData());
        return m_complete && !m_failed;
    }
    const QList<Question> &questions() const { return m_questions; }

protected:
    qint64 readData(char *, qint64) override { return -1; }
    qint64 writeData(const char *data, qint64 size) override;

private:
    struct Level
    {
        bool object;
        quint64 items; // an object's keys and values
        quint64 done;
    };

    // Room for bytes more at m_at: out is grown ahead (by half at least) and cut in finish(), so
    // that each piece is written through a pointer rather than appended.
    void room(qsizetype bytes)
    {
        if (m_limit - m_at >= bytes)
            return;
        const qsizetype used = m_at - m_out->constData();
        const qsizetype size = qMax(used + bytes, m_out->size() + m_out->size() / 2 + 256);
        m_out->reserve(size);
        m_out->resize(size);
        m_at = m_out->data() + used;
        m_limit = m_out->data() + m_out->size();
    }
    void put(char c)
    {
        room(1);
        *m_at++ = c;
    }
    void put(const char *bytes, qsizetype size)
    {
        room(size);
        memcpy(m_at, bytes, size_t(size));
        m_at += size;
    }
    qsizetype offset() const { return m_at - m_out->constData(); }
    void putDouble(double d)
    {
        if (std::isfinite(d)) {
            const QByteArray digits = QByteArray::number(d, 'g', QLocale::FloatingPointShortest);
            put(digits.constData(), digits.size());
        } else {
            put("null", 4);
        }
    }

    void head(uchar initial, quint64 argument);
    void beforeItem();
    void afterItem();
    void endString();

    QByteArray *m_out = nullptr;
    char *m_at = nullptr; // where the next byte goes, in out
    char *m_limit = nullptr;
    QVarLengthArray<Level, 16> m_levels;
    QList<Question> m_questions;
    uchar m_head[9];
    int m_headSize = 0;
    int m_headNeeds = 0;
    qint64 m_stringLeft = -1; // bytes of the string being written still to come, or -1
    qsizetype m_stringBegin = 0;
    bool m_stringQuestion = false;
    bool m_failed = false;
    bool m_complete = false;
};

qint64 CborToJson::writeData(const char *data, qint64 size)
{
    const char *p = data;
    const char *const end = data + size;
    while (p != end && !m_failed) {
        if (m_stringLeft > 0) {
            const qsizetype n = qMin<qint64>(qMin<qint64>(m_stringLeft, end - p), escapeStretch);
            room(worstPerByte * n + 16);
            m_at = escapeUtf8(p, n, m_at, &m_stringQuestion);
            p += n;
            m_stringLeft -= n;
            if (m_stringLeft == 0)
                endString();
            continue;
        }
        if (m_headSize == 0) {
            if (m_complete) {
                m_failed = true; // a second value
                break;
            }
            const uchar info = uchar(*p) & 0x1f;
            if (info > 27) {
                m_failed = true; // indefinite lengths: not what toCbor() writes for JSON
                break;
            }
            m_headNeeds = 1 + (info < 24 ? 0 : 1 << (info - 24));
        }
        while (m_headSize < m_headNeeds && p != end)
            m_head[m_headSize++] = uchar(*p++);
        if (m_headSize < m_headNeeds)
            break;
        quint64 argument = m_head[0] & 0x1f;
        if (m_headNeeds > 1) {
            argument = 0;
            for (int i = 1; i < m_headNeeds; ++i)
                argument = argument << 8 | m_head[i];
        }
        m_headSize = 0;
        head(m_head[0], argument);
    }
    return size;
}

void CborToJson::beforeItem()
{
    if (m_levels.isEmpty())
        return;
    const Level &level = m_levels.last();
    if (level.object && level.done % 2)
        put(':');
    else if (level.done)
        put(',');
}

void CborToJson::afterItem()
{
    for (;;) {
        if (m_levels.isEmpty()) {
            m_complete = true;
            return;
        }
        Level &level = m_levels.last();
        if (++level.done < level.items)
            return;
        put(level.object ? '}' : ']');
        m_levels.removeLast();
    }
}

void CborToJson::endString()
{
    m_stringLeft = -1;
    put('"');
    if (m_stringQuestion) {
        Question question{m_stringBegin, offset(), {}};
        for (const Level &level : m_levels)
            question.path.append(level.object ? qint64(level.done / 2 * 2 + (level.done % 2 == 0)) : qint64(level.done * 2));
        m_questions.append(question);
    }
    afterItem();
}

void CborToJson::head(uchar initial, quint64 argument)
{
    const int major = initial >> 5;
    if (!m_levels.isEmpty() && m_levels.last().object && m_levels.last().done % 2 == 0 && major != 3) {
        m_failed = true; // a key that is not a string
        return;
    }
    beforeItem();
    switch (major) {
    case 0: // what QJsonValue holds as an integer is a qint64
    case 1:
        if (argument > quint64(std::numeric_limits<qint64>::max())) {
            m_failed = true;
            return;
        }
        room(20);
        m_at = writeInteger(m_at, major == 0 ? qint64(argument) : -1 - qint64(argument));
        return afterItem();
    case 3:
        // Room for all of it (if it needs no escape) at once: a large string is not copied
        // again and again by a growing frame.
        room(qsizetype(qMin<quint64>(argument, quint64(Protocol::maxFrameSizeLimit)))
             + worstPerByte * qMin<qsizetype>(qsizetype(qMin<quint64>(argument, escapeStretch)), escapeStretch) + 32);
        m_stringBegin = offset();
        put('"');
        m_stringQuestion = false;
        m_stringLeft = qint64(argument);
        if (argument == 0)
            endString();
        return;
    case 4:
    case 5:
        put(major == 4 ? '[' : '{');
        if (argument == 0) {
            put(major == 4 ? ']' : '}');
            return afterItem();
        }
        m_levels.append(Level{major == 5, major == 5 ? 2 * argument : argument, 0});
        return;
    case 7:
        switch (initial & 0x1f) {
        case 20:
            put("false", 5);
            return afterItem();
        case 21:
            put("true", 4);
            return afterItem();
        case 22:
        case 23: // undefined
            put("null", 4);
            return afterItem();
        case 25: {
            const quint16 bits = quint16(argument);
            putDouble(double(float(qFromUnaligned<qfloat16>(&bits))));
            return afterItem();
        }
        case 26: {
            quint32 bits = quint32(argument);
            float f;
            memcpy(&f, &bits, sizeof f);
            putDouble(double(f));
            return afterItem();
        }
        case 27: {
            double d;
            memcpy(&d, &argument, sizeof d);
            putDouble(d);
            return afterItem();
        }
        default:
            break;
        }
        break;
    default: // byte strings and tags: nothing a QJsonValue holds
        break;
    }
    m_failed = true;
}

} // namespace

// A CborToJson and the QCborStreamWriter that feeds it: made once per message, or kept.
class JsonWriter::Workspace::Private
{
public:
    CborToJson transcoder;
    QCborStreamWriter cbor{&transcoder};
};

JsonWriter::Workspace::Workspace() = default;
JsonWriter::Workspace::~Workspace() = default;

JsonWriter::Workspace::Private &JsonWriter::Workspace::data()
{
    if (!d)
        d = std::make_unique<Private>();
    return *d;
}

namespace {

// Writes values: strings, arrays and objects through the workspace's CborToJson (made the first
// time one is needed, unless the caller keeps one); the rest, and anything the CborToJson cannot
// take, element by element.
class ValueWriter
{
public:
    ValueWriter(QByteArray &out, JsonWriter::Workspace *workspace) : m_out(out), m_workspace(workspace) { }

    void write(const QJsonValue &value);
    void writeArray(const QJsonArray &array);

private:
    bool writeCbor(const QCborValue &value);
    void writeSlowly(const QJsonValue &value);

    QByteArray &m_out;
    JsonWriter::Workspace *m_workspace;
    std::optional<JsonWriter::Workspace> m_own;
};

bool ValueWriter::writeCbor(const QCborValue &value)
{
    if (!m_workspace)
        m_workspace = &m_own.emplace();
    JsonWriter::Workspace::Private &workspace = m_workspace->data();
    CborToJson &transcoder = workspace.transcoder;
    const qsizetype begin = m_out.size();
    transcoder.begin(&m_out);
    value.toCbor(workspace.cbor);
    if (!transcoder.finish()) {
        m_out.resize(begin);
        return false;
    }
    // The strings with a '?': the ones that held a lone surrogate are written again, as Qt's JSON
    // writes them, the last first so that the places of the others stay where they were.
    const QList<CborToJson::Question> &questions = transcoder.questions();
    for (auto it = questions.crbegin(); it != questions.crend(); ++it) {
        QCborValue string = value;
        for (const qint64 step : it->path) {
            if (string.isArray()) {
                string = string.toArray().at(step / 2);
            } else if (const QCborMap object = string.toMap(); step / 2 < object.size()) {
                const auto pair = object.constBegin() + step / 2;
                string = step % 2 ? QCborValue(pair.key()) : QCborValue(pair.value());
            }
        }
        const QString text = string.toString();
        if (QStringView(text).isValidUtf16())
            continue;
        QByteArray escaped;
        JsonWriter::writeString(escaped, text);
        m_out.replace(it->begin, it->end - it->begin, escaped);
    }
    return true;
}

void ValueWriter::writeArray(const QJsonArray &array)
{
    if (writeCbor(QCborArray::fromJsonArray(array)))
        return;
    m_out.append('[');
    bool first = true;
    for (const QJsonValue &value : array) {
        if (!first)
            m_out.append(',');
        first = false;
        writeSlowly(value);
    }
    m_out.append(']');
}

void ValueWriter::write(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String:
    case QJsonValue::Array:
    case QJsonValue::Object:
        if (writeCbor(heldCbor(value)))
            return;
        break;
    default:
        break;
    }
    writeSlowly(value);
}

// Element by element, through QJsonValue (what JsonWriter did before CborToJson).
void ValueWriter::writeSlowly(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Bool:
        if (value.toBool())
            m_out.append("true", 4);
        else
            m_out.append("false", 5);
        return;
    case QJsonValue::Double:
        return writeNumber(m_out, value);
    case QJsonValue::String:
        return JsonWriter::writeString(m_out, value.toString());
    case QJsonValue::Array: {
        m_out.append('[');
        bool first = true;
        for (const QJsonValue &element : value.toArray()) {
            if (!first)
                m_out.append(',');
            first = false;
            writeSlowly(element);
        }
        m_out.append(']');
        return;
    }
    case QJsonValue::Object: {
        const QJsonObject object = value.toObject();
        m_out.append('{');
        bool first = true;
        for (auto it = object.begin(), end = object.end(); it != end; ++it) {
            if (!first)
                m_out.append(',');
            first = false;
            JsonWriter::writeString(m_out, it.key());
            m_out.append(':');
            writeSlowly(it.value());
        }
        m_out.append('}');
        return;
    }
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        m_out.append("null", 4);
        return;
    }
}

void writeArgs(QByteArray &out, const QJsonArray &args, JsonWriter::Workspace *workspace)
{
    ValueWriter(out, workspace).writeArray(args);
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
void writeCallStart(QByteArray &out, const Message &m, JsonWriter::Workspace *workspace)
{
    out.append('{');
    writeKey(out, "\"args\":");
    writeArgs(out, m.args, workspace);
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

qsizetype copyPlainUtf8(const char *text, qsizetype size, char *out, bool *unsure)
{
    qsizetype i = 0;
#ifdef __SSE2__
    // Sixteen bytes at a time, stored before they are checked (out has room for them).
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    const __m128i control = _mm_set1_epi8(0x1f);
    const __m128i question = _mm_set1_epi8('?');
    __m128i flagged = _mm_setzero_si128(); // '?' seen
    for (; i + 16 <= size; i += 16) {
        const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i *>(text + i));
        const __m128i special = _mm_or_si128(
                _mm_or_si128(_mm_cmpeq_epi8(bytes, quote), _mm_cmpeq_epi8(bytes, backslash)),
                _mm_cmpeq_epi8(_mm_min_epu8(bytes, control), bytes)); // bytes <= 0x1f
        const __m128i unsureHere = _mm_cmpeq_epi8(bytes, question);
        _mm_storeu_si128(reinterpret_cast<__m128i *>(out + i), bytes);
        const int mask = _mm_movemask_epi8(special);
        if (mask) {
            const int n = qCountTrailingZeroBits(uint(mask));
            if (_mm_movemask_epi8(flagged) || (_mm_movemask_epi8(unsureHere) & ((1 << n) - 1)))
                *unsure = true;
            return i + n;
        }
        flagged = _mm_or_si128(flagged, unsureHere);
    }
    if (_mm_movemask_epi8(flagged))
        *unsure = true;
#endif
    for (; i < size; ++i) {
        const uchar c = uchar(text[i]);
        if (c < 0x20 || c == '"' || c == '\\')
            break;
        if (c == '?')
            *unsure = true;
        out[i] = char(c);
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

void writeValue(QByteArray &out, const QJsonValue &value, Workspace *workspace)
{
    ValueWriter(out, workspace).write(value);
}

bool writeMessage(QByteArray &out, const Message &m, qint64 traceStamp, Workspace *workspace)
{
    // Keys in the order of Message::toJson()'s QJsonObject, which keeps them sorted.
    switch (m.kind) {
    case MessageKind::Send:
        if (m.posted || !m.ports.isEmpty())
            return false;
        writeCallStart(out, m, workspace);
        if (m.peer)
            writeIntegerField(out, "\"senderId\":", m.peer);
        writeStampAndType(out, traceStamp, "send");
        break;
    case MessageKind::SendTo:
        writeCallStart(out, m, workspace);
        writeIntegerField(out, "\"to\":", m.peer);
        writeStampAndType(out, traceStamp, "sendTo");
        break;
    case MessageKind::Invoke:
    case MessageKind::SendSync:
        writeCallStart(out, m, workspace);
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
            writeValue(out, m.error.toJson(), workspace);
            out.append(',');
        }
        writeIntegerField(out, "\"id\":", m.id);
        writeStampAndType(out, traceStamp, "result");
        if (m.error.isNull()) {
            writeKey(out, ",\"value\":");
            writeValue(out, m.value, workspace);
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
            writeValue(out, m.port.data, workspace);
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
