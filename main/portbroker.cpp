#include "portbroker.h"

#include "logging.h"
#include "message.h"
#include "rendererlauncher.h"
#include "webcontents.h"

#include <QRandomGenerator>

namespace {
// Stubs that may still forward for a port: its last few homes are plenty (a forward follows a
// move within a round trip).
constexpr qsizetype maxPreviousHolders = 4;
// Messages carrying ports main remembers relaying towards one port (older ones are forgotten,
// and then a loss with a dying holder is not told).
constexpr size_t maxCarried = 256;
} // namespace

PortBroker::PortBroker(RendererLauncher *launcher) : PortRouter(0, launcher), m_launcher(launcher)
{ }

// A port main has never seen leave its birthplace, or has forgotten because it closed, is
// nowhere as far as routing goes: nothing for it is forwarded.
int PortBroker::locate(qint64 port, int hint) const
{
    Q_UNUSED(hint); // main knows better than any hint
    if (ports().contains(port))
        return 0;
    auto it = m_where.constFind(port);
    return it != m_where.cend() ? it->location : gone;
}

bool PortBroker::knows(qint64 port) const
{
    return ports().contains(port) || m_where.contains(port);
}

qint64 PortBroker::peerOf(qint64 port) const
{
    auto here = ports().constFind(port);
    if (here != ports().cend())
        return here->peer;
    auto it = m_where.constFind(port);
    return it != m_where.cend() ? it->peer : 0;
}

void PortBroker::insert(qint64 port, const Where &where)
{
    erase(port);
    m_where.insert(port, where);
    if (where.introducedBy > 0)
        ++m_introduced[where.introducedBy];
}

void PortBroker::erase(qint64 port)
{
    auto it = m_where.find(port);
    if (it == m_where.end())
        return;
    if (it->introducedBy > 0) {
        auto count = m_introduced.find(it->introducedBy);
        if (count != m_introduced.end() && --count.value() <= 0)
            m_introduced.erase(count);
    }
    m_where.erase(it);
    m_carrying.remove(port);
}

void PortBroker::move(qint64 port, int location)
{
    auto it = m_where.find(port);
    if (it == m_where.end() || it->location == location)
        return;
    if (it->location > 0 && !it->previous.contains(it->location)) {
        if (it->previous.size() >= maxPreviousHolders)
            it->previous.remove(0);
        it->previous.append(it->location);
    }
    it->location = location;
}

int PortBroker::earlyFrom(int from) const
{
    int count = 0;
    for (const PortState &st : ports()) {
        if (!st.early.empty() && locate(st.peer, -1) == from)
            count += int(st.early.size());
    }
    return count;
}

QString PortBroker::refusal(const Message &message, int from)
{
    m_unvouched.clear();
    QSet<qint64> seen;
    int fresh = 0;
    if (message.kind == MessageKind::Send)
        return refuseRecords(message.ports, from, &seen, &fresh);
    if (message.kind != MessageKind::PortMessage)
        return {};
    const PortMessage &m = message.port;
    // seq 0 is out of band: an acknowledgement (PROTOCOL.md 8, hand-overs), which speaks for a
    // port like a message does, or main's close for a peer that died, which no renderer sends.
    if (m.seq == 0 && (m.close || m.ack == 0))
        return QStringLiteral("portMessage for port %1 with seq 0: only main closes a port for a "
                              "peer that died")
                .arg(m.port);
    // A port main does not know is closed, or has never left the process that made it: what is
    // sent to it is dropped (an honest sender may not have heard of the close yet).
    if (knows(m.port)) {
        const qint64 peer = peerOf(m.port);
        auto it = m_where.constFind(m.port);
        const bool stub = it != m_where.cend() && it->previous.contains(from);
        if (!stub && (!knows(peer) || locate(peer, -1) != from))
            return QStringLiteral("portMessage for port %1 from renderer %2, which does not hold "
                                  "its other end")
                    .arg(m.port)
                    .arg(from);
        auto here = ports().constFind(m.port);
        if (here != ports().cend() && m.seq > here->recvSeq && !here->peerClosed
            && earlyFrom(from) >= m_maxEarly)
            return QStringLiteral("renderer %1 has more than %2 port messages waiting in main for "
                                  "earlier ones")
                    .arg(from)
                    .arg(m_maxEarly);
    }
    return refuseRecords(m.ports, from, &seen, &fresh);
}

// Every port a renderer transfers must be one it holds now; one it made itself (never seen by
// main) is registered here, with its other end, and counts against its quota.
QString PortBroker::refuseRecords(const QList<PortRecord> &records, int from, QSet<qint64> *seen,
                                  int *fresh)
{
    for (const PortRecord &r : records) {
        if (seen->contains(r.id))
            return QStringLiteral("port %1 transferred twice in one message").arg(r.id);
        seen->insert(r.id);
        if (knows(r.id)) {
            if (locate(r.id, -1) != from)
                return QStringLiteral("transferred port %1 is not held by renderer %2")
                        .arg(r.id)
                        .arg(from);
            if (peerOf(r.id) != r.peer)
                return QStringLiteral("transferred port %1 names port %2 as its other end, which "
                                      "it is not")
                        .arg(r.id)
                        .arg(r.peer);
        } else if (portOwner(r.id) == from) {
            // Made here and never moved: its other end was made with it, and is here too unless
            // it moved (then main knows it, paired with this one).
            if (knows(r.peer) ? peerOf(r.peer) != r.id : portOwner(r.peer) != from)
                return QStringLiteral("transferred port %1 names port %2 as its other end, which "
                                      "it is not")
                        .arg(r.id)
                        .arg(r.peer);
            *fresh += knows(r.peer) ? 1 : 2;
            if (m_introduced.value(from) + *fresh > m_maxPorts)
                return QStringLiteral("renderer %1 has more than %2 ports open through main")
                        .arg(from)
                        .arg(m_maxPorts);
            insert(r.id, Where {from, r.peer, from, {}});
            if (!knows(r.peer))
                insert(r.peer, Where {from, r.id, from, {}});
        } else {
            // Closed and forgotten (an honest holder may not know yet), or never out of the
            // process that made it (then this is a forgery): either way it travels as closed, and
            // nobody else is told anything about it.
            m_unvouched.insert(r.id);
        }
        for (const PortMessage &pending : r.pending) {
            const QString why = refuseRecords(pending.ports, from, seen, fresh);
            if (!why.isEmpty())
                return why;
        }
    }
    return {};
}

IpcError PortBroker::sendTo(int location, const Message &message)
{
    WebContents *webContents = m_launcher->fromId(location);
    if (!webContents)
        return IpcError(QStringLiteral("DisconnectedError"),
                        QStringLiteral("no renderer %1").arg(location));
    return webContents->post(message);
}

void PortBroker::receiveRelayed(const PortMessage &message, int from)
{
    if (!message.ports.isEmpty() || message.lost) {
        // A stub sends on what main relayed to it: not lost.
        forgetCarried(message.port, [&](const Carried &c) { return c.seq == message.seq && c.location == from; });
    }
    m_relayFrom = from;
    receive(message, from);
    m_relayFrom = 0;
}

IpcError PortBroker::transmit(int location, const PortMessage &portMessage)
{
    Message message;
    message.kind = MessageKind::PortMessage;
    message.port = portMessage;
    // A stand-in for a lost message is one too: the holder it goes to may hand the port on and
    // die before taking it.
    if ((!portMessage.ports.isEmpty() || portMessage.lost) && location > 0 && portMessage.seq > 0
        && knows(portMessage.port)) {
        std::deque<Carried> &carrying = m_carrying[portMessage.port];
        carrying.push_back({portMessage.seq, location});
        if (carrying.size() > maxCarried)
            carrying.pop_front();
    }
    IpcError error;
    WebContents *relayTarget = m_relayFrom > 0 ? m_launcher->fromId(location) : nullptr;
    if (relayTarget)
        error = relayTarget->relay(message, m_relayFrom);
    else
        error = sendTo(location, message);
    if (portMessage.close) {
        // The channel is over: what still comes for either end is dropped, and a holder that
        // hands its end on before it hears sends it on as closed.
        const qint64 peer = peerOf(portMessage.port);
        erase(portMessage.port);
        if (peer != 0 && !ports().contains(peer))
            erase(peer);
    }
    return error;
}

void PortBroker::tellWhere(qint64 port, int peerAt, quint64 resendFrom)
{
    const int holder = locate(port, -1);
    if (holder == 0 && resendFrom > 0) {
        // Main holds it (or held it, and it closed here). Sent again once the message carrying
        // the other end has gone, which a renderer that held that end before would forward back.
        QMetaObject::invokeMethod(
                this, [this, port, resendFrom] { sendAgain(port, resendFrom); }, Qt::QueuedConnection);
    }
    if (holder <= 0)
        return;
    Message message;
    message.kind = MessageKind::PortRoute;
    message.portId = port;
    message.peerAt = peerAt;
    message.resendFrom = qint64(resendFrom);
    sendTo(holder, message);
    if (peerAt != 0 && peerAt != holder)
        introduce(holder, peerAt);
}

void PortBroker::portsLeaving(QList<PortRecord> &records, int destination)
{
    registerLeaving(records);
    record(records, destination);
}

// Ports of main's own that leave it for the first time (a MessageChannelMain's) become known
// here; a port main cannot vouch for leaves as closed.
void PortBroker::registerLeaving(const QList<PortRecord> &records)
{
    for (const PortRecord &r : records) {
        if (!knows(r.id) && portOwner(r.id) == 0 && !m_unvouched.contains(r.id) && !r.peerClosed)
            insert(r.id, Where {0, r.peer, 0, {}});
        for (const PortMessage &pending : r.pending)
            registerLeaving(pending.ports);
    }
}

void PortBroker::markUnvouched(QList<PortRecord> &records)
{
    for (PortRecord &r : records) {
        if (m_unvouched.contains(r.id) || !knows(r.id)) {
            r.peerClosed = true;
            r.peerAt = -1;
        }
        for (PortMessage &pending : r.pending)
            markUnvouched(pending.ports);
    }
}

// Registers where ports are going, those inside messages a port carries along included.
void PortBroker::record(QList<PortRecord> &records, int destination)
{
    for (PortRecord &record : records) {
        if (!m_where.contains(record.id)) {
            for (PortMessage &pending : record.pending)
                markUnvouched(pending.ports);
            record.peerClosed = true; // closed, or not main's to vouch for
            record.peerAt = -1;
            continue;
        }
        handedOn(record.id, m_where.value(record.id).location, record.recvSeq);
        move(record.id, destination);
        if (!knows(record.peer)) {
            if (!record.peerClosed)
                record.peerClosed = true; // its other end closed in main meanwhile
        } else {
            record.peerAt = locate(record.peer, -1);
            // Whatever was on its way to the old home and did not make it into the record goes
            // again: its holder may exit the moment it has handed the port on.
            tellWhere(record.peer, destination, record.recvSeq);
            if (record.peerAt > 0 && record.peerAt != destination)
                introduce(record.peerAt, destination);
        }
        for (PortMessage &pending : record.pending)
            this->record(pending.ports, destination);
    }
}

void PortBroker::portsArriving(QList<PortRecord> &records)
{
    markUnvouched(records);
}

void PortBroker::portsArrived(const QList<PortRecord> &records)
{
    arrived(records);
}

void PortBroker::arrived(const QList<PortRecord> &records)
{
    for (const PortRecord &record : records) {
        if (m_where.contains(record.id)) {
            handedOn(record.id, m_where.value(record.id).location, record.recvSeq);
            move(record.id, 0);
            tellWhere(record.peer, 0, record.recvSeq);
        }
        for (const PortMessage &pending : record.pending)
            arrived(pending.ports);
    }
}

void PortBroker::portForgotten(qint64 id, qint64 peer, bool peerClosed)
{
    erase(id);
    if (peerClosed && !ports().contains(peer))
        erase(peer);
}

void PortBroker::introduce(int a, int b)
{
    const QPair<int, int> pair(qMin(a, b), qMax(a, b));
    if (m_pipes.contains(pair) || !m_launcher->fromId(a) || !m_launcher->fromId(b))
        return;
    quint32 words[4];
    QRandomGenerator::system()->fillRange(words);
    const QString secret = QString::fromLatin1(
            QByteArray(reinterpret_cast<const char *>(words), sizeof words).toHex());
    m_pipes.insert(pair, secret);
    // The lower id listens, the higher one connects.
    Message listen;
    listen.kind = MessageKind::PipeListen;
    listen.peer = pair.second;
    listen.secret = secret;
    qCDebug(lcMain) << "introducing renderers" << pair.first << "and" << pair.second;
    sendTo(pair.first, listen);
}

void PortBroker::pipeListening(int from, const Message &message)
{
    const QPair<int, int> pair(qMin(from, message.peer), qMax(from, message.peer));
    auto it = m_pipes.constFind(pair);
    if (it == m_pipes.cend() || from != pair.first)
        return;
    Message connect;
    connect.kind = MessageKind::PipeConnect;
    connect.peer = from;
    connect.path = message.path;
    connect.secret = it.value();
    sendTo(pair.second, connect);
}

// port left the renderer at location from, which had accepted everything before recvSeq: what
// main relayed to it before that is in the record; what came after is still on its way there.
void PortBroker::handedOn(qint64 port, int from, quint64 recvSeq)
{
    forgetCarried(port, [&](const Carried &c) { return c.location == from && c.seq < recvSeq; });
}

// Forgets what main remembers carrying towards port that matches, and the port's entry once
// nothing is left in it.
void PortBroker::forgetCarried(qint64 port, const std::function<bool(const Carried &)> &matches)
{
    auto carrying = m_carrying.find(port);
    if (carrying == m_carrying.end())
        return;
    std::erase_if(*carrying, matches);
    if (carrying->empty())
        m_carrying.erase(carrying);
}

// The renderer at location is gone. Messages carrying ports that main relayed to it for a port
// it had handed on, and that its stub never sent on, died with it: their ports are closed (they
// were there), and the port's new home is told, so that the numbering goes on past them.
void PortBroker::sayLost(int location)
{
    QList<PortMessage> lost;
    for (auto carrying = m_carrying.begin(); carrying != m_carrying.end();) {
        const int now = locate(carrying.key(), -1);
        for (const Carried &c : std::as_const(*carrying)) {
            if (c.location != location || now == location || now == gone)
                continue;
            PortMessage message;
            message.port = carrying.key();
            message.seq = c.seq;
            message.lost = true;
            lost.append(message);
        }
        std::erase_if(*carrying, [location](const Carried &c) { return c.location == location; });
        if (carrying->empty())
            carrying = m_carrying.erase(carrying);
        else
            ++carrying;
    }
    for (const PortMessage &message : std::as_const(lost)) {
        qCWarning(lcMain) << "port message" << message.seq << "for port" << message.port
                          << "carried ports and was lost with renderer" << location
                          << "; its ports are closed";
        receive(message, location);
    }
}

void PortBroker::rendererGone(int id)
{
    sayLost(id);
    closePortsWithPeerAt(id);
    // Every port elsewhere whose other end was there closes; then main forgets both ends.
    QList<QPair<qint64, int>> closes; // port, where it is
    QList<qint64> forgotten;
    for (auto it = m_where.begin(); it != m_where.end(); ++it) {
        const int peerAt = locate(it->peer, -1);
        if (it->location == id) {
            forgotten.append(it.key());
            if (peerAt != id && peerAt > 0)
                closes.append({it->peer, peerAt});
        } else if (peerAt == id) {
            forgotten.append(it.key());
            if (it->location > 0)
                closes.append({it.key(), it->location});
        }
        it->previous.removeAll(id);
    }
    PortMessage close;
    close.close = true; // seq 0: the dead end cannot say where its numbering stopped
    for (const auto &[port, location] : std::as_const(closes)) {
        close.port = port;
        transmit(location, close);
    }
    for (qint64 port : std::as_const(forgotten))
        erase(port);
    m_introduced.remove(id);
    for (auto it = m_pipes.begin(); it != m_pipes.end();) {
        if (it.key().first == id || it.key().second == id)
            it = m_pipes.erase(it);
        else
            ++it;
    }
}

qsizetype PortBroker::bookkeepingSize() const
{
    return PortRouter::bookkeepingSize() + m_where.size() + m_introduced.size() + m_unvouched.size()
            + m_carrying.size();
}
