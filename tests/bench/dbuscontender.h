#pragma once

#include "contender.h"
#include "peerprocess.h"

#include <QString>

// QtDBus peer to peer, no bus daemon: a QDBusServer in a copy of ipclab-bench started as a
// peer (--dbus-peer) exports an echo(QString) method; this process connects with
// QDBusConnection::connectToPeer() and makes asynchronous method calls, one per round trip.
// Built only when Qt6::DBus is found.
class DBusPingPong : public Contender
{
public:
    explicit DBusPingPong(const QString &payload) : m_payload(payload) { }
    ~DBusPingPong() override { stop(); }
    QString name() const override { return QStringLiteral("QtDBus peer-to-peer method call"); }
    qint64 payloadBytes() const override { return m_payload.toUtf8().size(); }
    bool start(QString *why) override;
    bool run(int count, std::vector<double> *samples, QString *error) override;
    void stop() override;

    // The peer's side, run in the child process: serves echo() until stdin closes.
    static int runPeer();

private:
    QString m_payload;
    PeerProcess m_peer;
    QString m_connectionName;
};
