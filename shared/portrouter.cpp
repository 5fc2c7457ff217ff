#include "portrouter.h"

#include "logging.h"
#include "message.h"
#include "messageport.h"
#include "messageport_p.h"

#include <algorithm>

namespace {
// An end acknowledges what it has accepted after this many messages (and on a close), so that
// the sending end keeps at most about this many, plus what is on the wire, for sending again.
constexpr quint64 acknowledgeEvery = 64;
// A receiving end that never acknowledges costs the sender no more than this per port: past it,
// the oldest are no longer kept (and a hand-over by a dying holder may lose them).
constexpr size_t keepAtMost = 4096;
} // namespace

void PortRouter::RecentIds::insert(qint64 id)
{
    m_ids.insert(id, ++m_clock);
    m_order.emplace_back(id, m_clock);
    // The oldest go first; entries for ids removed or inserted again since are skipped.
    while (!m_order.empty()) {
        const auto [oldest, when] = m_order.front();
        auto it = m_ids.find(oldest);
        const bool current = it != m_ids.end() && it.value() == when;
        if (current && m_ids.size() <= rememberAtMost)
            break;
        if (current)
            m_ids.erase(it);
        m_order.pop_front();
    }
    if (m_order.size() > size_t(2 * rememberAtMost)) { // ids that come and go leave stale entries
        std::erase_if(m_order, [this](const std::pair<qint64, quint64> &entry) {
            return m_ids.value(entry.first) != entry.second;
        });
    }
}

PortRouter::PortRouter(int location, QObject *parent) : QObject(parent), m_location(location) { }

PortRouter::~PortRouter()
{
    for (const PortState &st : std::as_const(m_ports)) {
        if (st.object)
            st.object->d_func()->m_neutered = true;
    }
}

MessagePort *PortRouter::bind(qint64 id, QObject *parent)
{
    auto *port = new MessagePort(this, id, parent ? parent : this);
    m_ports[id].object = port;
    return port;
}

std::pair<MessagePort *, MessagePort *> PortRouter::createChannel(QObject *parent)
{
    const qint64 a = (qint64(m_location) << 32) | m_nextPort++;
    const qint64 b = (qint64(m_location) << 32) | m_nextPort++;
    PortState first;
    first.peer = b;
    first.peerAt = m_location;
    PortState second = first;
    second.peer = a;
    m_ports.insert(a, first);
    m_ports.insert(b, second);
    return {bind(a, parent), bind(b, parent)};
}

IpcError PortRouter::post(MessagePort *from, const QJsonValue &data, const QList<MessagePort *> &transfer)
{
    auto it = m_ports.find(from->id());
    if (it == m_ports.end() || it->peerClosed)
        return {}; // posting on a closed port is silently dropped
    IpcError error = checkCloneableValue(data);
    if (!error.isNull())
        return error;
    const qint64 peer = it->peer;
    for (qsizetype i = 0; i < transfer.size(); ++i) {
        // It would be sent to itself: a loop, not a message.
        if (transfer.at(i) && transfer.at(i)->d_func()->m_router == this && transfer.at(i)->id() == peer)
            return IpcError(m_location == 0 ? QStringLiteral("Error") : QStringLiteral("DataCloneError"),
                            QStringLiteral("Port at index %1 is entangled with the source port.").arg(i));
    }
    const bool peerHere = m_ports.contains(peer);
    const int destination = peerHere ? m_location : locate(peer, it->peerAt);
    PortMessage message;
    message.port = peer;
    message.data = data;
    if (!transfer.isEmpty()) {
        error = detach(transfer, from, destination, &message.ports);
        if (!error.isNull())
            return error;
        it = m_ports.find(from->id());
    }
    message.seq = it->sendSeq++;
    // Ports travel through main, which keeps track of where every moved port is.
    error = route(message, message.ports.isEmpty() ? it->peerAt : 0);
    if (error.name() == QLatin1String("RangeError")) {
        // Nothing went: give the number back, or every later message would wait for it.
        auto again = m_ports.find(from->id());
        if (again != m_ports.end() && again->sendSeq == message.seq + 1)
            again->sendSeq = message.seq;
        return error;
    }
    if (!peerHere && message.ports.isEmpty())
        keep(from->id(), message);
    return {};
}

IpcError PortRouter::route(const PortMessage &message, int hint, int from)
{
    if (acknowledged(message))
        return {};
    if (m_ports.contains(message.port)) {
        accept(message.port, message);
        return {};
    }
    const int location = locate(message.port, hint);
    if (location == m_location && m_location != 0 && !m_moved.contains(message.port)
        && !m_closed.contains(message.port)) {
        holdOrphan(message); // its transfer is still on the way here
        return {};
    }
    // Main may send a message back where it came from: a renderer forwards one for a port that
    // is not there (yet), and main, which has already sent the port there, knows it is on its way
    // (a port coming back to a renderer that held it before, or to the one holding its other
    // end). Main's connection to that renderer keeps the port ahead of the message. A port that
    // closed or whose process died is unknown to main (gone). Once only: a port that comes back
    // inside a message the renderer holds early is not there yet the second time, and the
    // message is dropped rather than sent to and fro.
    if (location == gone || location == m_location
        || (m_location == 0 && location == from && !returnOnce(message))) {
        discard(message);
        return {};
    }
    if (!message.ports.isEmpty()) {
        QList<PortRecord> records = message.ports;
        portsLeaving(records, location);
        PortMessage updated = message;
        updated.ports = records;
        const IpcError error = transmit(location, updated);
        if (!error.isNull() && error.name() != QLatin1String("RangeError"))
            discard(updated);
        return error;
    }
    const IpcError error = transmit(location, message);
    if (!error.isNull() && error.name() != QLatin1String("RangeError"))
        discard(message);
    return error;
}

bool PortRouter::returnOnce(const PortMessage &message)
{
    const std::pair<qint64, quint64> key(message.port, message.seq != 0 ? message.seq : message.ack | (quint64(1) << 63));
    if (std::find(m_returned.cbegin(), m_returned.cend(), key) != m_returned.cend())
        return false;
    m_returned.push_back(key);
    if (m_returned.size() > size_t(rememberAtMost))
        m_returned.pop_front();
    return true;
}

void PortRouter::receive(const PortMessage &message, int from)
{
    if (acknowledged(message))
        return;
    if (m_ports.contains(message.port)) {
        accept(message.port, message);
        return;
    }
    if (m_moved.contains(message.port) || m_location == 0) {
        // It moved on (or, in main, lives elsewhere): send it towards its home, and with it
        // whatever was waiting here for the ports it carries.
        ++m_forwarded;
        route(message, -1, from);
        takeAlong(message.ports);
        return;
    }
    if (!m_closed.contains(message.port)) {
        holdOrphan(message); // its transfer is still on the way here
        return;
    }
    discard(message);
}

void PortRouter::takeAlong(const QList<PortRecord> &records)
{
    for (const PortRecord &record : records) {
        if (m_location != 0) // main routes by what PortBroker knows, not by stubs
            m_moved.insert(record.id);
        for (const PortMessage &early : takeOrphans(record.id)) {
            ++m_forwarded;
            route(early, -1);
        }
        for (const PortMessage &pending : record.pending)
            takeAlong(pending.ports);
    }
}

// A message for a port this renderer does not know is for one still on its way here (or one it
// forgot, long closed or moved on): held, within a limit, until the port arrives.
void PortRouter::holdOrphan(const PortMessage &message)
{
    auto held = m_orphans.find(message.port);
    if (held == m_orphans.end()) {
        held = m_orphans.insert(message.port, {});
        m_orphanOrder.push_back(message.port);
    }
    held->append(message);
    ++m_orphanCount;
    while (m_orphanCount > rememberAtMost && !m_orphanOrder.empty()) {
        const qint64 oldest = m_orphanOrder.front();
        m_orphanOrder.pop_front();
        for (const PortMessage &dropped : takeOrphans(oldest))
            discard(dropped);
    }
}

QList<PortMessage> PortRouter::takeOrphans(qint64 id)
{
    const QList<PortMessage> held = m_orphans.take(id);
    m_orphanCount -= held.size();
    if (m_orphans.isEmpty())
        m_orphanOrder.clear();
    else if (m_orphanOrder.size() > size_t(2 * m_orphans.size() + 64))
        std::erase_if(m_orphanOrder, [this](qint64 port) { return !m_orphans.contains(port); });
    return held;
}

void PortRouter::discard(const PortMessage &message)
{
    ++m_dropped;
    qCDebug(lcProtocol) << "port message for" << message.port << "dropped: the port is closed or gone";
    // Both ends closed, their closes crossing: neither acknowledges the other's, and neither
    // needs what the other kept for it.
    if (message.close)
        m_unacked.remove(message.port);
    // Ports it carried die with it: their other ends must hear so, not wait for ever.
    for (const PortRecord &record : message.ports) {
        if (m_location != 0)
            m_closed.insert(record.id);
        for (const PortMessage &orphan : takeOrphans(record.id))
            discard(orphan);
        if (!record.peerClosed) {
            PortMessage close;
            close.port = record.peer;
            close.seq = record.sendSeq;
            close.close = true;
            route(close, record.peerAt);
        }
        for (const PortMessage &pending : record.pending)
            discard(pending);
    }
}

void PortRouter::accept(qint64 id, const PortMessage &first)
{
    if (first.ack != 0) { // an acknowledgement that waited for this port to arrive
        acknowledged(first);
        return;
    }
    auto it = m_ports.find(id);
    if (first.seq == 0) { // a close main sends for a peer that died
        if (holdDeathClose(it->peerAt)) {
            it->deathClosePending = true; // its last messages may still be on the pipe
            return;
        }
        it->peerClosed = true;
        return flush(id);
    }
    // After its peer's close nothing more can come in order: drop it rather than hold it early.
    if (first.seq < it->recvSeq || it->peerClosed) {
        if (first.seq >= it->recvSeq)
            discard(first);
        return;
    }
    if (first.seq > it->recvSeq) {
        it->early.emplace(first.seq, first);
        return;
    }
    PortMessage message = first;
    for (;;) {
        it->recvSeq++;
        if (message.close) {
            it->peerClosed = true;
        } else if (message.lost) {
            // Main's word that this one died with a holder this port had (PROTOCOL.md 8): its
            // place in the numbering is taken, nothing is delivered, its ports are closed.
            ++m_dropped;
        } else {
            const quint64 seq = message.seq;
            // Adopting may add ports, so look this one up again afterwards.
            QList<MessagePort *> ports = adopt(message.ports, this);
            it = m_ports.find(id);
            it->queue.push_back(Delivery{seq, message.data, ports});
        }
        auto next = it->early.find(it->recvSeq);
        if (next == it->early.end())
            break;
        message = std::move(next->second);
        it->early.erase(next);
    }
    if ((it->recvSeq - it->ackedUpTo >= acknowledgeEvery || it->peerClosed) && !m_ports.contains(it->peer)) {
        // Tell the sending end how far this end got, so that it keeps no more than it must.
        it->ackedUpTo = it->recvSeq;
        PortMessage ack;
        ack.port = it->peer;
        ack.ack = it->recvSeq;
        route(ack, it->peerAt);
    }
    flush(id);
}

bool PortRouter::acknowledged(const PortMessage &message)
{
    if (message.ack == 0)
        return false;
    auto kept = m_unacked.find(message.port);
    if (kept != m_unacked.end()) {
        while (!kept->empty() && kept->front().seq < message.ack)
            kept->pop_front();
        if (kept->empty())
            m_unacked.erase(kept);
        return true;
    }
    // One for a port that lives elsewhere travels on, like any port message.
    return m_ports.contains(message.port) || m_closed.contains(message.port);
}

void PortRouter::keep(qint64 id, const PortMessage &message)
{
    std::deque<PortMessage> &kept = m_unacked[id];
    kept.push_back(message);
    if (kept.size() > keepAtMost)
        kept.pop_front();
}

void PortRouter::sendAgain(qint64 port, quint64 seq)
{
    auto kept = m_unacked.find(port);
    if (kept == m_unacked.end())
        return;
    // The old home accepted everything before seq, and its record took it along.
    while (!kept->empty() && kept->front().seq < seq)
        kept->pop_front();
    const std::deque<PortMessage> again = *kept;
    if (kept->empty())
        m_unacked.erase(kept);
    auto st = m_ports.constFind(port);
    const int hint = st != m_ports.cend() ? st->peerAt : -1;
    // The new home drops what it already has, by seq.
    for (const PortMessage &message : again)
        route(message, hint);
}

void PortRouter::flush(qint64 id)
{
    auto it = m_ports.find(id);
    if (it == m_ports.end() || !it->started || m_flushing.contains(id))
        return;
    m_flushing.insert(id);
    QPointer<PortRouter> self(this);
    while (it != m_ports.end() && !it->queue.empty()) {
        Delivery delivery = std::move(it->queue.front());
        it->queue.pop_front();
        if (QPointer<MessagePort> port = it->object)
            Q_EMIT port->message(delivery.data, delivery.ports);
        if (!self)
            return; // a listener deleted this process's ports altogether
        it = m_ports.find(id); // a listener may have closed or moved the port
    }
    m_flushing.remove(id);
    if (it != m_ports.end() && it->peerClosed && it->queue.empty()) {
        QPointer<MessagePort> port = it->object;
        forget(id);
        m_unacked.remove(id); // the other end is closed: nothing needs sending again
        if (port) {
            port->d_func()->m_neutered = true;
            Q_EMIT port->closed();
        }
    }
}

void PortRouter::start(MessagePort *port)
{
    auto it = m_ports.find(port->id());
    if (it == m_ports.end() || it->started)
        return;
    it->started = true;
    flush(port->id());
}

void PortRouter::close(MessagePort *port)
{
    auto it = m_ports.find(port->id());
    if (it == m_ports.end())
        return;
    if (!it->peerClosed) {
        PortMessage message;
        message.port = it->peer;
        message.seq = it->sendSeq++;
        message.close = true;
        const int hint = it->peerAt;
        const bool peerHere = m_ports.contains(it->peer);
        forget(port->id());
        route(message, hint);
        if (!peerHere)
            keep(port->id(), message); // until the other end acknowledges the close
    } else {
        forget(port->id());
    }
}

void PortRouter::forget(qint64 id)
{
    PortState st = m_ports.take(id);
    if (m_location != 0) // in main, PortBroker knows what is closed
        m_closed.insert(id);
    // What was accepted and never delivered dies with the port: ports it carried close, so that
    // their other ends hear of it (and, in main, nothing of them stays behind).
    for (const Delivery &delivery : st.queue)
        closeUndelivered(delivery.ports);
    for (const auto &early : st.early)
        discard(early.second);
    portForgotten(id, st.peer, st.peerClosed);
}

void PortRouter::closeUndelivered(const QList<MessagePort *> &ports)
{
    for (MessagePort *port : ports) {
        if (port && port->parent() == this) { // nobody was given it: it is ours to end
            port->close();
            port->deleteLater();
        }
    }
}

qsizetype PortRouter::bookkeepingSize() const
{
    qsizetype size = m_ports.size() + m_moved.footprint() + m_closed.footprint() + m_flushing.size()
            + m_orphanCount + qsizetype(m_orphanOrder.size()) + m_unacked.size()
            + qsizetype(m_returned.size());
    for (const PortState &st : m_ports)
        size += qsizetype(st.early.size() + st.queue.size());
    return size + findChildren<MessagePort *>(Qt::FindDirectChildrenOnly).size();
}

IpcError PortRouter::detach(const QList<MessagePort *> &ports, const MessagePort *source, int destination,
                            QList<PortRecord> *records, TransferCheck check)
{
    // Main speaks as Electron's MessagePort::DisentanglePorts (plain Errors), a renderer's ports
    // as Blink's (DataCloneErrors); ipcRenderer.postMessage's binding takes only live ports.
    const bool inMain = m_location == 0;
    const bool onlyLivePorts = check == TransferCheck::PostMessage && !inMain;
    const QString errorName = inMain ? QStringLiteral("Error") : QStringLiteral("DataCloneError");
    QSet<qint64> seen;
    for (qsizetype i = 0; i < ports.size(); ++i) {
        const MessagePort *port = ports.at(i);
        const bool valid = port && port->d_func()->m_router == this;
        const bool neutered = valid && (port->d_func()->m_neutered || !m_ports.contains(port->id()));
        if (check == TransferCheck::PostMessage && (!valid || (onlyLivePorts && (neutered || seen.contains(port->id())))))
            return IpcError(inMain ? QStringLiteral("Error") : QStringLiteral("TypeError"),
                            QStringLiteral("Invalid value for transfer"));
        if (!valid)
            return IpcError(QStringLiteral("TypeError"), QStringLiteral("Port at index %1 is not a valid port").arg(i));
        if (port == source)
            return IpcError(errorName, QStringLiteral("Port at index %1 contains the source port.").arg(i));
        if (neutered)
            return IpcError(errorName, QStringLiteral("Port at index %1 is already neutered.").arg(i));
        if (seen.contains(port->id()))
            return IpcError(errorName, inMain ? QStringLiteral("Port at index %1 is a duplicate.").arg(i)
                                              : QStringLiteral("Port at index %1 is a duplicate of an earlier port.").arg(i));
        seen.insert(port->id());
    }
    for (MessagePort *port : ports)
        records->append(recordOf(port->id(), destination));
    portsLeaving(*records, destination);
    return {};
}

PortRecord PortRouter::recordOf(qint64 id, int destination)
{
    PortState st = m_ports.take(id);
    if (m_location != 0)
        m_moved.insert(id);
    if (st.object)
        st.object->d_func()->m_neutered = true;
    PortRecord record;
    record.id = id;
    record.peer = st.peer;
    record.sendSeq = st.sendSeq;
    record.recvSeq = st.recvSeq;
    record.peerClosed = st.peerClosed;
    for (const PortMessage &kept : m_unacked.take(id))
        record.unacked.append(kept);
    auto peer = m_ports.find(st.peer);
    if (peer != m_ports.end()) {
        record.peerAt = m_location;
        // The peer stays; until main says where its partner went, reach it through main.
        peer->peerAt = destination == m_location ? m_location : -1;
    } else {
        record.peerAt = st.peerAt;
    }
    for (Delivery &d : st.queue) {
        PortMessage m;
        m.port = id;
        m.seq = d.seq;
        m.data = d.data;
        for (MessagePort *inner : std::as_const(d.ports)) {
            if (inner && m_ports.contains(inner->id()))
                m.ports.append(recordOf(inner->id(), destination));
        }
        record.pending.append(m);
    }
    for (auto &entry : st.early)
        record.pending.append(entry.second);
    return record;
}

QList<MessagePort *> PortRouter::adopt(const QList<PortRecord> &arriving, QObject *parent)
{
    QList<PortRecord> records = arriving;
    portsArriving(records);
    QList<MessagePort *> adopted;
    for (const PortRecord &r : records) {
        m_moved.remove(r.id);
        m_closed.remove(r.id);
        PortState st;
        st.peer = r.peer;
        st.peerAt = r.peerAt;
        st.sendSeq = r.sendSeq;
        st.recvSeq = r.recvSeq;
        st.peerClosed = r.peerClosed;
        st.ackedUpTo = r.recvSeq;
        if (!r.unacked.isEmpty())
            m_unacked[r.id] = std::deque<PortMessage>(r.unacked.cbegin(), r.unacked.cend());
        auto peer = m_ports.find(r.peer);
        if (peer != m_ports.end()) {
            st.peerAt = m_location;
            peer->peerAt = m_location;
        }
        m_ports.insert(r.id, st);
        for (const PortMessage &m : r.pending) {
            if (m.seq < r.recvSeq && !m.close) {
                QList<MessagePort *> inner = adopt(m.ports, this);
                m_ports[r.id].queue.push_back(Delivery{m.seq, m.data, inner});
            } else {
                m_ports[r.id].early.emplace(m.seq, m);
            }
        }
        adopted.append(bind(r.id, parent));
        for (const PortMessage &m : takeOrphans(r.id))
            accept(r.id, m);
    }
    if (!records.isEmpty())
        portsArrived(records);
    return adopted;
}

void PortRouter::closePortsWithPeerAt(int location)
{
    const QList<qint64> ids = m_ports.keys();
    for (qint64 id : ids) {
        auto it = m_ports.find(id);
        if (it == m_ports.end() || m_ports.contains(it->peer))
            continue;
        if (locate(it->peer, it->peerAt) == location) {
            it->peerClosed = true;
            m_unacked.remove(id);
            flush(id);
        }
    }
    // Closed ports here kept what they sent to that process until it acknowledged: not any more.
    for (auto kept = m_unacked.begin(); kept != m_unacked.end();) {
        if (!m_ports.contains(kept.key()) && !kept->empty() && locate(kept->front().port, -1) == location)
            kept = m_unacked.erase(kept);
        else
            ++kept;
    }
}

void PortRouter::pipeClosed(int location)
{
    const QList<qint64> ids = m_ports.keys();
    for (qint64 id : ids) {
        auto it = m_ports.find(id);
        if (it != m_ports.end() && it->deathClosePending && it->peerAt == location) {
            it->peerClosed = true;
            flush(id);
        }
    }
}

void PortRouter::setPeerLocation(qint64 port, int peerLocation)
{
    auto it = m_ports.find(port);
    if (it != m_ports.end() && !m_ports.contains(it->peer))
        it->peerAt = peerLocation;
}
