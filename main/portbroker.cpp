#include "portbroker.h"

#include "logging.h"
#include "message.h"
#include "rendererlauncher.h"
#include "webcontents.h"

#include <QRandomGenerator>

PortBroker::PortBroker(RendererLauncher *launcher) : PortRouter(0, launcher), m_launcher(launcher) { }

int PortBroker::locate(qint64 port, int hint) const
{
    Q_UNUSED(hint); // main knows better than any hint
    if (ports().contains(port))
        return 0;
    auto it = m_where.constFind(port);
    return it != m_where.cend() ? it->location : portOwner(port);
}

IpcError PortBroker::sendTo(int location, const Message &message)
{
    WebContents *webContents = m_launcher->fromId(location);
    if (!webContents)
        return IpcError(QStringLiteral("DisconnectedError"), QStringLiteral("no renderer %1").arg(location));
    return webContents->post(message);
}

IpcError PortBroker::transmit(int location, const PortMessage &portMessage)
{
    Message message;
    message.kind = MessageKind::PortMessage;
    message.port = portMessage;
    return sendTo(location, message);
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
    record(records, destination);
}

// Registers where ports are going, those inside messages a port carries along included.
void PortBroker::record(QList<PortRecord> &records, int destination)
{
    for (PortRecord &record : records) {
        m_where.insert(record.id, Where{destination, record.peer});
        record.peerAt = locate(record.peer, -1);
        // Whatever was on its way to the old home and did not make it into the record goes
        // again: its holder may exit the moment it has handed the port on.
        tellWhere(record.peer, destination, record.recvSeq);
        if (record.peerAt > 0 && record.peerAt != destination)
            introduce(record.peerAt, destination);
        for (PortMessage &pending : record.pending)
            this->record(pending.ports, destination);
    }
}

void PortBroker::portsArrived(const QList<PortRecord> &records)
{
    arrived(records);
}

void PortBroker::arrived(const QList<PortRecord> &records)
{
    for (const PortRecord &record : records) {
        m_where.remove(record.id);
        tellWhere(record.peer, 0, record.recvSeq);
        for (const PortMessage &pending : record.pending)
            arrived(pending.ports);
    }
}

void PortBroker::introduce(int a, int b)
{
    const QPair<int, int> pair(qMin(a, b), qMax(a, b));
    if (m_pipes.contains(pair) || !m_launcher->fromId(a) || !m_launcher->fromId(b))
        return;
    quint32 words[4];
    QRandomGenerator::system()->fillRange(words);
    const QString secret = QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(words), sizeof words).toHex());
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

void PortBroker::rendererGone(int id)
{
    closePortsWithPeerAt(id);
    PortMessage close;
    close.close = true; // seq 0: the dead end cannot say where its numbering stopped
    for (auto it = m_where.begin(); it != m_where.end();) {
        const int peerAt = locate(it->peer, -1);
        if (it->location == id) {
            if (peerAt != id && peerAt > 0) {
                close.port = it->peer;
                transmit(peerAt, close);
            }
            it->location = gone; // not forgotten: its birthplace may hold a stub for it
            ++it;
            continue;
        }
        if (peerAt == id && it->location > 0) {
            close.port = it.key();
            transmit(it->location, close);
        }
        ++it;
    }
    for (auto it = m_pipes.begin(); it != m_pipes.end();) {
        if (it.key().first == id || it.key().second == id)
            it = m_pipes.erase(it);
        else
            ++it;
    }
}
