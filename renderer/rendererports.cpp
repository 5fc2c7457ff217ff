#include "rendererports.h"

#include "connection.h"
#include "logging.h"
#include "message.h"
#include "messageport.h"

#include <QDir>
#include <QLocalServer>
#include <QLocalSocket>
#include <QTemporaryDir>

namespace {
constexpr int pipeConnectTimeoutMs = 5000;
} // namespace

RendererPorts::RendererPorts(int location, SendToMain sendToMain, QObject *parent)
    : PortRouter(location, parent), m_sendToMain(std::move(sendToMain))
{
}

RendererPorts::~RendererPorts() = default;

void RendererPorts::listen(int peer, const QString &secret)
{
    if (!m_server) {
        m_directory = std::make_unique<QTemporaryDir>(QDir::tempPath() + QLatin1String("/ipclab-pipe-XXXXXX"));
        auto *server = new QLocalServer(this);
        server->setSocketOptions(QLocalServer::UserAccessOption);
        if (!m_directory->isValid() || !server->listen(m_directory->filePath(QStringLiteral("peer.sock")))) {
            qCWarning(lcRenderer) << "cannot open a pipe server; port traffic stays with main:"
                                  << server->errorString();
            delete server;
            return;
        }
        connect(server, &QLocalServer::newConnection, this, &RendererPorts::onNewConnection);
        m_server = server;
    }
    m_expected.insert(peer, secret);
    Message listening;
    listening.kind = MessageKind::PipeListening;
    listening.peer = peer;
    listening.path = m_server->fullServerName();
    m_sendToMain(listening);
}

void RendererPorts::onNewConnection()
{
    while (QLocalSocket *socket = m_server->nextPendingConnection()) {
        auto *pipe = new Connection(socket, this);
        connect(pipe, &Connection::disconnected, pipe, &QObject::deleteLater);
        connect(pipe, &Connection::messageReceived, this, [this, pipe](const Message &message) {
            if (message.kind != MessageKind::PipeHello) {
                pipe->abortWithProtocolError(QStringLiteral("a pipe must open with pipeHello"));
                return;
            }
            const QString expected = m_expected.value(message.peer);
            // Same length, every character compared: no early exit to time.
            char16_t difference = expected.size() == message.secret.size() && !expected.isEmpty() ? 0 : 1;
            for (qsizetype i = 0; i < qMin(expected.size(), message.secret.size()); ++i)
                difference |= expected.at(i).unicode() ^ message.secret.at(i).unicode();
            if (difference != 0) {
                pipe->abortWithProtocolError(QStringLiteral("pipe secret refused"));
                return;
            }
            m_expected.remove(message.peer);
            pipe->disconnect(this);
            Message welcome;
            welcome.kind = MessageKind::PipeWelcome;
            welcome.peer = location();
            pipe->send(welcome);
            openPipe(message.peer, pipe);
        });
    }
}

void RendererPorts::connectPipe(int peer, const QString &path, const QString &secret)
{
    auto *socket = new QLocalSocket;
    socket->connectToServer(path);
    if (!socket->waitForConnected(pipeConnectTimeoutMs)) {
        qCWarning(lcRenderer) << "cannot reach renderer" << peer << "directly:" << socket->errorString();
        delete socket;
        return;
    }
    auto *pipe = new Connection(socket, this);
    connect(pipe, &Connection::disconnected, pipe, &QObject::deleteLater);
    connect(pipe, &Connection::messageReceived, this, [this, pipe, peer](const Message &message) {
        pipe->disconnect(this);
        if (message.kind != MessageKind::PipeWelcome || message.peer != peer) {
            pipe->abortWithProtocolError(QStringLiteral("expected pipeWelcome from renderer %1").arg(peer));
            return;
        }
        openPipe(peer, pipe);
    });
    Message hello;
    hello.kind = MessageKind::PipeHello;
    hello.peer = location();
    hello.secret = secret;
    pipe->send(hello);
}

void RendererPorts::openPipe(int peer, Connection *pipe)
{
    qCDebug(lcRenderer) << "direct pipe to renderer" << peer << "open";
    m_pipes.insert(peer, pipe);
    pipe->setTraceEndpoints(peer, location());
    connect(pipe, &Connection::messageReceived, this,
            [this, pipe](const Message &message) { onPipeMessage(pipe, message); });
    connect(pipe, &Connection::disconnected, this, [this, peer, pipe] {
        if (m_pipes.value(peer) == pipe)
            m_pipes.remove(peer);
        // Whether the peer died is main's to say (a peer that exits cleanly after handing its
        // port on closes its pipe too); a death main already reported takes effect now that
        // everything the pipe carried has been delivered.
        pipeClosed(peer);
    });
}

void RendererPorts::onPipeMessage(Connection *pipe, const Message &message)
{
    if (message.kind != MessageKind::PortMessage) {
        pipe->abortWithProtocolError(QStringLiteral("only port messages travel on a pipe, not '%1'")
                                             .arg(Message::kindName(message.kind)));
        return;
    }
    if (!message.port.ports.isEmpty()) {
        pipe->abortWithProtocolError(QStringLiteral("ports may only be transferred through main"));
        return;
    }
    receive(message.port, m_pipes.key(pipe));
}

IpcError RendererPorts::transmit(int location, const PortMessage &portMessage)
{
    Message message;
    message.kind = MessageKind::PortMessage;
    message.port = portMessage;
    Connection *pipe = location > 0 ? m_pipes.value(location) : nullptr;
    if (pipe && pipe->isOpen()) {
        IpcError error;
        const EncodedFrame frame = Connection::encode(message, pipe->maxFrameSize(), &error);
        if (error.isNull() && !pipe->sendFrame(frame))
            error = IpcError(QStringLiteral("DisconnectedError"), QStringLiteral("the pipe closed"));
        return error;
    }
    return m_sendToMain(message);
}

bool RendererPorts::holdDeathClose(int peerAt) const
{
    Connection *pipe = peerAt > 0 ? m_pipes.value(peerAt) : nullptr;
    return pipe && pipe->isOpen();
}

bool RendererPorts::isDirect(const MessagePort *port) const
{
    auto it = ports().constFind(port->id());
    if (it == ports().cend() || it->peerAt <= 0 || it->peerAt == location())
        return false;
    Connection *pipe = m_pipes.value(it->peerAt);
    return pipe && pipe->isOpen();
}
