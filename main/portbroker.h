#pragma once

#include "portrouter.h"

#include <QHash>
#include <QSet>
#include <QVarLengthArray>

#include <deque>
#include <functional>

class RendererLauncher;
struct Message;

// Main's PortRouter, and the broker of every channel between processes. Every port transfer
// passes through main, so it knows where each moved port lives; it tells a port's holder when
// the other end moves, introduces two renderers that share a channel so that they can talk over
// a direct pipe, and closes the surviving end when a renderer dies.
//
// Renderers are untrusted: before main acts on a port frame, refusal() checks that the sender
// holds what it speaks for (PROTOCOL.md section 8, "Who may use a port").
class PortBroker : public PortRouter
{
    Q_OBJECT
public:
    explicit PortBroker(RendererLauncher *launcher);

    // Why renderer `from` may not send message (a port message, or a send carrying ports), or
    // an empty string. A reason is a bad message: the renderer is killed with it.
    QString refusal(const Message &message, int from);

    // Called when a renderer is gone for good.
    void rendererGone(int id);
    // A port message from renderer `from`: what main passes on counts against from's budget
    // for relayed bytes (RendererLauncher::setMaxRelayedBytes).
    void receiveRelayed(const PortMessage &message, int from);
    // Renderer `from` has a pipe server up for renderer message.peer.
    void pipeListening(int from, const Message &message);

    // Ports a renderer brought into main's view that are still open (both ends of each channel
    // it made and handed on). Past the limit its next transfer is a bad message.
    void setMaxPortsPerRenderer(int limit) { m_maxPorts = limit; }
    int maxPortsPerRenderer() const { return m_maxPorts; }
    // Port messages main holds for its own ports that wait for an earlier one, per sender.
    void setMaxEarlyMessagesPerRenderer(int limit) { m_maxEarly = limit; }
    int maxEarlyMessagesPerRenderer() const { return m_maxEarly; }
    qsizetype bookkeepingSize() const override;

    static constexpr int defaultMaxPortsPerRenderer = 16384;
    static constexpr int defaultMaxEarlyMessagesPerRenderer = 4096;

protected:
    int locate(qint64 port, int hint) const override;
    IpcError transmit(int location, const PortMessage &message) override;
    void portsLeaving(QList<PortRecord> &records, int destination) override;
    void portsArriving(QList<PortRecord> &records) override;
    void portsArrived(const QList<PortRecord> &records) override;
    void portForgotten(qint64 id, qint64 peer, bool peerClosed) override;

private:
    struct Where
    {
        int location = 0;
        qint64 peer = 0;
        int introducedBy = 0; // the renderer whose transfer made it known (its quota), 0: main
        QVarLengthArray<int, 2> previous; // renderers that held it: their stubs may forward to it
    };

    IpcError sendTo(int location, const Message &message);
    QString refuseRecords(const QList<PortRecord> &records, int from, QSet<qint64> *seen,
                          int *fresh);
    void record(QList<PortRecord> &records, int destination);
    void registerLeaving(const QList<PortRecord> &records);
    void markUnvouched(QList<PortRecord> &records);
    void arrived(const QList<PortRecord> &records);
    void move(qint64 port, int location);
    void insert(qint64 port, const Where &where);
    void erase(qint64 port);
    bool knows(qint64 port) const;
    qint64 peerOf(qint64 port) const;
    int earlyFrom(int from) const;
    void tellWhere(qint64 port, int peerAt, quint64 resendFrom = 0);
    void introduce(int a, int b);
    void handedOn(qint64 port, int from, quint64 recvSeq);
    struct Carried;
    void forgetCarried(qint64 port, const std::function<bool(const Carried &)> &matches);
    void sayLost(int location);

    RendererLauncher *m_launcher;
    int m_relayFrom = 0; // the renderer whose port message is being passed on
    QHash<qint64, Where> m_where; // every port that ever left the process it was born in
    QHash<int, int> m_introduced; // renderer -> entries of m_where it made known
    QSet<qint64> m_unvouched; // ports of the frame being handled that main cannot vouch for
    QHash<QPair<int, int>, QString> m_pipes; // renderer pairs introduced, with their secret
    // Messages carrying ports (and stand-ins for lost ones) that main relayed to the renderer
    // holding their destination port, by that port: if the renderer hands the port on and dies
    // before its stub forwards them, main tells the port's new home they were lost
    // (PROTOCOL.md 8).
    struct Carried
    {
        quint64 seq = 0;
        int location = 0;
    };
    QHash<qint64, std::deque<Carried>> m_carrying;
    int m_maxPorts = defaultMaxPortsPerRenderer;
    int m_maxEarly = defaultMaxEarlyMessagesPerRenderer;
};
