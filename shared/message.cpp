#include "message.h"

#include "ipcbinary.h"
#include "protocol.h"

#include <cmath>
#include <limits>

namespace {

struct KindName
{
    MessageKind kind;
    const char *name;
};

constexpr KindName kindNames[] = {
    {MessageKind::Hello, "hello"},       {MessageKind::Welcome, "welcome"},
    {MessageKind::Refuse, "refuse"},     {MessageKind::Send, "send"},
    {MessageKind::SendTo, "sendTo"},     {MessageKind::Invoke, "invoke"},
    {MessageKind::SendSync, "sendSync"}, {MessageKind::Result, "result"},
    {MessageKind::Cancel, "cancel"},     {MessageKind::Error, "error"},
    {MessageKind::PortMessage, "portMessage"}, {MessageKind::PortRoute, "portRoute"},
    {MessageKind::PipeListen, "pipeListen"},   {MessageKind::PipeListening, "pipeListening"},
    {MessageKind::PipeConnect, "pipeConnect"}, {MessageKind::PipeHello, "pipeHello"},
    {MessageKind::PipeWelcome, "pipeWelcome"},
};

const QString typeKey = QStringLiteral("type");
const QString idKey = QStringLiteral("id");
const QString channelKey = QStringLiteral("channel");
const QString argsKey = QStringLiteral("args");
const QString senderIdKey = QStringLiteral("senderId");
const QString toKey = QStringLiteral("to");
const QString valueKey = QStringLiteral("value");
const QString errorKey = QStringLiteral("error");
const QString versionKey = QStringLiteral("version");
const QString rendererIdKey = QStringLiteral("rendererId");
const QString tokenKey = QStringLiteral("token");
const QString reasonKey = QStringLiteral("reason");
const QString portsKey = QStringLiteral("ports");
const QString portKey = QStringLiteral("port");
const QString peerAtKey = QStringLiteral("peerAt");
const QString resendFromKey = QStringLiteral("resendFrom");
const QString peerKey = QStringLiteral("peer");
const QString secretKey = QStringLiteral("secret");
const QString pathKey = QStringLiteral("path");
const QString traceStampKey = QStringLiteral("ts");
const QString policyKey = QStringLiteral("policy");
const QString buffersKey = QStringLiteral("buffers");

bool carriesBuffers(MessageKind kind)
{
    switch (kind) {
    case MessageKind::Send:
    case MessageKind::SendTo:
    case MessageKind::Invoke:
    case MessageKind::SendSync:
    case MessageKind::Result:
        return true;
    default:
        return false;
    }
}

// Reads the fields of one message, remembering the first problem it meets.
class FieldReader
{
public:
    explicit FieldReader(const QJsonObject &object) : m_object(object) { }

    qint64 integer(const QString &key, qint64 minimum, bool required = true,
                   qint64 maximum = std::numeric_limits<qint64>::max())
    {
        const QJsonValue v = m_object.value(key);
        if (v.isUndefined()) {
            if (required)
                fail(QStringLiteral("missing field '%1'").arg(key));
            return 0;
        }
        constexpr qint64 invalid = std::numeric_limits<qint64>::min();
        const qint64 n = v.toInteger(invalid);
        if (n == invalid || n < minimum || n > maximum) {
            fail(maximum == std::numeric_limits<qint64>::max()
                         ? QStringLiteral("field '%1' must be an integer >= %2").arg(key).arg(minimum)
                         : QStringLiteral("field '%1' must be an integer from %2 to %3")
                                   .arg(key)
                                   .arg(minimum)
                                   .arg(maximum));
            return 0;
        }
        return n;
    }

    int smallInteger(const QString &key, int minimum, bool required = true)
    {
        return int(integer(key, minimum, required, std::numeric_limits<int>::max()));
    }

    QString string(const QString &key, bool nonEmpty = false)
    {
        const QJsonValue v = m_object.value(key);
        // toString() copies the characters out of the object: once is enough.
        QString s = v.toString();
        if (!v.isString() || (nonEmpty && s.isEmpty())) {
            fail(QStringLiteral("field '%1' must be a %2string")
                         .arg(key, nonEmpty ? QStringLiteral("non-empty ") : QString()));
            return {};
        }
        return s;
    }

    QJsonArray array(const QString &key)
    {
        const QJsonValue v = m_object.value(key);
        if (v.isUndefined())
            return {};
        if (!v.isArray())
            fail(QStringLiteral("field '%1' must be an array").arg(key));
        return v.toArray();
    }

    IpcError error(const QString &key)
    {
        const QJsonValue v = m_object.value(key);
        const QJsonObject e = v.toObject();
        if (!v.isObject() || !e.value(QStringLiteral("name")).isString()
            || !e.value(QStringLiteral("message")).isString()) {
            fail(QStringLiteral("field '%1' must be an object with string 'name' and 'message'")
                         .arg(key));
            return {};
        }
        return IpcError::fromJson(e);
    }

    bool ok() const { return m_problem.isEmpty(); }
    QString problem() const { return m_problem; }
    void fail(const QString &problem)
    {
        if (m_problem.isEmpty())
            m_problem = problem;
    }

private:
    const QJsonObject &m_object;
    QString m_problem;
};

// What checkCloneable() found: a value JSON cannot carry ("undefined", "nan", "inf", "-inf") and
// the path to it, which the walk writes only on its way back out of a bad value, so that the usual
// good message costs no strings at all.
struct Unclonable
{
    QString path;
    QString value;
};

bool isCloneable(const QJsonArray &array, Unclonable *found);
bool isCloneable(const QJsonObject &object, Unclonable *found);

// Value is a QJsonValue or, inside a container, the QJsonValueConstRef its const iterator gives:
// read in place, without making a QJsonValue of each element.
template <typename Value>
bool isCloneable(const Value &value, Unclonable *found)
{
    switch (value.type()) {
    case QJsonValue::Undefined:
        found->value = QStringLiteral("undefined");
        return false;
    case QJsonValue::Double: {
        const double number = value.toDouble();
        if (std::isfinite(number))
            return true;
        found->value = QString::number(number);
        return false;
    }
    case QJsonValue::Array:
        return isCloneable(value.toArray(), found);
    case QJsonValue::Object:
        return isCloneable(value.toObject(), found);
    default:
        return true;
    }
}

bool isCloneable(const QJsonArray &array, Unclonable *found)
{
    qsizetype i = 0;
    for (auto it = array.cbegin(); it != array.cend(); ++it, ++i) {
        if (!isCloneable(*it, found)) {
            found->path.prepend(QLatin1Char('[') + QString::number(i) + QLatin1Char(']'));
            return false;
        }
    }
    return true;
}

bool isCloneable(const QJsonObject &object, Unclonable *found)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!isCloneable(it.value(), found)) {
            found->path.prepend(QLatin1Char('.') + it.key());
            return false;
        }
    }
    return true;
}

IpcError cloneError(const Unclonable &found)
{
    return IpcBinary::cloneError(found.path, found.value);
}

// Cuts attachments into the buffers the object's "buffers" field describes, and checks that
// every reference in args (or a result's value) names one of them.
void readBuffers(const QJsonObject &object, const QByteArray &attachments, Message *m, FieldReader &r)
{
    if (!carriesBuffers(m->kind)) {
        r.fail(QStringLiteral("binary attachments are not allowed here"));
        return;
    }
    const QJsonValue sizes = object.value(buffersKey);
    if (!sizes.isArray()) {
        r.fail(QStringLiteral("%1 bytes of attachments need a 'buffers' array of their sizes")
                       .arg(attachments.size()));
        return;
    }
    const QJsonArray sizeArray = sizes.toArray();
    if (sizeArray.size() > Protocol::maxAttachmentsPerFrame) {
        r.fail(QStringLiteral("field 'buffers' lists %1 attachments, over the limit of %2")
                       .arg(sizeArray.size())
                       .arg(Protocol::maxAttachmentsPerFrame));
        return;
    }
    qsizetype offset = 0;
    for (const QJsonValue &size : sizeArray) {
        constexpr qint64 invalid = -1;
        const qint64 n = size.toInteger(invalid);
        if (n < 0 || n > attachments.size() - offset) {
            r.fail(QStringLiteral("field 'buffers' must list sizes >= 0 that add up to the %1 "
                                  "bytes of attachments")
                           .arg(attachments.size()));
            return;
        }
        // One buffer is the attachments themselves, shared rather than copied.
        m->buffers.append(sizeArray.size() == 1 ? attachments : attachments.sliced(offset, n));
        offset += n;
    }
    if (offset != attachments.size()) {
        r.fail(QStringLiteral("field 'buffers' accounts for %1 of the %2 bytes of attachments")
                       .arg(offset)
                       .arg(attachments.size()));
        return;
    }
    // References may stand at any depth (a QByteArray inside a QVariantMap travels too).
    auto check = [&](const QJsonValue &value, const IpcBinary::ValuePath &where) {
        const qsizetype index = IpcBinary::referenceIndex(value);
        if (index >= 0 && index < m->buffers.size())
            return true;
        if (index == IpcBinary::invalidReference)
            r.fail(QStringLiteral("%1 has a '$binary' that is not a buffer index").arg(where.toString()));
        else
            r.fail(QStringLiteral("%1 refers to buffer %2 of %3").arg(where.toString()).arg(index).arg(m->buffers.size()));
        return false;
    };
    if (m->kind == MessageKind::Result)
        IpcBinary::forEachReference(m->value, IpcBinary::ValuePath(valueKey), check);
    else
        IpcBinary::forEachReference(m->args, IpcBinary::ValuePath(argsKey), check);
}

} // namespace

Message Message::send(const QString &channel, const QJsonArray &args, int senderId)
{
    Message m;
    m.kind = MessageKind::Send;
    m.channel = channel;
    m.args = args;
    m.peer = senderId;
    return m;
}

Message Message::result(qint64 id, const QJsonValue &value)
{
    Message m;
    m.kind = MessageKind::Result;
    m.id = id;
    m.value = value;
    return m;
}

Message Message::failure(qint64 id, const IpcError &error)
{
    Message m;
    m.kind = MessageKind::Result;
    m.id = id;
    m.error = error;
    return m;
}

QString Message::kindName(MessageKind kind)
{
    for (const KindName &k : kindNames) {
        if (k.kind == kind)
            return QLatin1String(k.name);
    }
    return QString();
}

Message Message::request(MessageKind kind, qint64 id, const QString &channel, const QJsonArray &args)
{
    Message m;
    m.kind = kind;
    m.id = id;
    m.channel = channel;
    m.args = args;
    return m;
}

Message Message::cancel(qint64 id)
{
    Message m;
    m.kind = MessageKind::Cancel;
    m.id = id;
    return m;
}

bool Message::fromJson(const QJsonObject &object, Message *message, QString *errorString,
                       const QByteArray &attachments)
{
    const QJsonValue type = object.value(typeKey);
    if (!type.isString()) {
        *errorString = QStringLiteral("field 'type' must be a string");
        return false;
    }
    const QString typeName = type.toString();
    const KindName *found = nullptr;
    for (const KindName &k : kindNames) {
        if (typeName == QLatin1String(k.name)) {
            found = &k;
            break;
        }
    }
    if (!found) {
        *errorString = QStringLiteral("unknown message type '%1'").arg(typeName);
        return false;
    }

    Message m;
    m.kind = found->kind;
    FieldReader r(object);
    switch (m.kind) {
    case MessageKind::Hello:
        m.version = r.smallInteger(versionKey, 0);
        m.rendererId = r.smallInteger(rendererIdKey, 1);
        m.token = r.string(tokenKey);
        break;
    case MessageKind::Welcome:
        m.version = r.smallInteger(versionKey, 0);
        m.rendererId = r.smallInteger(rendererIdKey, 1);
        if (object.contains(policyKey)) {
            QString problem;
            if (!object.value(policyKey).isObject())
                r.fail(QStringLiteral("field 'policy' must be an object"));
            else if (!ChannelPolicy::fromJson(object.value(policyKey).toObject(), &m.policy, &problem))
                r.fail(problem);
        }
        break;
    case MessageKind::Refuse:
        m.reason = r.string(reasonKey);
        break;
    case MessageKind::Send: {
        m.channel = r.string(channelKey, true);
        m.args = r.array(argsKey);
        m.peer = r.smallInteger(senderIdKey, 0, false);
        m.posted = object.contains(portsKey);
        const QJsonArray ports = r.array(portsKey);
        for (const QJsonValue &v : ports) {
            PortRecord record;
            QString problem;
            if (!PortRecord::fromJson(v, &record, &problem))
                r.fail(problem);
            m.ports.append(record);
        }
        break;
    }
    case MessageKind::PortMessage: {
        QString problem;
        if (!PortMessage::fromJson(object, &m.port, &problem))
            r.fail(problem);
        break;
    }
    case MessageKind::PortRoute:
        m.portId = r.integer(portKey, 1);
        m.peerAt = r.smallInteger(peerAtKey, 0);
        m.resendFrom = r.integer(resendFromKey, 1, false);
        break;
    case MessageKind::PipeListen:
    case MessageKind::PipeHello:
        m.peer = r.smallInteger(peerKey, 1);
        m.secret = r.string(secretKey, true);
        break;
    case MessageKind::PipeListening:
        m.peer = r.smallInteger(peerKey, 1);
        m.path = r.string(pathKey, true);
        break;
    case MessageKind::PipeConnect:
        m.peer = r.smallInteger(peerKey, 1);
        m.path = r.string(pathKey, true);
        m.secret = r.string(secretKey, true);
        break;
    case MessageKind::PipeWelcome:
        m.peer = r.smallInteger(peerKey, 1);
        break;
    case MessageKind::SendTo:
        m.peer = r.smallInteger(toKey, 1);
        m.channel = r.string(channelKey, true);
        m.args = r.array(argsKey);
        break;
    case MessageKind::Invoke:
    case MessageKind::SendSync:
        m.id = r.integer(idKey, 1);
        m.channel = r.string(channelKey, true);
        m.args = r.array(argsKey);
        break;
    case MessageKind::Result:
        m.id = r.integer(idKey, 1);
        if (object.contains(channelKey))
            m.channel = r.string(channelKey);
        if (object.contains(errorKey))
            m.error = r.error(errorKey);
        else if (object.contains(valueKey))
            m.value = object.value(valueKey);
        else
            r.fail(QStringLiteral("a result needs 'value' or 'error'"));
        break;
    case MessageKind::Cancel:
        m.id = r.integer(idKey, 1);
        break;
    case MessageKind::Error:
        m.error = r.error(errorKey);
        break;
    }
    m.sentAt = r.integer(traceStampKey, 0, false);
    if (m.channel.size() > Protocol::maxChannelLength)
        r.fail(QStringLiteral("field 'channel' is %1 characters long, over the limit of %2")
                       .arg(m.channel.size())
                       .arg(Protocol::maxChannelLength));
    // "buffers" on a kind without arguments is a field it does not have, and ignored; bytes are not.
    if (r.ok() && (!attachments.isEmpty() || (object.contains(buffersKey) && carriesBuffers(m.kind))))
        readBuffers(object, attachments, &m, r);
    if (!r.ok()) {
        *errorString = QStringLiteral("%1 message: %2").arg(typeName, r.problem());
        return false;
    }
    *message = std::move(m);
    return true;
}

QJsonObject Message::toJson() const
{
    QJsonObject o{{typeKey, kindName(kind)}};
    switch (kind) {
    case MessageKind::Hello:
        o.insert(versionKey, version);
        o.insert(rendererIdKey, rendererId);
        o.insert(tokenKey, token);
        break;
    case MessageKind::Welcome:
        o.insert(versionKey, version);
        o.insert(rendererIdKey, rendererId);
        if (!policy.isUnrestricted())
            o.insert(policyKey, policy.toJson());
        break;
    case MessageKind::Refuse:
        o.insert(reasonKey, reason);
        break;
    case MessageKind::Send:
        o.insert(channelKey, channel);
        o.insert(argsKey, args);
        if (peer)
            o.insert(senderIdKey, peer);
        if (posted || !ports.isEmpty()) {
            QJsonArray array;
            for (const PortRecord &record : ports)
                array.append(record.toJson());
            o.insert(portsKey, array);
        }
        break;
    case MessageKind::PortMessage: {
        const QJsonObject body = port.toJson();
        for (auto it = body.begin(); it != body.end(); ++it)
            o.insert(it.key(), it.value());
        break;
    }
    case MessageKind::PortRoute:
        o.insert(portKey, portId);
        o.insert(peerAtKey, peerAt);
        if (resendFrom > 0)
            o.insert(resendFromKey, resendFrom);
        break;
    case MessageKind::PipeListen:
    case MessageKind::PipeHello:
        o.insert(peerKey, peer);
        o.insert(secretKey, secret);
        break;
    case MessageKind::PipeListening:
        o.insert(peerKey, peer);
        o.insert(pathKey, path);
        break;
    case MessageKind::PipeConnect:
        o.insert(peerKey, peer);
        o.insert(pathKey, path);
        o.insert(secretKey, secret);
        break;
    case MessageKind::PipeWelcome:
        o.insert(peerKey, peer);
        break;
    case MessageKind::SendTo:
        o.insert(toKey, peer);
        o.insert(channelKey, channel);
        o.insert(argsKey, args);
        break;
    case MessageKind::Invoke:
    case MessageKind::SendSync:
        o.insert(idKey, id);
        o.insert(channelKey, channel);
        o.insert(argsKey, args);
        break;
    case MessageKind::Result:
        o.insert(idKey, id);
        if (!channel.isEmpty())
            o.insert(channelKey, channel);
        if (error.isNull())
            o.insert(valueKey, value.isUndefined() ? QJsonValue(QJsonValue::Null) : value);
        else
            o.insert(errorKey, error.toJson());
        break;
    case MessageKind::Cancel:
        o.insert(idKey, id);
        break;
    case MessageKind::Error:
        o.insert(errorKey, error.toJson());
        break;
    }
    if (sentAt > 0)
        o.insert(traceStampKey, sentAt);
    if (!buffers.isEmpty()) {
        QJsonArray sizes;
        for (const QByteArray &buffer : buffers)
            sizes.append(buffer.size());
        o.insert(buffersKey, sizes);
    }
    return o;
}

IpcError checkCloneable(const QJsonArray &args)
{
    Unclonable found;
    if (isCloneable(args, &found))
        return {};
    found.path.prepend(QLatin1String("args"));
    return cloneError(found);
}

IpcError checkCloneableValue(const QJsonValue &value)
{
    // Undefined passes, as it did in the one-element array this used to be: such an array holds
    // it as null, and a result's toJson() writes it as null too.
    Unclonable found;
    if (value.isUndefined() || isCloneable(value, &found))
        return {};
    found.path.prepend(QLatin1String("args[0]"));
    return cloneError(found);
}

IpcError checkArguments(const QJsonArray &args, const QList<QByteArray> &buffers)
{
    IpcError error = checkCloneable(args);
    if (error.isNull())
        error = IpcBinary::checkReferences(args, buffers);
    return error;
}

IpcError checkChannelGiven(const QString &channel)
{
    if (!channel.isEmpty())
        return {};
    return IpcError(QStringLiteral("TypeError"), QStringLiteral("Missing required channel argument"));
}

IpcError checkChannelConverts(const QString &channel, int argumentIndex)
{
    if (!channel.isEmpty())
        return {};
    return IpcError(QStringLiteral("Error"),
                    QStringLiteral("Error processing argument at index %1, conversion failure from undefined")
                            .arg(argumentIndex));
}
