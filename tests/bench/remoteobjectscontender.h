#pragma once

#include "contender.h"
#include "peerprocess.h"

#include <QString>
#include <QVariantList>

#include <memory>

class QRemoteObjectDynamicReplica;
class QRemoteObjectNode;

// Qt Remote Objects over its local: transport: a source object with echo(QString) and
// echoList(QVariantList) slots in a copy of ipclab-bench started as a peer (--qtro-peer), and a
// dynamic replica here (no repc) that calls the one for the payload (a string, or the object
// payload as a QVariantList of QVariantMaps); one round trip is one QRemoteObjectPendingCall,
// waited for in the event loop. Built only when Qt6::RemoteObjects is found (Debian:
// qt6-remoteobjects-dev).
class RemoteObjectsPingPong : public Contender
{
public:
    explicit RemoteObjectsPingPong(const QString &payload);
    explicit RemoteObjectsPingPong(const QVariantList &payload, qint64 payloadBytes);
    ~RemoteObjectsPingPong() override;
    QString name() const override
    {
        return QStringLiteral("Qt Remote Objects local: (dynamic replica)");
    }
    qint64 payloadBytes() const override { return m_payloadBytes; }
    bool start(QString *why) override;
    bool run(int count, std::vector<double> *samples, QString *error) override;
    void stop() override;

    // The peer's side, run in the child process: hosts the echo source at url until stdin closes.
    static int runPeer(const QString &url);

private:
    QString m_payload;
    QVariantList m_list; // instead of m_payload when it is not empty
    qint64 m_payloadBytes = 0;
    PeerProcess m_peer;
    std::unique_ptr<QRemoteObjectNode> m_node;
    QRemoteObjectDynamicReplica *m_replica = nullptr;
};
