#include "ipcrenderer.h"
#include "ipcrenderer_p.h"

#include "connection.h"
#include "ipcreply.h"
#include "logging.h"
#include "messageport.h"
#include "protocol.h"
#include "rendererports.h"

#include <QLocalSocket>

IpcRenderer::IpcRenderer(QObject *parent)
    : QObject(parent), d_ptr(std::make_unique<IpcRendererPrivate>(this))
{
}

bool IpcRenderer::isConnected() const
{
    Q_D(const IpcRenderer);
    return d->m_welcomed;
}

int IpcRenderer::id() const
{
    Q_D(const IpcRenderer);
    return d->m_id;
}

ChannelPolicy IpcRenderer::channelPolicy() const
{
    Q_D(const IpcRenderer);
    return d->m_policy;
}

QString IpcRenderer::errorString() const
{
    Q_D(const IpcRenderer);
    return d->m_errorString;
}

RendererPorts *IpcRenderer::portRouter() const
{
    Q_D(const IpcRenderer);
    return d->m_ports;
}

int IpcRenderer::sendSyncTimeout() const
{
    Q_D(const IpcRenderer);
    return d->m_sendSyncTimeout;
}

void IpcRenderer::setSendSyncTimeout(int milliseconds)
{
    Q_D(IpcRenderer);
    d->m_sendSyncTimeout = milliseconds;
}

IpcError IpcRenderer::sendPacked(const QString &channel, const QJsonArray &args,
                                 const QList<QByteArray> &buffers)
{
    return sendMessage(MessageKind::Send, 0, channel, args, buffers);
}

IpcError IpcRenderer::sendToPacked(int webContentsId, const QString &channel,
                                   const QJsonArray &args, const QList<QByteArray> &buffers)
{
    return sendMessage(MessageKind::SendTo, webContentsId, channel, args, buffers);
}

IpcError IpcRenderer::sendVariantList(const QString &channel, const QVariantList &arguments)
{
    return sendVariant(MessageKind::Send, 0, channel, arguments);
}

IpcError IpcRenderer::sendToVariantList(int webContentsId, const QString &channel,
                                        const QVariantList &arguments)
{
    return sendVariant(MessageKind::SendTo, webContentsId, channel, arguments);
}

IpcRenderer::~IpcRenderer()
{
    Q_D(IpcRenderer);
    if (d->m_connection) {
        d->m_connection->disconnect(this);
        d->m_connection->closeForOwnerDestroyed(2000); // a listener may be deleting this renderer
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
    Q_D(IpcRenderer);
    const QString server = environment.value(QLatin1String(Protocol::serverEnv));
    const int id = environment.value(QLatin1String(Protocol::rendererIdEnv)).toInt();
    const QString token = environment.value(QLatin1String(Protocol::tokenEnv));
    d->m_firstPortNumber = qMax(1LL, environment.value(QLatin1String(Protocol::portBaseEnv)).toLongLong());
    if (server.isEmpty() || id <= 0 || token.isEmpty()) {
        d->m_errorString = tr("Not started by an IPC Lab main process: %1, %2 and %3 must be set")
                                .arg(QLatin1String(Protocol::serverEnv),
                                     QLatin1String(Protocol::rendererIdEnv),
                                     QLatin1String(Protocol::tokenEnv));
        return false;
    }
    return connectToServer(server, id, token);
}

bool IpcRenderer::connectToServer(const QString &serverName, int rendererId, const QString &token)
{
    Q_D(IpcRenderer);
    auto *socket = new QLocalSocket;
    socket->connectToServer(serverName);
    if (!socket->waitForConnected(Protocol::handshakeTimeoutMs)) {
        d->m_errorString = tr("Cannot connect to the main process at %1: %2")
                                .arg(serverName, socket->errorString());
        delete socket;
        // What was queued for this connection will never go: say so to whoever waits.
        d->m_lost = true;
        d->m_outbox.clear();
        d->m_calls.failAll(notConnectedError());
        return false;
    }
    d->m_id = rendererId;
    d->m_ports = new RendererPorts(rendererId, [this](const Message &message) { return post(message); }, this);
    d->m_ports->setFirstPortNumber(d->m_firstPortNumber);
    d->m_connection = new Connection(socket, this);
    d->m_connection->setMaxFrameSize(d->m_maxFrameSize);
    // Bounded as main's writes to a renderer are: a main that takes nothing does not grow us.
    d->m_connection->setWriteLimit(Protocol::defaultMaxPendingWriteBytes, Protocol::unresponsiveTimeoutMs);
    d->m_connection->setTraceEndpoints(0, rendererId);
    connect(d->m_connection, &Connection::messageReceived, this, &IpcRenderer::onMessage);
    connect(d->m_connection, &Connection::disconnected, this, &IpcRenderer::onDisconnected);

    Message hello;
    hello.kind = MessageKind::Hello;
    hello.version = Protocol::version;
    hello.rendererId = rendererId;
    hello.token = token;
    d->m_connection->send(hello);
    // Main reads frames in order, so what was queued can follow the hello at once.
    d->m_outbox.flushTo(d->m_connection);
    return true;
}

void IpcRenderer::setMaxFrameSize(qsizetype bytes)
{
    Q_D(IpcRenderer);
    d->m_maxFrameSize = bytes;
    if (d->m_connection)
        d->m_connection->setMaxFrameSize(bytes);
}

IpcError IpcRenderer::post(const Message &message)
{
    Q_D(IpcRenderer);
    if (d->m_lost)
        return notConnectedError();
    return d->m_outbox.post(d->m_connection, message, d->m_maxFrameSize,
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
    Q_D(IpcRenderer);
    if (d->m_lost)
        return notConnectedError();
    if (const IpcError missing = checkChannelConverts(channel, 1); !missing.isNull())
        return missing;
    if (!d->m_policy.allows(ChannelPolicy::Use::Send, channel))
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
    Q_D(IpcRenderer);
    QList<QByteArray> buffers;
    IpcError error;
    const QJsonArray args = IpcBinary::pack(arguments, &buffers, &error);
    return error.isNull() ? invokeMessage(channel, args, timeout, buffers) : d->m_calls.failed(channel, error);
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
    Q_D(IpcRenderer);
    if (d->m_lost)
        return notConnectedError();
    if (const IpcError missing = checkChannelConverts(channel, 0); !missing.isNull())
        return missing;
    if (!d->m_policy.allows(ChannelPolicy::Use::Send, channel))
        return ChannelPolicy::rejection(ChannelPolicy::Use::Send, channel);
    Message frame = Message::send(channel, {message});
    frame.posted = true;
    IpcError error = checkCloneable(frame.args);
    if (!error.isNull())
        return error;
    if (!d->m_ports || d->m_lost)
        return notConnectedError();
    error = d->m_ports->detach(transfer, nullptr, 0, &frame.ports, PortRouter::TransferCheck::PostMessage);
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
    Q_D(IpcRenderer);
    // ipcRenderer.invoke() is an async function: what its binding throws becomes the rejection.
    if (d->m_lost)
        return d->m_calls.failed(channel, notConnectedError());
    if (const IpcError missing = checkChannelConverts(channel, 1); !missing.isNull())
        return d->m_calls.failed(channel, missing);
    if (!d->m_policy.allows(ChannelPolicy::Use::Invoke, channel))
        return d->m_calls.failed(channel, ChannelPolicy::rejection(ChannelPolicy::Use::Invoke, channel));
    return d->m_calls.invoke(channel, args, timeout, buffers);
}

IpcResult IpcRenderer::sendSync(const QString &channel, const QJsonArray &args)
{
    return sendSyncMessage(channel, args, {});
}

IpcResult IpcRenderer::sendSyncMessage(const QString &channel, const QJsonArray &args,
                                       const QList<QByteArray> &buffers)
{
    Q_D(IpcRenderer);
    if (d->m_lost)
        return notConnectedError();
    if (const IpcError missing = checkChannelConverts(channel, 1); !missing.isNull())
        return missing;
    if (!d->m_policy.allows(ChannelPolicy::Use::Send, channel))
        return ChannelPolicy::rejection(ChannelPolicy::Use::Send, channel);
    IpcError error = checkArguments(args, buffers);
    if (!error.isNull())
        return error;
    if (!d->m_connection)
        return notConnectedError();
    Message message = Message::request(MessageKind::SendSync, d->m_calls.allocateId(), channel, args);
    message.buffers = buffers;
    error = post(message);
    if (!error.isNull())
        return error;

    QPointer<IpcRenderer> guard(this);
    const std::optional<Message> result = d->m_connection->waitForResult(
            message.id,
            d->m_sendSyncTimeout < 0 ? QDeadlineTimer(QDeadlineTimer::Forever)
                                  : QDeadlineTimer(d->m_sendSyncTimeout, Qt::PreciseTimer));
    if (result)
        return result->error.isNull() ? IpcResult(result->value, result->buffers) : IpcResult(result->error);
    if (!guard || d->m_lost || !d->m_connection->isOpen())
        return IpcError(QStringLiteral("DisconnectedError"),
                        QStringLiteral("The main process went away during sendSync('%1')").arg(channel));
    d->m_connection->send(Message::cancel(message.id));
    return IpcError(QStringLiteral("TimeoutError"),
                    QStringLiteral("sendSync('%1') got no returnValue within %2 ms")
                            .arg(channel)
                            .arg(d->m_sendSyncTimeout));
}

IpcRenderer::ListenerId IpcRenderer::on(const QString &channel, Listener listener,
                                        const QObject *context)
{
    Q_D(IpcRenderer);
    const ListenerId id = d->m_listeners.add(channel, std::move(listener), false);
    forgetWhenDestroyed(context, id);
    return id;
}

IpcRenderer::ListenerId IpcRenderer::once(const QString &channel, Listener listener,
                                          const QObject *context)
{
    Q_D(IpcRenderer);
    const ListenerId id = d->m_listeners.add(channel, std::move(listener), true);
    forgetWhenDestroyed(context, id);
    return id;
}

void IpcRenderer::forgetWhenDestroyed(const QObject *context, ListenerId id)
{
    Q_D(IpcRenderer);
    if (context && context != this)
        connect(context, &QObject::destroyed, this, [this, id, d] { d->m_listeners.remove(id); });
}

bool IpcRenderer::off(const QString &channel, ListenerId id)
{
    Q_D(IpcRenderer);
    return d->m_listeners.remove(channel, id);
}

void IpcRenderer::removeAllListeners()
{
    Q_D(IpcRenderer);
    d->m_listeners.clear();
}

void IpcRenderer::removeAllListeners(const QString &channel)
{
    Q_D(IpcRenderer);
    d->m_listeners.removeAll(channel);
}

int IpcRenderer::listenerCount(const QString &channel) const
{
    Q_D(const IpcRenderer);
    return int(d->m_listeners.count(channel));
}

QStringList IpcRenderer::eventNames() const
{
    Q_D(const IpcRenderer);
    return d->m_listeners.channels();
}

IpcError IpcRenderer::handle(const QString &channel, Handler handler)
{
    Q_D(IpcRenderer);
    return d->m_handlers.add(channel, std::move(handler), {}, false);
}

IpcError IpcRenderer::handle(const QString &channel, AsyncHandler handler)
{
    Q_D(IpcRenderer);
    return d->m_handlers.add(channel, {}, std::move(handler), false);
}

IpcError IpcRenderer::handleOnce(const QString &channel, Handler handler)
{
    Q_D(IpcRenderer);
    return d->m_handlers.add(channel, std::move(handler), {}, true);
}

IpcError IpcRenderer::handleOnce(const QString &channel, AsyncHandler handler)
{
    Q_D(IpcRenderer);
    return d->m_handlers.add(channel, {}, std::move(handler), true);
}

void IpcRenderer::removeHandler(const QString &channel)
{
    Q_D(IpcRenderer);
    d->m_handlers.remove(channel);
}

void IpcRenderer::onMessage(const Message &message)
{
    Q_D(IpcRenderer);
    switch (message.kind) {
    case MessageKind::Welcome:
        d->m_welcomed = true;
        d->m_policy = message.policy;
        qCDebug(lcRenderer) << "connected to main as renderer" << d->m_id;
        Q_EMIT connected();
        return;
    case MessageKind::Refuse:
        d->m_errorString = tr("The main process refused this renderer: %1").arg(message.reason);
        qCWarning(lcRenderer).noquote() << loggable(d->m_errorString, 1024);
        Q_EMIT errorOccurred(IpcError(QStringLiteral("RefusedError"), message.reason));
        return;
    case MessageKind::Send: {
        QPointer<IpcRenderer> guard(this);
        Q_EMIT this->message(message.channel, message.args, message.peer);
        if (!guard)
            return;
        IpcRendererEvent event(this, message.peer, message.channel, message.args, message.buffers);
        if (!message.ports.isEmpty())
            event.d->ports = d->m_ports->adopt(message.ports, d->m_ports);
        const QList<MessagePort *> ports = event.d->ports;
        if (d->m_listeners.emitTo(message.channel, event, message.args) == 0 && guard) {
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
        if (!d->m_calls.resolve(message) && !d->m_calls.wasIssued(message.id))
            qCWarning(lcRenderer) << "main answered call" << message.id << "which was never made";
        return;
    case MessageKind::Cancel: {
        auto it = d->m_incoming.find(message.id);
        if (it != d->m_incoming.end())
            it->d->canceled = true;
        return;
    }
    case MessageKind::Error:
        qCWarning(lcRenderer).noquote() << loggable(message.error.toString(), 1024);
        Q_EMIT errorOccurred(message.error);
        return;
    case MessageKind::PortMessage:
        d->m_ports->receive(message.port, 0);
        return;
    case MessageKind::PortRoute:
        d->m_ports->setPeerLocation(message.portId, message.peerAt);
        if (message.resendFrom > 0)
            d->m_ports->sendAgain(message.portId, quint64(message.resendFrom));
        return;
    case MessageKind::PipeListen:
        d->m_ports->listen(message.peer, message.secret);
        return;
    case MessageKind::PipeConnect:
        d->m_ports->connectPipe(message.peer, message.path, message.secret);
        return;
    case MessageKind::Hello:
    case MessageKind::SendTo:
    case MessageKind::SendSync:
    case MessageKind::PipeListening:
    case MessageKind::PipeHello:
    case MessageKind::PipeWelcome:
        d->m_connection->abortWithProtocolError(QStringLiteral("main may not send '%1'")
                                                     .arg(Message::kindName(message.kind)));
        return;
    }
}

void IpcRenderer::onInvoke(const Message &message)
{
    Q_D(IpcRenderer);
    IpcRendererEvent event(this, 0, message.channel, message.args, message.buffers);
    d->m_incoming.insert(message.id, event);
    const qint64 id = message.id;
    // Only this and the id, so that the std::function made of it needs no heap; the channel comes
    // from the event kept for the id.
    auto done = [this, id, d](const IpcResult &result) {
        auto it = d->m_incoming.find(id);
        if (it == d->m_incoming.end())
            return;
        const bool canceled = it->isCanceled();
        const QString channel = it->channel();
        d->m_incoming.erase(it);
        if (!canceled && d->m_connection)
            postAnswer(id, channel, result, [this](const Message &answer) { return post(answer); });
    };
    if (!d->m_handlers.call(message.channel, event, message.args, this, done))
        done(HandlerMap<IpcRendererEvent>::noHandlerError(message.channel));
}

void IpcRenderer::onDisconnected()
{
    Q_D(IpcRenderer);
    d->m_lost = true;
    d->m_welcomed = false;
    d->m_incoming.clear();
    if (d->m_errorString.isEmpty())
        d->m_errorString = d->m_connection->errorString().isEmpty()
                ? tr("The main process closed the connection")
                : d->m_connection->errorString();
    d->m_calls.failAll(IpcError(QStringLiteral("DisconnectedError"),
                             QStringLiteral("The main process went away before answering")));
    qCDebug(lcRenderer) << "disconnected from main:" << d->m_errorString;
    Q_EMIT disconnected();
}
