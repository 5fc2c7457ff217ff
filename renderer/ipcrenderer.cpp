#include "ipcrenderer.h"

#include "connection.h"
#include "ipcreply.h"
#include "logging.h"
#include "messageport.h"
#include "protocol.h"
#include "rendererports.h"

#include <QLocalSocket>

IpcRenderer::IpcRenderer(QObject *parent)
    : QObject(parent),
      m_calls(this, [this](const Message &message) { return post(message); }),
      m_maxFrameSize(Protocol::defaultMaxFrameSize)
{
}

IpcRenderer::~IpcRenderer()
{
    if (m_connection) {
        m_connection->disconnect(this);
        m_connection->closeForOwnerDestroyed(2000); // a listener may be deleting this renderer
    }
}

bool IpcRenderer::connectToMain()
{
    QHash<QString, QString> environment;
    for (const char *name : {Protocol::serverEnv, Protocol::rendererIdEnv, Protocol::tokenEnv,
                             Protocol::portBaseEnv})
        environment.insert(QLatin1String(name), qEnvironmentVariable(name));
    qunsetenv(Protocol::tokenEnv);
    return connectToMain(environment);
}

bool IpcRenderer::connectToMain(const QHash<QString, QString> &environment)
{
    const QString server = environment.value(QLatin1String(Protocol::serverEnv));
    const int id = environment.value(QLatin1String(Protocol::rendererIdEnv)).toInt();
    const QString token = environment.value(QLatin1String(Protocol::tokenEnv));
    m_firstPortNumber = qMax(1LL, environment.value(QLatin1String(Protocol::portBaseEnv)).toLongLong());
    if (server.isEmpty() || id <= 0 || token.isEmpty()) {
        m_errorString = tr("Not started by an IPC Lab main process: %1, %2 and %3 must be set")
                                .arg(QLatin1String(Protocol::serverEnv),
                                     QLatin1String(Protocol::rendererIdEnv),
                                     QLatin1String(Protocol::tokenEnv));
        return false;
    }
    return connectToServer(server, id, token);
}

bool IpcRenderer::connectToServer(const QString &serverName, int rendererId, const QString &token)
{
    auto *socket = new QLocalSocket;
    socket->connectToServer(serverName);
    if (!socket->waitForConnected(Protocol::handshakeTimeoutMs)) {
        m_errorString = tr("Cannot connect to the main process at %1: %2")
                                .arg(serverName, socket->errorString());
        delete socket;
        // What was queued for this connection will never go: say so to whoever waits.
        m_lost = true;
        m_outbox.clear();
        m_calls.failAll(notConnectedError());
        return false;
    }
    m_id = rendererId;
    m_ports = new RendererPorts(rendererId, [this](const Message &message) { return post(message); }, this);
    m_ports->setFirstPortNumber(m_firstPortNumber);
    m_connection = new Connection(socket, this);
    m_connection->setMaxFrameSize(m_maxFrameSize);
    // Bounded as main's writes to a renderer are: a main that takes nothing does not grow us.
    m_connection->setWriteLimit(Protocol::defaultMaxPendingWriteBytes, Protocol::unresponsiveTimeoutMs);
    m_connection->setTraceEndpoints(0, rendererId);
    connect(m_connection, &Connection::messageReceived, this, &IpcRenderer::onMessage);
    connect(m_connection, &Connection::disconnected, this, &IpcRenderer::onDisconnected);

    Message hello;
    hello.kind = MessageKind::Hello;
    hello.version = Protocol::version;
    hello.rendererId = rendererId;
    hello.token = token;
    m_connection->send(hello);
    // Main reads frames in order, so what was queued can follow the hello at once.
    m_outbox.flushTo(m_connection);
    return true;
}

void IpcRenderer::setMaxFrameSize(qsizetype bytes)
{
    m_maxFrameSize = bytes;
    if (m_connection)
        m_connection->setMaxFrameSize(bytes);
}

IpcError IpcRenderer::post(const Message &message)
{
    if (m_lost)
        return notConnectedError();
    return m_outbox.post(m_connection, message, m_maxFrameSize,
                         [this] { return notConnectedError(); });
}

IpcError IpcRenderer::notConnectedError() const
{
    // Electron's text for any IPC call once the page's context is gone; here, the link to main.
    return IpcError(QStringLiteral("DisconnectedError"),
                    QStringLiteral("IPC method called after context was released"));
}

IpcError IpcRenderer::send(const QString &channel, const QJsonArray &args)
{
    return sendMessage(MessageKind::Send, 0, channel, args, {});
}

IpcError IpcRenderer::sendTo(int webContentsId, const QString &channel, const QJsonArray &args)
{
    return sendMessage(MessageKind::SendTo, webContentsId, channel, args, {});
}

IpcError IpcRenderer::sendMessage(MessageKind kind, int webContentsId, const QString &channel,
                                  const QJsonArray &args, const QList<QByteArray> &buffers)
{
    if (m_lost)
        return notConnectedError();
    if (const IpcError missing = checkChannelConverts(channel, 1); !missing.isNull())
        return missing;
    if (!m_policy.allows(ChannelPolicy::Use::Send, channel))
        return ChannelPolicy::rejection(ChannelPolicy::Use::Send, channel);
    IpcError error = checkArguments(args, buffers);
    if (!error.isNull())
        return error;
    Message message = Message::send(channel, args);
    message.kind = kind;
    message.peer = webContentsId;
    message.buffers = buffers;
    return post(message);
}

IpcError IpcRenderer::sendVariant(MessageKind kind, int webContentsId, const QString &channel,
                                  const QVariantList &arguments)
{
    QList<QByteArray> buffers;
    IpcError error;
    const QJsonArray args = IpcBinary::pack(arguments, &buffers, &error);
    return error.isNull() ? sendMessage(kind, webContentsId, channel, args, buffers) : error;
}

IpcReply *IpcRenderer::invokeVariant(const QString &channel, const QVariantList &arguments, int timeout)
{
    QList<QByteArray> buffers;
    IpcError error;
    const QJsonArray args = IpcBinary::pack(arguments, &buffers, &error);
    return error.isNull() ? invokeMessage(channel, args, timeout, buffers) : m_calls.failed(channel, error);
}

IpcResult IpcRenderer::sendSyncVariant(const QString &channel, const QVariantList &arguments)
{
    QList<QByteArray> buffers;
    IpcError error;
    const QJsonArray args = IpcBinary::pack(arguments, &buffers, &error);
    return error.isNull() ? sendSyncMessage(channel, args, buffers) : IpcResult(error);
}

IpcError IpcRenderer::postMessage(const QString &channel, const QJsonValue &message,
                                  const QList<MessagePort *> &transfer)
{
    if (m_lost)
        return notConnectedError();
    if (const IpcError missing = checkChannelConverts(channel, 0); !missing.isNull())
        return missing;
    if (!m_policy.allows(ChannelPolicy::Use::Send, channel))
        return ChannelPolicy::rejection(ChannelPolicy::Use::Send, channel);
    Message frame = Message::send(channel, {message});
    frame.posted = true;
    IpcError error = checkCloneable(frame.args);
    if (!error.isNull())
        return error;
    if (!m_ports || m_lost)
        return notConnectedError();
    error = m_ports->detach(transfer, nullptr, 0, &frame.ports, PortRouter::TransferCheck::PostMessage);
    if (!error.isNull())
        return error;
    return post(frame);
}

IpcReply *IpcRenderer::invoke(const QString &channel, const QJsonArray &args, int timeout)
{
    return invokeMessage(channel, args, timeout, {});
}

IpcReply *IpcRenderer::invokeMessage(const QString &channel, const QJsonArray &args, int timeout,
                                     const QList<QByteArray> &buffers)
{
    // ipcRenderer.invoke() is an async function: what its binding throws becomes the rejection.
    if (m_lost)
        return m_calls.failed(channel, notConnectedError());
    if (const IpcError missing = checkChannelConverts(channel, 1); !missing.isNull())
        return m_calls.failed(channel, missing);
    if (!m_policy.allows(ChannelPolicy::Use::Invoke, channel))
        return m_calls.failed(channel, ChannelPolicy::rejection(ChannelPolicy::Use::Invoke, channel));
    return m_calls.invoke(channel, args, timeout, buffers);
}

IpcResult IpcRenderer::sendSync(const QString &channel, const QJsonArray &args)
{
    return sendSyncMessage(channel, args, {});
}

IpcResult IpcRenderer::sendSyncMessage(const QString &channel, const QJsonArray &args,
                                       const QList<QByteArray> &buffers)
{
    if (m_lost)
        return notConnectedError();
    if (const IpcError missing = checkChannelConverts(channel, 1); !missing.isNull())
        return missing;
    if (!m_policy.allows(ChannelPolicy::Use::Send, channel))
        return ChannelPolicy::rejection(ChannelPolicy::Use::Send, channel);
    IpcError error = checkArguments(args, buffers);
    if (!error.isNull())
        return error;
    if (!m_connection)
        return notConnectedError();
    Message message = Message::request(MessageKind::SendSync, m_calls.allocateId(), channel, args);
    message.buffers = buffers;
    error = post(message);
    if (!error.isNull())
        return error;

    QPointer<IpcRenderer> guard(this);
    const std::optional<Message> result = m_connection->waitForResult(
            message.id,
            m_sendSyncTimeout < 0 ? QDeadlineTimer(QDeadlineTimer::Forever)
                                  : QDeadlineTimer(m_sendSyncTimeout, Qt::PreciseTimer));
    if (result)
        return result->error.isNull() ? IpcResult(result->value, result->buffers) : IpcResult(result->error);
    if (!guard || m_lost || !m_connection->isOpen())
        return IpcError(QStringLiteral("DisconnectedError"),
                        QStringLiteral("The main process went away during sendSync('%1')").arg(channel));
    m_connection->send(Message::cancel(message.id));
    return IpcError(QStringLiteral("TimeoutError"),
                    QStringLiteral("sendSync('%1') got no returnValue within %2 ms")
                            .arg(channel)
                            .arg(m_sendSyncTimeout));
}

IpcRenderer::ListenerId IpcRenderer::on(const QString &channel, Listener listener,
                                        const QObject *context)
{
    const ListenerId id = m_listeners.add(channel, std::move(listener), false);
    forgetWhenDestroyed(context, id);
    return id;
}

IpcRenderer::ListenerId IpcRenderer::once(const QString &channel, Listener listener,
                                          const QObject *context)
{
    const ListenerId id = m_listeners.add(channel, std::move(listener), true);
    forgetWhenDestroyed(context, id);
    return id;
}

void IpcRenderer::forgetWhenDestroyed(const QObject *context, ListenerId id)
{
    if (context && context != this)
        connect(context, &QObject::destroyed, this, [this, id] { m_listeners.remove(id); });
}

bool IpcRenderer::off(const QString &channel, ListenerId id)
{
    return m_listeners.remove(channel, id);
}

void IpcRenderer::removeAllListeners()
{
    m_listeners.clear();
}

void IpcRenderer::removeAllListeners(const QString &channel)
{
    m_listeners.removeAll(channel);
}

int IpcRenderer::listenerCount(const QString &channel) const
{
    return int(m_listeners.count(channel));
}

QStringList IpcRenderer::eventNames() const
{
    return m_listeners.channels();
}

IpcError IpcRenderer::handle(const QString &channel, Handler handler)
{
    return m_handlers.add(channel, std::move(handler), {}, false);
}

IpcError IpcRenderer::handle(const QString &channel, AsyncHandler handler)
{
    return m_handlers.add(channel, {}, std::move(handler), false);
}

IpcError IpcRenderer::handleOnce(const QString &channel, Handler handler)
{
    return m_handlers.add(channel, std::move(handler), {}, true);
}

IpcError IpcRenderer::handleOnce(const QString &channel, AsyncHandler handler)
{
    return m_handlers.add(channel, {}, std::move(handler), true);
}

void IpcRenderer::removeHandler(const QString &channel)
{
    m_handlers.remove(channel);
}

void IpcRenderer::onMessage(const Message &message)
{
    switch (message.kind) {
    case MessageKind::Welcome:
        m_welcomed = true;
        m_policy = message.policy;
        qCDebug(lcRenderer) << "connected to main as renderer" << m_id;
        Q_EMIT connected();
        return;
    case MessageKind::Refuse:
        m_errorString = tr("The main process refused this renderer: %1").arg(message.reason);
        qCWarning(lcRenderer).noquote() << loggable(m_errorString, 1024);
        Q_EMIT errorOccurred(IpcError(QStringLiteral("RefusedError"), message.reason));
        return;
    case MessageKind::Send: {
        QPointer<IpcRenderer> guard(this);
        Q_EMIT this->message(message.channel, message.args, message.peer);
        if (!guard)
            return;
        IpcRendererEvent event(this, message.peer, message.channel, message.args, message.buffers);
        if (!message.ports.isEmpty())
            event.d->ports = m_ports->adopt(message.ports, m_ports);
        const QList<MessagePort *> ports = event.d->ports;
        if (m_listeners.emitTo(message.channel, event, message.args) == 0 && guard) {
            // Nobody took them: close them, so that their other ends hear 'close'.
            for (MessagePort *port : ports) {
                port->close();
                port->deleteLater();
            }
        }
        return;
    }
    case MessageKind::Invoke:
        return onInvoke(message);
    case MessageKind::Result:
        // A late answer to a call that timed out or was cancelled is dropped quietly.
        if (!m_calls.resolve(message) && !m_calls.wasIssued(message.id))
            qCWarning(lcRenderer) << "main answered call" << message.id << "which was never made";
        return;
    case MessageKind::Cancel: {
        auto it = m_incoming.find(message.id);
        if (it != m_incoming.end())
            it->d->canceled = true;
        return;
    }
    case MessageKind::Error:
        qCWarning(lcRenderer).noquote() << loggable(message.error.toString(), 1024);
        Q_EMIT errorOccurred(message.error);
        return;
    case MessageKind::PortMessage:
        m_ports->receive(message.port, 0);
        return;
    case MessageKind::PortRoute:
        m_ports->setPeerLocation(message.portId, message.peerAt);
        if (message.resendFrom > 0)
            m_ports->sendAgain(message.portId, quint64(message.resendFrom));
        return;
    case MessageKind::PipeListen:
        m_ports->listen(message.peer, message.secret);
        return;
    case MessageKind::PipeConnect:
        m_ports->connectPipe(message.peer, message.path, message.secret);
        return;
    case MessageKind::Hello:
    case MessageKind::SendTo:
    case MessageKind::SendSync:
    case MessageKind::PipeListening:
    case MessageKind::PipeHello:
    case MessageKind::PipeWelcome:
        m_connection->abortWithProtocolError(QStringLiteral("main may not send '%1'")
                                                     .arg(Message::kindName(message.kind)));
        return;
    }
}

void IpcRenderer::onInvoke(const Message &message)
{
    IpcRendererEvent event(this, 0, message.channel, message.args, message.buffers);
    m_incoming.insert(message.id, event);
    const qint64 id = message.id;
    // Only this and the id, so that the std::function made of it needs no heap; the channel comes
    // from the event kept for the id.
    auto done = [this, id](const IpcResult &result) {
        auto it = m_incoming.find(id);
        if (it == m_incoming.end())
            return;
        const bool canceled = it->isCanceled();
        const QString channel = it->channel();
        m_incoming.erase(it);
        if (!canceled && m_connection)
            postAnswer(id, channel, result, [this](const Message &answer) { return post(answer); });
    };
    if (!m_handlers.call(message.channel, event, message.args, this, done))
        done(HandlerMap<IpcRendererEvent>::noHandlerError(message.channel));
}

void IpcRenderer::onDisconnected()
{
    m_lost = true;
    m_welcomed = false;
    m_incoming.clear();
    if (m_errorString.isEmpty())
        m_errorString = m_connection->errorString().isEmpty()
                ? tr("The main process closed the connection")
                : m_connection->errorString();
    m_calls.failAll(IpcError(QStringLiteral("DisconnectedError"),
                             QStringLiteral("The main process went away before answering")));
    qCDebug(lcRenderer) << "disconnected from main:" << m_errorString;
    Q_EMIT disconnected();
}
