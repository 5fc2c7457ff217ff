#include "portmessage.h"

#include <QJsonArray>

#include <limits>

namespace {

bool readInteger(const QJsonObject &o, const char *key, qint64 minimum, qint64 *out, QString *error,
                 qint64 maximum = std::numeric_limits<qint64>::max())
{
    constexpr qint64 invalid = std::numeric_limits<qint64>::min();
    const qint64 n = o.value(QLatin1String(key)).toInteger(invalid);
    if (n == invalid || n < minimum || n > maximum) {
        *error = maximum == std::numeric_limits<qint64>::max()
                ? QStringLiteral("field '%1' must be an integer >= %2").arg(QLatin1String(key)).arg(minimum)
                : QStringLiteral("field '%1' must be an integer from %2 to %3").arg(QLatin1String(key)).arg(minimum).arg(maximum);
        return false;
    }
    *out = n;
    return true;
}

bool readRecords(const QJsonValue &value, QList<PortRecord> *records, QString *error)
{
    if (value.isUndefined())
        return true;
    if (!value.isArray()) {
        *error = QStringLiteral("field 'ports' must be an array");
        return false;
    }
    for (const QJsonValue &v : value.toArray()) {
        PortRecord r;
        if (!PortRecord::fromJson(v, &r, error))
            return false;
        records->append(r);
    }
    return true;
}

QJsonArray recordsToJson(const QList<PortRecord> &records)
{
    QJsonArray array;
    for (const PortRecord &r : records)
        array.append(r.toJson());
    return array;
}

} // namespace

QJsonObject PortMessage::toJson() const
{
    QJsonObject o{{QStringLiteral("port"), port}, {QStringLiteral("seq"), qint64(seq)}};
    if (ack != 0)
        o.insert(QStringLiteral("ack"), qint64(ack));
    else if (close)
        o.insert(QStringLiteral("close"), true);
    else if (lost)
        o.insert(QStringLiteral("lost"), true);
    else
        o.insert(QStringLiteral("data"), data.isUndefined() ? QJsonValue() : data);
    if (!ports.isEmpty())
        o.insert(QStringLiteral("ports"), recordsToJson(ports));
    return o;
}

bool PortMessage::fromJson(const QJsonObject &o, PortMessage *m, QString *error)
{
    qint64 port = 0;
    qint64 seq = 0;
    if (!readInteger(o, "port", 1, &port, error) || !readInteger(o, "seq", 0, &seq, error))
        return false;
    m->port = port;
    m->seq = quint64(seq);
    m->close = o.value(QLatin1String("close")).toBool();
    m->lost = o.value(QLatin1String("lost")).toBool() && !m->close && seq > 0;
    if (o.contains(QLatin1String("ack"))) {
        qint64 ack = 0;
        if (!readInteger(o, "ack", 1, &ack, error))
            return false;
        if (seq != 0 || m->close) {
            *error = QStringLiteral("an acknowledgement has seq 0 and no close");
            return false;
        }
        m->ack = quint64(ack);
    }
    m->data = o.value(QLatin1String("data"));
    return readRecords(o.value(QLatin1String("ports")), &m->ports, error);
}

QJsonObject PortRecord::toJson() const
{
    QJsonArray queued;
    for (const PortMessage &m : pending)
        queued.append(m.toJson());
    QJsonObject o{{QStringLiteral("id"), id},
                  {QStringLiteral("peer"), peer},
                  {QStringLiteral("peerAt"), peerAt},
                  {QStringLiteral("sendSeq"), qint64(sendSeq)},
                  {QStringLiteral("recvSeq"), qint64(recvSeq)}};
    if (!queued.isEmpty())
        o.insert(QStringLiteral("pending"), queued);
    QJsonArray kept;
    for (const PortMessage &m : unacked)
        kept.append(m.toJson());
    if (!kept.isEmpty())
        o.insert(QStringLiteral("unacked"), kept);
    if (peerClosed)
        o.insert(QStringLiteral("peerClosed"), true);
    return o;
}

bool PortRecord::fromJson(const QJsonValue &value, PortRecord *r, QString *error)
{
    if (!value.isObject()) {
        *error = QStringLiteral("a transferred port must be an object");
        return false;
    }
    const QJsonObject o = value.toObject();
    qint64 id = 0, peer = 0, peerAt = 0, sendSeq = 0, recvSeq = 0;
    if (!readInteger(o, "id", 1, &id, error) || !readInteger(o, "peer", 1, &peer, error)
        // peerAt is a renderer id (an int), or -1: a larger number must not wrap into one.
        || !readInteger(o, "peerAt", -1, &peerAt, error, std::numeric_limits<int>::max())
        || !readInteger(o, "sendSeq", 1, &sendSeq, error)
        || !readInteger(o, "recvSeq", 1, &recvSeq, error))
        return false;
    r->id = id;
    r->peer = peer;
    r->peerAt = int(peerAt);
    r->sendSeq = quint64(sendSeq);
    r->recvSeq = quint64(recvSeq);
    r->peerClosed = o.value(QLatin1String("peerClosed")).toBool();
    const QJsonValue pending = o.value(QLatin1String("pending"));
    if (!pending.isUndefined() && !pending.isArray()) {
        *error = QStringLiteral("field 'pending' must be an array");
        return false;
    }
    for (const QJsonValue &v : pending.toArray()) {
        PortMessage m;
        if (!PortMessage::fromJson(v.toObject(), &m, error))
            return false;
        r->pending.append(m);
    }
    const QJsonValue unacked = o.value(QLatin1String("unacked"));
    if (!unacked.isUndefined() && !unacked.isArray()) {
        *error = QStringLiteral("field 'unacked' must be an array");
        return false;
    }
    for (const QJsonValue &v : unacked.toArray()) {
        PortMessage m;
        if (!PortMessage::fromJson(v.toObject(), &m, error))
            return false;
        if (!m.ports.isEmpty() || m.seq == 0) {
            *error = QStringLiteral("an unacknowledged message is numbered and carries no ports");
            return false;
        }
        m.port = r->peer; // it was sent to the other end and nowhere else
        r->unacked.append(m);
    }
    return true;
}
