#pragma once

#include "contender.h"
#include "peerprocess.h"

#include <QString>

#include <memory>

class QRemoteObjectDynamicReplica;
class QRemoteObjectNode;

// Qt Remote Objects over its local: transport: a source object with an echo(QString) slot in a
// copy of ipclab-bench started as a peer (--qtro-peer), and a dynamic replica here (no repc)
// that calls it; one round trip is one QRemoteObjectPendingCall, waited for in the event loop.
// Built only when Qt6::RemoteObjects is found (Debian: qt6-remoteobjects-dev).
class RemoteObjectsPingPong : public Contender
{
public:
    explicit RemoteObjectsPingPong(const QString &payload);
    ~RemoteObjectsPingPong() override;
    QString name() const override
    {
        return QStringLiteral("Qt Remote Objects local: (dynamic replica)");
    }
    qint64 payloadBytes() const override { return m_payload.toUtf8().size(); }
    bool start(QString *why) override;
    bool run(int count, std::vector<double> *samples, QString *error) override;
    void stop() override;

    // The peer's side, run in the child process: hosts the echo source at url until stdin closes.
    static int runPeer(const QString &url);

private:
    QString m_payload;
    PeerProcess m_peer;
    std::unique_ptr<QRemoteObjectNode> m_node;
    QRemoteObjectDynamicReplica *m_replica = nullptr;
};
