#include "jsonreader.h"

#include "message.h"
#include "protocol.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

#include <cstring>
#include <limits>

namespace {

// Deeper than this, a value is left to Qt, whose parser has its own nesting limit.
constexpr int maxDepth = 256;

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
                while (m_p != m_end && *m_p != '"')
                    m_p += (*m_p == '\\' && m_end - m_p > 1) ? 2 : 1;
                if (m_p == m_end)
                    return false;
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
bool readValue(Scanner &in, QJsonValue *value)
{
    switch (in.peek()) {
    case '[':
    case '{': {
        const char *text;
        qsizetype size;
        QJsonDocument document;
        if (!in.container(&text, &size) || !parseContainer(text, size, &document))
            return false;
        *value = document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object());
        return true;
    }
    case '"': {
        const char *text;
        qsizetype size;
        if (!in.plainString(&text, &size))
            return false;
        *value = QString::fromLatin1(text, size);
        return true;
    }
    case 't':
        *value = true;
        return in.literal("true");
    case 'f':
        *value = false;
        return in.literal("false");
    case 'n':
        *value = QJsonValue::Null;
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
            case Args:
                ok = in.container(&args, &argsSize) && *args == '[';
                break;
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
