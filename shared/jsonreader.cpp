#include "jsonreader.h"

#include "message.h"
#include "protocol.h"

#include <QCborArray>
#include <QCborMap>
#include <QCborValue>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

#include <cstring>
#include <limits>
#include <type_traits>

#ifdef __SSE2__
#    include <emmintrin.h>
#endif

namespace {

// Deeper than this, a value is left to Qt, whose parser has its own nesting limit.
constexpr int maxDepth = 256;

// The length of the run from p on that is neither '"', '\\' nor a control character; *nonAscii
// is set when a byte of it is 0x80 or more.
qsizetype stringRun(const char *p, const char *end, bool *nonAscii)
{
    const char *const begin = p;
#ifdef __SSE2__
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    const __m128i control = _mm_set1_epi8(0x1f);
    __m128i high = _mm_setzero_si128();
    for (; end - p >= 16; p += 16) {
        const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p));
        const __m128i special = _mm_or_si128(
                _mm_or_si128(_mm_cmpeq_epi8(bytes, quote), _mm_cmpeq_epi8(bytes, backslash)),
                _mm_cmpeq_epi8(_mm_min_epu8(bytes, control), bytes)); // bytes <= 0x1f
        const int mask = _mm_movemask_epi8(special);
        if (mask) {
            const int n = qCountTrailingZeroBits(uint(mask));
            // Only the bytes before the special one count.
            if (_mm_movemask_epi8(high) || (_mm_movemask_epi8(bytes) & ((1 << n) - 1)))
                *nonAscii = true;
            return p + n - begin;
        }
        high = _mm_or_si128(high, bytes);
    }
    if (_mm_movemask_epi8(high))
        *nonAscii = true;
#endif
    for (; p != end; ++p) {
        const uchar c = uchar(*p);
        if (c == '"' || c == '\\' || c < 0x20)
            break;
        if (c >= 0x80)
            *nonAscii = true;
    }
    return p - begin;
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// Four hex digits at p (at least four bytes there), or -1.
int hexUnit(const char *p)
{
    int unit = 0;
    for (int i = 0; i < 4; ++i) {
        const int digit = hexValue(p[i]);
        if (digit < 0)
            return -1;
        unit = unit << 4 | digit;
    }
    return unit;
}

// A QJsonValue is a QCborValue and nothing else (Qt 6 keeps the two binary compatible), and a
// standard-layout class is pointer-interconvertible with its first member: the values read here
// are made as QCborValues, which QCborArray takes as they are, and handed over as QJsonValues
// holding them. QJsonArray::append() would instead widen an ASCII string to UTF-16 and narrow it
// again (QCborValue::fromJsonValue() goes through toString()): three passes and a buffer twice
// its size for every string argument.
QJsonValue asJson(QCborValue &&value)
{
    static_assert(std::is_standard_layout_v<QJsonValue> && sizeof(QJsonValue) == sizeof(QCborValue));
    QJsonValue json;
    *reinterpret_cast<QCborValue *>(&json) = std::move(value);
    return json;
}

// UTF-8 text as Qt's parser reads it, or false when it is not valid UTF-8 (then Qt's parser says
// so): QString::fromUtf8() replaces what is invalid with U+FFFD, so a U+FFFD in its result that
// was not in the text means it was invalid; a U+FFFD that was (rare) is left to Qt as well.
bool decodeUtf8(const char *text, qsizetype size, bool nonAscii, QCborValue *out)
{
    if (!nonAscii) {
        // Held as the bytes themselves, as Qt's parser holds an ASCII string: no QString between.
        *out = QCborValue(QLatin1String(text, size));
        return true;
    }
    const QString decoded = QString::fromUtf8(text, size);
    if (decoded.contains(QChar::ReplacementCharacter))
        return false;
    *out = QCborValue(decoded);
    return true;
}

class Scanner
{
public:
    Scanner(const char *begin, const char *end) : m_p(begin), m_end(end) { }

    bool atEnd()
    {
        skipSpace();
        return m_p == m_end;
    }

    bool take(char c)
    {
        skipSpace();
        if (m_p == m_end || *m_p != c)
            return false;
        ++m_p;
        return true;
    }

    // A string of printable ASCII without escapes; anything else is left to Qt.
    bool plainString(const char **text, qsizetype *size)
    {
        skipSpace();
        if (m_p == m_end || *m_p != '"')
            return false;
        const char *start = ++m_p;
        while (m_p != m_end && *m_p != '"') {
            const uchar c = uchar(*m_p);
            if (c < 0x20 || c >= 0x80 || c == '\\')
                return false;
            ++m_p;
        }
        if (m_p == m_end)
            return false;
        *text = start;
        *size = m_p - start;
        ++m_p;
        return true;
    }

    // Any string Qt's parser would read the same way: escapes, UTF-8, surrogate pairs written as
    // \u escapes. False for what is left to Qt: invalid UTF-8, a control character, an unknown
    // escape, a lone surrogate escape.
    bool string(QCborValue *text)
    {
        skipSpace();
        if (m_p == m_end || *m_p != '"')
            return false;
        const char *p = m_p + 1;
        bool nonAscii = false;
        p += stringRun(p, m_end, &nonAscii);
        if (p == m_end || uchar(*p) < 0x20)
            return false;
        if (*p == '"') { // the common case: no escapes, decoded in one go
            if (!decodeUtf8(m_p + 1, p - m_p - 1, nonAscii, text))
                return false;
            m_p = p + 1;
            return true;
        }
        // Escapes: the unescaped UTF-8 first, then decoded in one go.
        QByteArray unescaped;
        unescaped.reserve(m_end - m_p);
        unescaped.append(m_p + 1, p - m_p - 1);
        while (p != m_end && *p == '\\') {
            if (m_end - p < 2)
                return false;
            const char escaped = p[1];
            p += 2;
            switch (escaped) {
            case '"': unescaped.append('"'); break;
            case '\\': unescaped.append('\\'); break;
            case '/': unescaped.append('/'); break;
            case 'b': unescaped.append('\b'); break;
            case 'f': unescaped.append('\f'); break;
            case 'n': unescaped.append('\n'); break;
            case 'r': unescaped.append('\r'); break;
            case 't': unescaped.append('\t'); break;
            case 'u': {
                if (m_end - p < 4)
                    return false;
                char32_t ucs = char32_t(hexUnit(p));
                if (int(ucs) < 0)
                    return false;
                p += 4;
                if (QChar::isHighSurrogate(ucs)) {
                    // Only a pair makes a character UTF-8 can hold; a lone half is Qt's.
                    if (m_end - p < 6 || p[0] != '\\' || p[1] != 'u')
                        return false;
                    const int low = hexUnit(p + 2);
                    if (low < 0 || !QChar::isLowSurrogate(char32_t(low)))
                        return false;
                    ucs = QChar::surrogateToUcs4(char16_t(ucs), char16_t(low));
                    p += 6;
                } else if (QChar::isSurrogate(ucs)) {
                    return false;
                }
                if (ucs == 0xfffd)
                    return false; // see decodeUtf8()
                if (ucs >= 0x80)
                    nonAscii = true;
                char bytes[4];
                qsizetype n = 0;
                if (ucs < 0x80) {
                    bytes[n++] = char(ucs);
                } else if (ucs < 0x800) {
                    bytes[n++] = char(0xc0 | ucs >> 6);
                    bytes[n++] = char(0x80 | (ucs & 0x3f));
                } else if (ucs < 0x10000) {
                    bytes[n++] = char(0xe0 | ucs >> 12);
                    bytes[n++] = char(0x80 | (ucs >> 6 & 0x3f));
                    bytes[n++] = char(0x80 | (ucs & 0x3f));
                } else {
                    bytes[n++] = char(0xf0 | ucs >> 18);
                    bytes[n++] = char(0x80 | (ucs >> 12 & 0x3f));
                    bytes[n++] = char(0x80 | (ucs >> 6 & 0x3f));
                    bytes[n++] = char(0x80 | (ucs & 0x3f));
                }
                unescaped.append(bytes, n);
                break;
            }
            default:
                return false;
            }
            const qsizetype run = stringRun(p, m_end, &nonAscii);
            unescaped.append(p, run);
            p += run;
        }
        if (p == m_end || *p != '"')
            return false;
        if (!decodeUtf8(unescaped.constData(), unescaped.size(), nonAscii, text))
            return false;
        m_p = p + 1;
        return true;
    }

    // An integer as JSON writes it (no fraction, no exponent, no leading zero, not "-0"), small
    // enough that no digit is lost.
    bool integer(qint64 *value)
    {
        skipSpace();
        const char *p = m_p;
        const bool negative = p != m_end && *p == '-';
        if (negative)
            ++p;
        const char *digits = p;
        qint64 n = 0;
        while (p != m_end && *p >= '0' && *p <= '9' && p - digits < 18)
            n = n * 10 + (*p++ - '0');
        if (p == digits || (*digits == '0' && (p - digits > 1 || negative)))
            return false;
        if (p != m_end && ((*p >= '0' && *p <= '9') || *p == '.' || *p == 'e' || *p == 'E'))
            return false;
        m_p = p;
        *value = negative ? -n : n;
        return true;
    }

    // The extent of an array or object, strings and nesting included; Qt parses it.
    bool container(const char **text, qsizetype *size)
    {
        skipSpace();
        if (m_p == m_end || (*m_p != '[' && *m_p != '{'))
            return false;
        const char *start = m_p;
        int depth = 0;
        while (m_p != m_end) {
            const char c = *m_p++;
            if (c == '"') {
                // Skipped a run at a time; Qt reads what is in it.
                for (;;) {
                    bool nonAscii = false;
                    m_p += stringRun(m_p, m_end, &nonAscii);
                    if (m_p == m_end)
                        return false;
                    if (*m_p == '"')
                        break;
                    m_p += (*m_p == '\\' && m_end - m_p > 1) ? 2 : 1; // an escape, or a control character
                }
                ++m_p;
            } else if (c == '[' || c == '{') {
                if (++depth > maxDepth)
                    return false;
            } else if (c == ']' || c == '}') {
                if (--depth == 0) {
                    *text = start;
                    *size = m_p - start;
                    return true;
                }
            }
        }
        return false;
    }

    bool literal(const char *word)
    {
        skipSpace();
        const size_t n = strlen(word);
        if (size_t(m_end - m_p) < n || memcmp(m_p, word, n) != 0)
            return false;
        m_p += n;
        return true;
    }

    char peek()
    {
        skipSpace();
        return m_p == m_end ? '\0' : *m_p;
    }

private:
    void skipSpace()
    {
        while (m_p != m_end && (*m_p == ' ' || *m_p == '\t' || *m_p == '\n' || *m_p == '\r'))
            ++m_p;
    }

    const char *m_p;
    const char *m_end;
};

bool parseContainer(const char *text, qsizetype size, QJsonDocument *document)
{
    QJsonParseError error;
    *document = QJsonDocument::fromJson(QByteArray::fromRawData(text, size), &error);
    return error.error == QJsonParseError::NoError;
}

// A result's value: a container through Qt, a plain string, an integer, true, false or null.
bool readValue(Scanner &in, QCborValue *value)
{
    switch (in.peek()) {
    case '[':
    case '{': {
        const char *text;
        qsizetype size;
        QJsonDocument document;
        if (!in.container(&text, &size) || !parseContainer(text, size, &document))
            return false;
        // Shared, not converted.
        *value = document.isArray() ? QCborValue(QCborArray::fromJsonArray(document.array()))
                                    : QCborValue(QCborMap::fromJsonObject(document.object()));
        return true;
    }
    case '"':
        return in.string(value);
    case 't':
        *value = true;
        return in.literal("true");
    case 'f':
        *value = false;
        return in.literal("false");
    case 'n':
        *value = QCborValue(nullptr);
        return in.literal("null");
    default: {
        qint64 n;
        if (!in.integer(&n))
            return false;
        *value = n;
        return true;
    }
    }
}

bool readValue(Scanner &in, QJsonValue *value)
{
    QCborValue read;
    if (!readValue(in, &read))
        return false;
    *value = asJson(std::move(read));
    return true;
}

// An argument list read element by element, so that strings (the common large argument) are
// decoded here in one pass; arrays and objects in it go through Qt. False for anything else
// (a fraction, say), and the caller then hands the whole list to Qt.
bool readArguments(Scanner &in, QJsonArray *args)
{
    if (!in.take('['))
        return false;
    QCborArray list;
    if (!in.take(']')) {
        do {
            QCborValue value;
            if (!readValue(in, &value))
                return false;
            list.append(std::move(value));
        } while (in.take(','));
        if (!in.take(']'))
            return false;
    }
    *args = asJson(QCborValue(std::move(list))).toArray();
    return true;
}

enum Field : unsigned {
    Type = 1 << 0,
    Id = 1 << 1,
    Channel = 1 << 2,
    Args = 1 << 3,
    SenderId = 1 << 4,
    To = 1 << 5,
    Stamp = 1 << 6,
    Value = 1 << 7,
    Data = 1 << 8,
    Port = 1 << 9,
    Seq = 1 << 10,
    Close = 1 << 11,
};

// Whether the size bytes at text spell name.
bool spells(const char *text, qsizetype size, const char *name)
{
    return size_t(size) == strlen(name) && memcmp(text, name, size_t(size)) == 0;
}

struct FieldName
{
    const char *name;
    Field field;
};

constexpr FieldName fieldNames[] = {
    {"type", Type},     {"id", Id},     {"channel", Channel}, {"args", Args},
    {"senderId", SenderId}, {"to", To}, {"ts", Stamp},        {"value", Value},
    {"data", Data},     {"port", Port}, {"seq", Seq},         {"close", Close},
};

Field fieldNamed(const char *key, qsizetype size)
{
    for (const FieldName &f : fieldNames) {
        if (spells(key, size, f.name))
            return f.field;
    }
    return Field(0);
}

struct KindFields
{
    const char *name;
    MessageKind kind;
    unsigned required;
    unsigned allowed;
};

constexpr KindFields kinds[] = {
    {"send", MessageKind::Send, Type | Channel, Type | Channel | Args | SenderId | Stamp},
    {"sendTo", MessageKind::SendTo, Type | Channel | To, Type | Channel | Args | To | Stamp},
    {"invoke", MessageKind::Invoke, Type | Channel | Id, Type | Channel | Args | Id | Stamp},
    {"sendSync", MessageKind::SendSync, Type | Channel | Id, Type | Channel | Args | Id | Stamp},
    {"result", MessageKind::Result, Type | Id | Value, Type | Channel | Id | Value | Stamp},
    {"cancel", MessageKind::Cancel, Type | Id, Type | Id | Stamp},
    {"portMessage", MessageKind::PortMessage, Type | Port | Seq, Type | Port | Seq | Data | Close | Stamp},
};

} // namespace

namespace JsonReader {

bool readMessage(const QByteArray &json, Message *message)
{
    Scanner in(json.constData(), json.constData() + json.size());
    if (!in.take('{'))
        return false;

    unsigned seen = 0;
    const char *type = nullptr;
    qsizetype typeSize = 0;
    const char *channel = nullptr;
    qsizetype channelSize = 0;
    const char *args = nullptr;
    qsizetype argsSize = 0;
    qint64 id = 0, senderId = 0, to = 0, stamp = 0, port = 0, seq = 0;
    QJsonArray argList; // read by readArguments(), when args is not left to Qt
    QJsonValue value;
    QJsonValue data = QJsonValue::Undefined; // as QJsonObject::value() gives a missing key
    bool close = false;

    if (!in.take('}')) {
        do {
            const char *key;
            qsizetype keySize;
            if (!in.plainString(&key, &keySize) || !in.take(':'))
                return false;
            const Field field = fieldNamed(key, keySize);
            if (field == 0 || (seen & field))
                return false; // a key Message::fromJson() ignores, or one given twice
            seen |= field;
            bool ok = false;
            switch (field) {
            case Type:
                ok = in.plainString(&type, &typeSize);
                break;
            case Channel:
                ok = in.plainString(&channel, &channelSize);
                break;
            case Args: {
                const Scanner start = in;
                if (readArguments(in, &argList)) {
                    ok = true;
                    args = nullptr;
                    break;
                }
                in = start;
                argList = QJsonArray();
                ok = in.container(&args, &argsSize) && *args == '[';
                break;
            }
            case Id:
                ok = in.integer(&id) && id >= 1;
                break;
            case SenderId:
                ok = in.integer(&senderId) && senderId >= 0 && senderId <= std::numeric_limits<int>::max();
                break;
            case To:
                ok = in.integer(&to) && to >= 1 && to <= std::numeric_limits<int>::max();
                break;
            case Stamp:
                ok = in.integer(&stamp) && stamp >= 0;
                break;
            case Value:
                ok = readValue(in, &value);
                break;
            case Data:
                ok = readValue(in, &data);
                break;
            case Port:
                ok = in.integer(&port) && port >= 1;
                break;
            case Seq:
                ok = in.integer(&seq) && seq >= 0;
                break;
            case Close:
                // Message::fromJson() takes any value here (as toBool()); only the booleans here.
                ok = in.peek() == 't' ? (close = true, in.literal("true")) : in.literal("false");
                break;
            }
            if (!ok)
                return false;
        } while (in.take(','));
        if (!in.take('}'))
            return false;
    }
    if (!in.atEnd() || !type)
        return false;

    const KindFields *kind = nullptr;
    for (const KindFields &k : kinds) {
        if (spells(type, typeSize, k.name)) {
            kind = &k;
            break;
        }
    }
    if (!kind || (seen & kind->required) != kind->required || (seen & ~kind->allowed))
        return false;
    if ((kind->required & Channel) && channelSize == 0)
        return false; // Message::fromJson() says why
    if (channelSize > Protocol::maxChannelLength)
        return false; // the same

    Message m;
    m.kind = kind->kind;
    m.id = id;
    m.channel = QString::fromLatin1(channel, channelSize);
    if (args) {
        QJsonDocument document;
        if (!parseContainer(args, argsSize, &document))
            return false;
        m.args = document.array();
    } else {
        m.args = std::move(argList);
    }
    m.peer = int(kind->kind == MessageKind::SendTo ? to : senderId);
    m.value = value;
    m.sentAt = stamp;
    if (kind->kind == MessageKind::PortMessage) {
        m.port.port = port;
        m.port.seq = quint64(seq);
        m.port.data = data;
        m.port.close = close;
    }
    *message = std::move(m);
    return true;
}

} // namespace JsonReader
