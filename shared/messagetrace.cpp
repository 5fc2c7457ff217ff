#include "messagetrace.h"

#include "message.h"
#include "monotonicclock.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace {

bool enabled = false;

MessageTrace::Observer &observer()
{
    static MessageTrace::Observer theObserver;
    return theObserver;
}

QString patternOf(const Message &message, int from)
{
    switch (message.kind) {
    case MessageKind::Send:
        if (!message.ports.isEmpty())
            return QStringLiteral("postMessage");
        if (from != 0)
            return QStringLiteral("send");
        // From main, a senderId says main is delivering another renderer's sendTo.
        return message.peer ? QStringLiteral("sendTo") : QStringLiteral("webContents.send");
    case MessageKind::SendTo:
        return QStringLiteral("sendTo");
    case MessageKind::Invoke:
        return QStringLiteral("invoke");
    case MessageKind::SendSync:
        return QStringLiteral("sendSync");
    case MessageKind::Result:
        return message.error.isNull() ? QStringLiteral("result") : QStringLiteral("result error");
    case MessageKind::Cancel:
        return QStringLiteral("cancel");
    case MessageKind::Error:
        return QStringLiteral("error");
    case MessageKind::PortMessage:
        return message.port.close ? QStringLiteral("MessagePort close") : QStringLiteral("MessagePort");
    default:
        return QString();
    }
}

QJsonValue payloadOf(const Message &message)
{
    switch (message.kind) {
    case MessageKind::Result:
        return message.error.isNull() ? message.value : QJsonValue(message.error.toJson());
    case MessageKind::Error:
        return message.error.toJson();
    case MessageKind::PortMessage:
        return message.port.data;
    case MessageKind::Cancel:
        return QJsonObject{{QStringLiteral("id"), message.id}};
    default:
        return message.args;
    }
}

} // namespace

namespace MessageTrace {

bool isEnabled()
{
    return enabled;
}

void setEnabled(bool on)
{
    enabled = on;
}

void enableFromEnvironment()
{
    if (qEnvironmentVariableIntValue(environmentVariable) > 0)
        enabled = true;
}

void setObserver(Observer o)
{
    observer() = std::move(o);
}

QStringList patterns()
{
    return {QStringLiteral("send"),        QStringLiteral("invoke"),           QStringLiteral("result"),
            QStringLiteral("result error"), QStringLiteral("sendSync"),        QStringLiteral("webContents.send"),
            QStringLiteral("sendTo"),      QStringLiteral("postMessage"),      QStringLiteral("MessagePort"),
            QStringLiteral("MessagePort close"), QStringLiteral("cancel"),     QStringLiteral("error")};
}

TraceRecord describe(const Message &message, int from, int to)
{
    TraceRecord record;
    // The lab's own plumbing stays out of the log; the shared-object channels are part of the
    // product (ipclab:global-*), like Electron's remote module's were.
    if (message.channel.startsWith(QLatin1String("ipclab:"))
        && !message.channel.startsWith(QLatin1String("ipclab:global-")))
        return record;
    record.pattern = patternOf(message, from);
    if (record.pattern.isEmpty())
        return record;
    record.from = from;
    record.to = to;
    record.channel = message.kind == MessageKind::PortMessage
            ? QStringLiteral("port %1").arg(message.port.port)
            : message.channel;
    record.payload = payloadOf(message);
    record.sentAt = message.sentAt;
    return record;
}

void received(const Message &message, qint64 frameBytes, int from, int to)
{
    if (!enabled || !observer())
        return;
    TraceRecord record = describe(message, from, to);
    if (record.pattern.isEmpty())
        return;
    record.receivedAt = monotonicNanoseconds();
    record.size = frameBytes;
    observer()(record);
}

} // namespace MessageTrace

void TraceRecord::shortenPayload(qsizetype maxBytes)
{
    if (!payload.isArray() && !payload.isObject() && !payload.isString())
        return;
    const QByteArray json = QJsonDocument(QJsonArray{payload}).toJson(QJsonDocument::Compact);
    if (json.size() - 2 <= maxBytes)
        return;
    payload = QStringLiteral("%1… (%2 bytes)")
                      .arg(QString::fromUtf8(json.mid(1, maxBytes)))
                      .arg(json.size() - 2);
}

QJsonObject TraceRecord::toJson() const
{
    return {{QStringLiteral("from"), from},         {QStringLiteral("to"), to},
            {QStringLiteral("pattern"), pattern},   {QStringLiteral("channel"), channel},
            {QStringLiteral("payload"), payload},   {QStringLiteral("size"), size},
            {QStringLiteral("sentAt"), sentAt},     {QStringLiteral("receivedAt"), receivedAt}};
}

TraceRecord TraceRecord::fromJson(const QJsonObject &o)
{
    TraceRecord r;
    r.from = o.value(QLatin1String("from")).toInt();
    r.to = o.value(QLatin1String("to")).toInt();
    r.pattern = o.value(QLatin1String("pattern")).toString();
    r.channel = o.value(QLatin1String("channel")).toString();
    r.payload = o.value(QLatin1String("payload"));
    r.size = o.value(QLatin1String("size")).toInteger();
    r.sentAt = o.value(QLatin1String("sentAt")).toInteger();
    r.receivedAt = o.value(QLatin1String("receivedAt")).toInteger();
    return r;
}
