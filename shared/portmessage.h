#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QList>

struct PortRecord;

// One message on a MessagePort as it travels between processes. seq numbers the messages of
// one direction of one channel from 1; the receiving end delivers strictly in seq order, which
// is what lets a port move between processes without losing or reordering anything. seq 0
// marks a close that main sends on behalf of a peer that died (unordered by nature).
struct PortMessage
{
    qint64 port = 0; // the destination port
    quint64 seq = 0;
    QJsonValue data;
    QList<PortRecord> ports; // ports transferred with this message
    bool close = false;      // the sending end closed (or died, with seq 0)
    quint64 ack = 0;         // with seq 0: the other end has accepted every message before this
    bool lost = false;       // from main: this seq carried ports and died with a holder

    QJsonObject toJson() const;
    static bool fromJson(const QJsonObject &object, PortMessage *message, QString *errorString);
};

// A port on its way to another process: everything its new home needs to carry on exactly
// where the old one stopped.
struct PortRecord
{
    qint64 id = 0;
    qint64 peer = 0;
    int peerAt = -1;      // where the peer is, as the sender knows it (-1: ask main)
    quint64 sendSeq = 1;  // seq of the next message this port sends
    quint64 recvSeq = 1;  // seq of the next message this port expects
    QList<PortMessage> pending; // received here, not delivered yet (in order)
    QList<PortMessage> unacked; // sent from here, not yet acknowledged (kept to send again)
    bool peerClosed = false;

    QJsonObject toJson() const;
    static bool fromJson(const QJsonValue &value, PortRecord *record, QString *errorString);
};

// Port ids are (owner << 32) | n: any process can make channels without asking main, and an id
// says where its port was born (0 is main, n is renderer n).
inline int portOwner(qint64 id)
{
    return int(id >> 32);
}
