#pragma once

#include "portrouter.h"

#include <QHash>
#include <QSet>

class RendererLauncher;
struct Message;

// Main's PortRouter, and the broker of every channel between processes. Every port transfer
// passes through main, so it knows where each moved port lives; it tells a port's holder when
// the other end moves, introduces two renderers that share a channel so that they can talk over
// a direct pipe, and closes the surviving end when a renderer dies.
class PortBroker : public PortRouter
{
    Q_OBJECT
public:
    explicit PortBroker(RendererLauncher *launcher);

    // Called when a renderer is gone for good.
    void rendererGone(int id);
    // Renderer `from` has a pipe server up for renderer message.peer.
    void pipeListening(int from, const Message &message);

protected:
    int locate(qint64 port, int hint) const override;
    IpcError transmit(int location, const PortMessage &message) override;
    void portsLeaving(QList<PortRecord> &records, int destination) override;
    void portsArrived(const QList<PortRecord> &records) override;

private:
    IpcError sendTo(int location, const Message &message);
    void record(QList<PortRecord> &records, int destination);
    void arrived(const QList<PortRecord> &records);
    void tellWhere(qint64 port, int peerAt, quint64 resendFrom = 0);
    void introduce(int a, int b);

    struct Where
    {
        int location = 0;
        qint64 peer = 0;
    };
    RendererLauncher *m_launcher;
    QHash<qint64, Where> m_where;           // ports that moved, with their peers
    QHash<QPair<int, int>, QString> m_pipes; // renderer pairs introduced, with their secret
};
