#pragma once

#include "ipcerror.h"
#include "portmessage.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>

#include <deque>
#include <map>

class MessagePort;

// Every MessagePort end in one process, and how messages get from one end to the other.
// Main and each renderer have one; they differ only in how they reach other processes
// (transmit) and in what they know about where ports are (locate), which subclasses supply.
//
// Ordering: each direction of a channel numbers its messages; an end accepts them strictly in
// order, holding early ones back. A port that moves leaves a forwarding stub behind, so what
// was already on its way reaches the new home through main, and the numbering puts it back in
// order there.
class PortRouter : public QObject
{
    Q_OBJECT
public:
    explicit PortRouter(int location, QObject *parent = nullptr);
    ~PortRouter() override;

    // 0 for main, the renderer id in a renderer.
    int location() const { return m_location; }
    // Where the numbering of this process's ports starts (before any channel is created).
    void setFirstPortNumber(qint64 number) { m_nextPort = number; }

    // Electron's `new MessageChannelMain()` / the web's `new MessageChannel()`.
    std::pair<MessagePort *, MessagePort *> createChannel(QObject *parent = nullptr);

    // Which call a transfer list came with: its texts differ. A port's own postMessage()
    // (MessagePortMain's in main, the web's MessagePort in a renderer), or the postMessage() of
    // webContents / ipcRenderer, whose bindings refuse any entry that is not a live port with
    // "Invalid value for transfer".
    enum class TransferCheck { Port, PostMessage };

    // Prepares ports for a journey to destination (a location). Checks the list the way
    // Electron (in main) or Blink (in a renderer) does; on success every port in it is neutered
    // here.
    IpcError detach(const QList<MessagePort *> &ports, const MessagePort *source, int destination,
                    QList<PortRecord> *records, TransferCheck check = TransferCheck::Port);
    // Brings ports that arrived from another process to life here.
    QList<MessagePort *> adopt(const QList<PortRecord> &records, QObject *parent);

    // A port message from another process (the one at location from).
    void receive(const PortMessage &message, int from);
    // The process at location is gone: every port here whose other end was there closes.
    void closePortsWithPeerAt(int location);
    // A pipe to location closed: deaths main reported while it still carried data take effect.
    void pipeClosed(int location);
    // Main tells where the other end of a port here now lives.
    void setPeerLocation(qint64 port, int peerLocation);
    // The other end of port moved on, and its old home had accepted everything before seq:
    // send what port sent from seq on again, towards the new home (see PROTOCOL.md, section 8).
    void sendAgain(qint64 port, quint64 seq);

    int portCount() const { return int(m_ports.size()); }
    // Entries this router keeps about ports: its ports, forwarding stubs, closed ids, early and
    // orphan messages, MessagePort objects it owns. In main it returns to its baseline once the
    // ports that passed through are closed (for tests: tst_portchurn).
    virtual qsizetype bookkeepingSize() const;
    // Port messages this process passed on for ports it does not hold (in a renderer: ports that
    // moved away; in main: every relay), and ones it dropped for a closed or gone port. For
    // tests and diagnostics.
    quint64 forwardedCount() const { return m_forwarded; }
    quint64 droppedCount() const { return m_dropped; }

    // Where locate() says a port of a dead process is: nowhere.
    static constexpr int gone = -2;
    // A renderer remembers at most this many ports that closed in it, and as many that moved on
    // from it (their forwarding stubs), forgetting the oldest first; and holds at most this many
    // messages for ports that have not arrived yet (the oldest are dropped, closing the ports
    // they carry). See PROTOCOL.md, section 8, "What a renderer remembers".
    static constexpr qsizetype rememberAtMost = 4096;

protected:
    // Where port (not in this process) is, given what the sending end believes (-1: unknown).
    virtual int locate(qint64 port, int hint) const
    {
        Q_UNUSED(port);
        return hint >= 0 ? hint : 0;
    }
    // Sends message towards the process at location; an error if nothing can reach it, or a
    // RangeError if it is too large for a frame.
    virtual IpcError transmit(int location, const PortMessage &message) = 0;
    // A close main sends for a peer that died: true to hold it until the pipe from that peer,
    // which may still carry its last messages, has closed.
    virtual bool holdDeathClose(int peerAt) const
    {
        Q_UNUSED(peerAt);
        return false;
    }
    // Ports are leaving for destination, inside an IPC message or a port message.
    virtual void portsLeaving(QList<PortRecord> &records, int destination)
    {
        Q_UNUSED(records);
        Q_UNUSED(destination);
    }
    virtual void portsArrived(const QList<PortRecord> &records) { Q_UNUSED(records); }
    // Ports from another process are about to be brought to life here (they may be changed:
    // main marks one it cannot vouch for as closed).
    virtual void portsArriving(QList<PortRecord> &records) { Q_UNUSED(records); }
    // A port here is gone for good (closed, or its peer closed and all was delivered).
    virtual void portForgotten(qint64 id, qint64 peer, bool peerClosed)
    {
        Q_UNUSED(id);
        Q_UNUSED(peer);
        Q_UNUSED(peerClosed);
    }
    // Ports of a message nobody will ever see close, towards their other ends.
    void closeUndelivered(const QList<MessagePort *> &ports);

    struct Delivery
    {
        quint64 seq = 0;
        QJsonValue data;
        QList<MessagePort *> ports;
    };
    struct PortState
    {
        qint64 peer = 0;
        int peerAt = -1;
        quint64 sendSeq = 1;
        quint64 recvSeq = 1;
        std::map<quint64, PortMessage> early; // arrived ahead of their turn
        std::deque<Delivery> queue;           // accepted, waiting for start()
        bool started = false;
        bool peerClosed = false;
        bool deathClosePending = false;
        quint64 ackedUpTo = 1; // recvSeq when this end last acknowledged
        QPointer<MessagePort> object;
    };
    // Peers of ports here, with where they are believed to be: for closing on a death.
    const QHash<qint64, PortState> &ports() const { return m_ports; }

private:
    // Ids remembered for a while, the oldest forgotten past a limit.
    class RecentIds
    {
    public:
        bool contains(qint64 id) const { return m_ids.contains(id); }
        void insert(qint64 id);
        void remove(qint64 id) { m_ids.remove(id); }
        qsizetype footprint() const { return qsizetype(m_order.size()); }

    private:
        QHash<qint64, quint64> m_ids; // id -> when it was (last) inserted
        std::deque<std::pair<qint64, quint64>> m_order;
        quint64 m_clock = 0;
    };

    friend class MessagePort;
    IpcError post(MessagePort *from, const QJsonValue &data, const QList<MessagePort *> &transfer);
    void start(MessagePort *port);
    void close(MessagePort *port);
    void forget(qint64 id);
    IpcError route(const PortMessage &message, int hint, int from = -1);
    bool returnOnce(const PortMessage &message);
    void discard(const PortMessage &message);
    void takeAlong(const QList<PortRecord> &records);
    void holdOrphan(const PortMessage &message);
    QList<PortMessage> takeOrphans(qint64 id);
    void accept(qint64 id, const PortMessage &message);
    bool acknowledged(const PortMessage &message);
    void keep(qint64 id, const PortMessage &message);
    void flush(qint64 id);
    MessagePort *bind(qint64 id, QObject *parent);
    PortRecord recordOf(qint64 id, int destination);

    const int m_location;
    qint64 m_nextPort = 1;
    QHash<qint64, PortState> m_ports;
    RecentIds m_moved;                          // forwarding stubs for ports that moved on
    RecentIds m_closed;                         // ports that closed here: drop what comes
    QSet<qint64> m_flushing;                    // ports delivering right now (no re-entry)
    QHash<qint64, QList<PortMessage>> m_orphans; // for ports still on their way here
    std::deque<qint64> m_orphanOrder;           // their ports, oldest first
    qsizetype m_orphanCount = 0;
    std::deque<std::pair<qint64, quint64>> m_returned; // in main: (port, seq) sent back once
    // What each port here (or closed here) sent to another process and its other end has not
    // acknowledged yet: sent again if that end's holder hands it on and dies (sendAgain()).
    QHash<qint64, std::deque<PortMessage>> m_unacked;
    quint64 m_forwarded = 0;
    quint64 m_dropped = 0;
};
