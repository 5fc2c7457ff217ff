#include "logentry.h"

#include "messagetrace.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonValue>

namespace {

const QString rendererPrefix = QStringLiteral("renderer-");

// The payload is stored as JSON text, which may be any value, not only an object or an array;
// QJsonDocument parses only those two, so a one-element array carries the value through.
QJsonValue parsePayload(const QByteArray &text)
{
    if (text.isEmpty())
        return QJsonValue::Null;
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson('[' + text + ']', &error);
    if (error.error != QJsonParseError::NoError || document.array().size() != 1)
        return QString::fromUtf8(text); // not JSON after all: keep the text rather than lose it
    return document.array().first();
}

QByteArray payloadText(const QJsonValue &value)
{
    if (value.isUndefined())
        return {};
    const QByteArray wrapped = QJsonDocument(QJsonArray {value}).toJson(QJsonDocument::Compact);
    return wrapped.mid(1, wrapped.size() - 2);
}

int endpointId(const QString &name)
{
    if (name == QLatin1String("main"))
        return 0;
    if (name.startsWith(rendererPrefix)) {
        bool ok = false;
        const int id = QStringView(name).mid(rendererPrefix.size()).toInt(&ok);
        if (ok && id > 0)
            return id;
    }
    return -1; // neither main nor a renderer: a file written by something else
}

} // namespace

QJsonObject LogEntry::toJson() const
{
    QJsonObject object;
    object.insert(QLatin1String("time"),
                  QDateTime::fromMSecsSinceEpoch(wallTimeMs, Qt::UTC).toString(Qt::ISODateWithMs));
    object.insert(QLatin1String("from"), endpointName(from));
    object.insert(QLatin1String("to"), endpointName(to));
    object.insert(QLatin1String("pattern"), pattern);
    object.insert(QLatin1String("channel"), channel);
    object.insert(QLatin1String("payload"), parsePayload(payload));
    object.insert(QLatin1String("size"),
                  size < 0 ? QJsonValue(QJsonValue::Null) : QJsonValue(size));
    object.insert(QLatin1String("latencyUs"),
                  latencyNs < 0 ? QJsonValue(QJsonValue::Null) : QJsonValue(latencyNs / 1000.0));
    return object;
}

LogEntry LogEntry::fromJson(const QJsonObject &object)
{
    LogEntry entry;
    const QDateTime time = QDateTime::fromString(object.value(QLatin1String("time")).toString(),
                                                 Qt::ISODateWithMs);
    entry.wallTimeMs = time.isValid() ? time.toMSecsSinceEpoch() : 0;
    entry.from = endpointId(object.value(QLatin1String("from")).toString());
    entry.to = endpointId(object.value(QLatin1String("to")).toString());
    entry.pattern = object.value(QLatin1String("pattern")).toString();
    entry.channel = object.value(QLatin1String("channel")).toString();
    entry.payload = payloadText(object.value(QLatin1String("payload")));
    const QJsonValue size = object.value(QLatin1String("size"));
    entry.size = size.isDouble() ? size.toInteger(-1) : -1;
    const QJsonValue latency = object.value(QLatin1String("latencyUs"));
    // Rounded, so that the nanoseconds written out as microseconds come back exactly.
    entry.latencyNs = latency.isDouble() ? qRound64(latency.toDouble() * 1000.0) : -1;
    return entry;
}

LogEntry LogEntry::fromTrace(const TraceRecord &record, qint64 nowNs, qint64 nowWallMs)
{
    LogEntry entry;
    // Renderers report in batches, and a sender's clock says when the message set out, which is
    // what orders cause before effect: date each record by its send time.
    entry.sentAtNs = record.sentAt > 0 ? record.sentAt : record.receivedAt;
    entry.wallTimeMs = nowWallMs - qMax<qint64>(0, nowNs - entry.sentAtNs) / 1000000;
    entry.from = record.from;
    entry.to = record.to;
    entry.pattern = record.pattern;
    entry.channel = record.channel;
    entry.payload = payloadText(record.payload);
    entry.size = record.size;
    entry.latencyNs = record.latency();
    return entry;
}

QString LogEntry::endpointName(int id)
{
    return id == 0 ? QStringLiteral("main") : rendererPrefix + QString::number(id);
}
