#include "webcontents.h"
#include "webcontents_p.h"

#include "connection.h"
#include "handlermap.h"
#include "ipcmain.h"
#include "ipcreply.h"
#include "logging.h"
#include "messageport.h"
#include "messagetrace.h"
#include "portbroker.h"
#include "processtree.h"
#include "protocol.h"
#include "rendererlauncher.h"

#include <QMetaMethod>
#include <QTimer>

#include <utility>

#include <csignal>
#include <sys/prctl.h>
#include <unistd.h>

namespace {
// A renderer that dropped its connection but keeps running is given this long to exit.
constexpr int lingerTimeoutMs = 3000;

// Renderers running now, of every launcher: never taken for what a gone one left behind.
QSet<qint64> &runningRenderers()
{
    static QSet<qint64> pids;
    return pids;
}
} // namespace

WebContents::WebContents(int id, RendererLauncher *launcher, IpcMain *ipcMain)
    : QObject(launcher), d_ptr(std::make_unique<WebContentsPrivate>(this, id, launcher, ipcMain))
{
}

int WebContents::id() const
{
    Q_D(const WebContents);
    return d->m_id;
}

int WebContents::getProcessId() const
{
    Q_D(const WebContents);
    return d->m_processId;
}

QProcess *WebContents::process() const
{
    Q_D(const WebContents);
    return d->m_process;
}

bool WebContents::isReady() const
{
    Q_D(const WebContents);
    return d->m_connection != nullptr;
}

bool WebContents::isCrashed() const
{
    Q_D(const WebContents);
    return d->m_goneReported;
}

QString WebContents::badMessageReason() const
{
    Q_D(const WebContents);
    return d->m_badMessage;
}

void WebContents::setChannelPolicy(const ChannelPolicy &policy)
{
    Q_D(WebContents);
    d->m_policy = policy;
}

ChannelPolicy WebContents::channelPolicy() const
{
    Q_D(const WebContents);
    return d->m_policy;
}

int WebContents::rejectedMessageCount() const
{
    Q_D(const WebContents);
    return d->m_rejected;
}

IpcMain *WebContents::ipc() const
{
    Q_D(const WebContents);
    return d->m_ipc.get();
}

WebContents::~WebContents()
{
    Q_D(WebContents);
    // Electron's text for the calls this window can no longer answer: the renderer's invokes and
    // sendSyncs waiting on main's handlers, and main's own invokes waiting on the renderer.
    const IpcError destroyed(QStringLiteral("Error"), QStringLiteral("WebContents was destroyed"));
    if (d->m_connection && !d->m_linkClosed) {
        const auto post = [this](const Message &answer) { return this->post(answer); };
        for (auto it = d->m_incoming.cbegin(); it != d->m_incoming.cend(); ++it) {
            if (!it->isCanceled())
                postAnswer(it.key(), it->channel(), destroyed, post);
        }
        for (qint64 id : std::as_const(d->m_incomingSync))
            postAnswer(id, QString(), destroyed, post);
    }
    d->m_incoming.clear();
    d->m_incomingSync.clear();
    d->m_destroyed = true;
    d->m_calls.failAll(destroyed);
    // Its listeners may hold the last copies of sendSync events; they must not answer now.
    d->m_ipc.reset();
    if (d->m_connection) {
        d->m_connection->disconnect(this);
        d->m_connection->closeForOwnerDestroyed(1000); // a listener may be deleting this window
    }
    if (d->m_process) {
        d->m_process->disconnect(this);
        if (d->m_process->state() != QProcess::NotRunning) {
            killProcess();
            d->m_process->waitForFinished(1000);
        }
        sweepProcesses();
    }
}

qint64 WebContents::osProcessId() const
{
    Q_D(const WebContents);
    return d->m_process ? d->m_process->processId() : 0;
}

QHash<QString, QString> WebContents::rendererEnvironment() const
{
    Q_D(const WebContents);
    QHash<QString, QString> environment{{QLatin1String(Protocol::serverEnv), d->m_serverName},
                                        {QLatin1String(Protocol::rendererIdEnv), QString::number(d->m_id)},
                                        {QLatin1String(Protocol::tokenEnv), d->m_token}};
    if (MessageTrace::isEnabled())
        environment.insert(QLatin1String(MessageTrace::environmentVariable), QStringLiteral("1"));
    // Port numbers are 32 bits: 2^24 for each of 256 reloads before they come round again.
    if (d->m_generation > 0)
        environment.insert(QLatin1String(Protocol::portBaseEnv),
                           QString::number((qint64(d->m_generation % 256) << 24) + 1));
    return environment;
}

void WebContents::start(const QString &program, const QStringList &arguments)
{
    Q_D(WebContents);
    d->m_program = program;
    d->m_arguments = arguments;
    d->m_processId = d->m_launcher->nextProcessId();
    d->m_process = new QProcess(this);
    d->m_killedByMain = false;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    const auto extra = rendererEnvironment();
    for (auto it = extra.begin(); it != extra.end(); ++it)
        environment.insert(it.key(), it.value());
    d->m_process->setProcessEnvironment(environment);
    d->m_process->setProcessChannelMode(QProcess::ForwardedChannels);
    const pid_t mainPid = getpid();
    d->m_process->setChildProcessModifier([mainPid] {
        // If main dies, even by SIGKILL, the kernel takes the renderer with it: no orphans.
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != mainPid)
            _exit(1);
        // A process group of its own, so that killing it reaches what it started.
        ::setpgid(0, 0);
    });
    connect(d->m_process, &QProcess::finished, this, &WebContents::onProcessFinished);
    connect(d->m_process, &QProcess::errorOccurred, this, &WebContents::onProcessError);
    qCDebug(lcMain) << "starting renderer" << d->m_id << program << arguments;
    d->m_process->start(program, arguments);
    d->m_spawnedPid = d->m_process->processId();
    if (d->m_spawnedPid > 0)
        runningRenderers().insert(d->m_spawnedPid);
}

void WebContents::attach(Connection *connection)
{
    Q_D(WebContents);
    d->m_connection = connection;
    d->m_connection->setParent(this);
    d->m_connection->setTraceEndpoints(d->m_id, 0);
    d->m_connection->setWriteLimit(d->m_maxPendingWriteBytes, d->m_unresponsiveTimeout);
    d->m_token.clear(); // good for one handshake only
    if (!d->m_process)
        d->m_processId = d->m_launcher->nextProcessId(); // a renderer main did not spawn
    connect(d->m_connection, &Connection::messageReceived, this, &WebContents::onMessage);
    connect(d->m_connection, &Connection::protocolError, this, &WebContents::onBadMessage);
    connect(d->m_connection, &Connection::peerNotReading, this, &WebContents::onPeerNotReading);
    connect(d->m_connection, &Connection::disconnected, this, &WebContents::onDisconnected);

    Message welcome;
    welcome.kind = MessageKind::Welcome;
    welcome.version = Protocol::version;
    welcome.rendererId = d->m_id;
    welcome.policy = d->m_policy;
    d->m_connection->send(welcome);
    for (WebContentsPrivate::Relay &relay : d->m_relays) { // the outbox goes out now, right after the welcome
        if (relay.inOutbox) {
            relay.end += d->m_connection->bytesQueued();
            relay.inOutbox = false;
        }
    }
    d->m_outbox.flushTo(d->m_connection);
    qCDebug(lcMain) << "renderer" << d->m_id << "ready";
    QPointer<WebContents> guard(this);
    Q_EMIT didFinishLoad();
    if (guard && d->m_closeRequested && d->m_connection)
        d->m_connection->close();
}

IpcError WebContents::goneError() const
{
    Q_D(const WebContents);
    return IpcError(QStringLiteral("DisconnectedError"), QStringLiteral("WebContents #%1 is gone").arg(d->m_id));
}

IpcError WebContents::destroyedError()
{
    return IpcError(QStringLiteral("TypeError"), QStringLiteral("Object has been destroyed"));
}

IpcError WebContents::post(const Message &message)
{
    Q_D(WebContents);
    if (d->m_closed)
        return destroyedError();
    if (d->m_linkClosed)
        return goneError();
    return d->m_outbox.post(d->m_connection, message, d->m_maxFrameSize, [this] { return goneError(); });
}

// A frame another renderer sent through main, counted against that sender's budget until this
// renderer has taken it (until the kernel has: what it holds is bounded by the socket buffer).
IpcError WebContents::relay(const Message &message, int senderId)
{
    Q_D(WebContents);
    const bool inOutbox = !d->m_connection;
    const qint64 before = inOutbox ? d->m_outbox.queuedBytes() : d->m_connection->bytesQueued();
    const IpcError error = post(message);
    if (!error.isNull())
        return error;
    const qint64 end = inOutbox ? d->m_outbox.queuedBytes() : (d->m_connection ? d->m_connection->bytesQueued() : before);
    if (end > before) {
        d->m_relays.push_back({senderId, end, end - before, inOutbox});
        d->m_relayedBytes[senderId] += end - before;
        if (WebContents *sender = d->m_launcher->fromId(senderId))
            sender->d_func()->m_relayTargets.insert(d->m_id);
    }
    return {};
}

// Bytes relayed from senderId that this renderer has not taken yet.
qint64 WebContents::relayedBytesFrom(int senderId)
{
    Q_D(WebContents);
    const qint64 taken = d->m_connection ? d->m_connection->bytesTaken() : 0;
    while (!d->m_relays.empty() && !d->m_relays.front().inOutbox && d->m_relays.front().end <= taken) {
        const WebContentsPrivate::Relay &relay = d->m_relays.front();
        auto it = d->m_relayedBytes.find(relay.sender);
        if (it != d->m_relayedBytes.end() && (*it -= relay.bytes) <= 0)
            d->m_relayedBytes.erase(it);
        d->m_relays.pop_front();
    }
    return d->m_relayedBytes.value(senderId);
}

// What this renderer relayed through main that its targets have not taken yet: its budget.
qint64 WebContents::relayedBytesWaiting()
{
    Q_D(WebContents);
    qint64 waiting = 0;
    for (auto it = d->m_relayTargets.begin(); it != d->m_relayTargets.end();) {
        WebContents *target = d->m_launcher->fromId(*it);
        const qint64 bytes = target ? target->relayedBytesFrom(d->m_id) : 0;
        if (bytes == 0) {
            it = d->m_relayTargets.erase(it);
        } else {
            waiting += bytes;
            ++it;
        }
    }
    return waiting;
}

// The link went: nothing relayed to it waits any more.
void WebContents::forgetRelays()
{
    Q_D(WebContents);
    d->m_relays.clear();
    d->m_relayedBytes.clear();
}

IpcError WebContents::send(const QString &channel, const QJsonArray &args)
{
    return sendMessage(channel, args, {});
}

IpcError WebContents::sendMessage(const QString &channel, const QJsonArray &args,
                                  const QList<QByteArray> &buffers)
{
    Q_D(WebContents);
    if (d->m_closed)
        return destroyedError();
    if (const IpcError missing = checkChannelGiven(channel); !missing.isNull())
        return missing;
    if (!d->m_policy.allows(ChannelPolicy::Use::Listen, channel))
        return ChannelPolicy::rejection(ChannelPolicy::Use::Listen, channel);
    const IpcError error = checkArguments(args, buffers);
    if (!error.isNull())
        return unsent(error);
    Message message = Message::send(channel, args);
    message.buffers = buffers;
    return post(message);
}

IpcError WebContents::sendVariant(const QString &channel, const QVariantList &arguments)
{
    QList<QByteArray> buffers;
    IpcError error;
    const QJsonArray args = IpcBinary::pack(arguments, &buffers, &error);
    return error.isNull() ? sendMessage(channel, args, buffers) : unsent(error);
}

// Electron's webFrameMain.send() logs what it could not send, and sends nothing.
IpcError WebContents::unsent(const IpcError &error)
{
    qCWarning(lcMain).noquote() << "Error sending from webFrameMain: " << error.toString();
    return error;
}

IpcReply *WebContents::invokeVariant(const QString &channel, const QVariantList &arguments, int timeout)
{
    Q_D(WebContents);
    QList<QByteArray> buffers;
    IpcError error;
    const QJsonArray args = IpcBinary::pack(arguments, &buffers, &error);
    if (!error.isNull())
        return d->m_calls.failed(channel, error);
    return invokeMessage(channel, args, timeout, buffers);
}

IpcError WebContents::postMessage(const QString &channel, const QJsonValue &message,
                                  const QList<MessagePort *> &transfer)
{
    Q_D(WebContents);
    if (d->m_closed)
        return destroyedError();
    if (const IpcError missing = checkChannelConverts(channel, 0); !missing.isNull())
        return missing;
    if (!d->m_policy.allows(ChannelPolicy::Use::Listen, channel))
        return ChannelPolicy::rejection(ChannelPolicy::Use::Listen, channel);
    Message frame = Message::send(channel, {message});
    frame.posted = true;
    IpcError error = checkCloneable(frame.args);
    if (!error.isNull())
        return error;
    if (d->m_linkClosed)
        return goneError(); // before detaching: ports sent to a dead renderer would be lost
    error = d->m_launcher->portBroker()->detach(transfer, nullptr, d->m_id, &frame.ports, PortRouter::TransferCheck::PostMessage);
    if (!error.isNull())
        return error;
    return post(frame);
}

IpcReply *WebContents::invoke(const QString &channel, const QJsonArray &args, int timeout)
{
    return invokeMessage(channel, args, timeout, {});
}

IpcReply *WebContents::invokeMessage(const QString &channel, const QJsonArray &args, int timeout,
                                     const QList<QByteArray> &buffers)
{
    Q_D(WebContents);
    if (d->m_closed)
        return d->m_calls.failed(channel, destroyedError());
    if (const IpcError missing = checkChannelGiven(channel); !missing.isNull())
        return d->m_calls.failed(channel, missing);
    if (!d->m_policy.allows(ChannelPolicy::Use::Listen, channel))
        return d->m_calls.failed(channel, ChannelPolicy::rejection(ChannelPolicy::Use::Listen, channel));
    return d->m_calls.invoke(channel, args, timeout, buffers);
}

// Main's half of the channel policy: a message outside it is counted and dropped, never
// dispatched; a request gets the SecurityError as its answer, so no caller hangs.
bool WebContents::admits(ChannelPolicy::Use use, const Message &message)
{
    Q_D(WebContents);
    if (d->m_policy.allows(use, message.channel))
        return true;
    ++d->m_rejected;
    const IpcError error = ChannelPolicy::rejection(use, message.channel);
    qCWarning(lcMain).noquote() << "renderer" << d->m_id << "rejected:" << loggable(error.message(), 1024);
    if (message.kind == MessageKind::Invoke || message.kind == MessageKind::SendSync)
        postAnswer(message.id, message.channel, error, [this](const Message &answer) { return post(answer); });
    // Ports that came with it are closed, so that their other ends hear of it.
    if (!message.ports.isEmpty()) {
        const QList<MessagePort *> ports = d->m_launcher->portBroker()->adopt(message.ports, d->m_launcher->portBroker());
        for (MessagePort *port : ports) {
            port->close();
            port->deleteLater();
        }
    }
    Q_EMIT messageRejected(message.channel, ChannelPolicy::useName(use));
    return false;
}

void WebContents::close()
{
    Q_D(WebContents);
    d->m_closed = true;
    if (d->m_connection)
        d->m_connection->close();
    else if (!d->m_process)
        markGone(QStringLiteral("clean-exit"), 0);
    else
        d->m_closeRequested = true; // closes as soon as the handshake is done
}

void WebContents::reload()
{
    Q_D(WebContents);
    loadFile(d->m_program, d->m_arguments);
}

void WebContents::loadFile(const QString &program, const QStringList &arguments)
{
    Q_D(WebContents);
    qCDebug(lcMain) << "reloading renderer" << d->m_id << program << arguments;
    dropRenderer();
    ++d->m_generation;
    d->m_token = RendererLauncher::newToken();
    d->m_goneReported = false;
    d->m_linkClosed = false;
    d->m_closeRequested = false;
    d->m_exit = {};
    d->m_badMessage.clear();
    d->m_processId = 0;
    if (!program.isEmpty())
        start(program, arguments);
}

// Ends the current renderer quietly, as a navigation ends a page: no renderProcessGone(), and
// nothing of it reaches the next one.
void WebContents::dropRenderer()
{
    Q_D(WebContents);
    if (d->m_connection) {
        d->m_connection->disconnect(this);
        d->m_connection->abort();
        d->m_connection->deleteLater(); // it may be delivering the message that asked for this
        d->m_connection = nullptr;
    }
    if (d->m_process) {
        d->m_process->disconnect(this);
        if (d->m_process->state() != QProcess::NotRunning) {
            connect(d->m_process, &QProcess::finished, d->m_process, &QObject::deleteLater);
            killProcess(); // and what it started
        } else {
            d->m_process->deleteLater();
        }
        d->m_process = nullptr;
    }
    d->m_outbox.clear();
    forgetRelays();
    d->m_incoming.clear();
    d->m_incomingSync.clear();
    // Async handlers still running for the old renderer answer nobody. (Deleted later: a handler
    // that reloads may be about to parent its future's watcher to it.)
    for (QObject *watcher : d->m_linkContext->children())
        watcher->disconnect();
    d->m_linkContext->deleteLater();
    d->m_linkContext = new QObject(this);
    d->m_calls.failAll(IpcError(QStringLiteral("DisconnectedError"),
                             QStringLiteral("WebContents #%1 was reloaded before answering").arg(d->m_id)));
    if (!d->m_goneReported)
        d->m_launcher->portBroker()->rendererGone(d->m_id);
}

void WebContents::forcefullyCrashRenderer()
{
    killProcess();
}

// The renderer and everything it started: its process group, and its descendants that left
// the group (ProcessTree). Those that escape even this are swept when it is gone.
void WebContents::killProcess()
{
    Q_D(WebContents);
    if (!d->m_process || d->m_process->state() == QProcess::NotRunning)
        return;
    d->m_descendants += ProcessTree::killTree(d->m_process->processId());
    d->m_process->kill();
    d->m_killedByMain = true;
}

void WebContents::sweepProcesses()
{
    Q_D(WebContents);
    if (d->m_spawnedPid <= 0)
        return;
    runningRenderers().remove(d->m_spawnedPid);
    const QSet<qint64> &others = runningRenderers();
    ProcessTree::sweep(d->m_spawnedPid, d->m_descendants,
                       {QByteArray(Protocol::rendererIdEnv) + '=' + QByteArray::number(d->m_id),
                        QByteArray(Protocol::serverEnv) + '=' + d->m_serverName.toLocal8Bit()},
                       QList<qint64>(others.cbegin(), others.cend()));
}

void WebContents::answerSync(qint64 id, const QString &channel, const IpcResult &result)
{
    Q_D(WebContents);
    if (d->m_destroyed)
        return;
    if (d->m_incomingSync.remove(id)) // not if the renderer gave up waiting
        answerInvoke(id, channel, result);
}

void WebContents::answerInvoke(qint64 id, const QString &channel, const IpcResult &result)
{
    Q_D(WebContents);
    if (d->m_connection)
        postAnswer(id, channel, result, [this](const Message &message) { return post(message); });
}

void WebContents::onMessage(const Message &message)
{
    Q_D(WebContents);
    // Port frames speak for ports: main checks that this renderer holds them (PROTOCOL.md 8).
    if (message.kind == MessageKind::PortMessage || !message.ports.isEmpty()) {
        const QString refusal = d->m_launcher->portBroker()->refusal(message, d->m_id);
        if (!refusal.isEmpty())
            return d->m_connection->abortWithProtocolError(refusal);
    }
    switch (message.kind) {
    case MessageKind::Send:
        return onSend(message);
    case MessageKind::SendSync:
        return onSendSync(message);
    case MessageKind::Invoke:
        return onInvoke(message);
    case MessageKind::SendTo:
        return onSendTo(message);
    case MessageKind::Result:
        if (!d->m_calls.resolve(message) && !d->m_calls.wasIssued(message.id))
            d->m_connection->abortWithProtocolError(
                    QStringLiteral("result for invoke id %1, which main never sent").arg(message.id));
        return;
    case MessageKind::Cancel: {
        auto it = d->m_incoming.find(message.id);
        if (it != d->m_incoming.end())
            it->setCanceled();
        d->m_incomingSync.remove(message.id);
        return;
    }
    case MessageKind::PortMessage: {
        // Port messages are numbered: one dropped would stall the port for good, so a sender
        // past its budget is a bad message rather than told.
        const qint64 waiting = relayedBytesWaiting();
        if (waiting >= d->m_launcher->maxRelayedBytes()) {
            d->m_connection->abortWithProtocolError(
                    QStringLiteral("port message: %1 bytes this renderer sent through main are already waiting for "
                                   "other windows to read them (limit %2)")
                            .arg(waiting)
                            .arg(d->m_launcher->maxRelayedBytes()));
            return;
        }
        d->m_launcher->portBroker()->receiveRelayed(message.port, d->m_id);
        return;
    }
    case MessageKind::PipeListening:
        d->m_launcher->portBroker()->pipeListening(d->m_id, message);
        return;
    case MessageKind::Hello:
    case MessageKind::Welcome:
    case MessageKind::Refuse:
    case MessageKind::Error:
    case MessageKind::PortRoute:
    case MessageKind::PipeListen:
    case MessageKind::PipeConnect:
    case MessageKind::PipeHello:
    case MessageKind::PipeWelcome:
        d->m_connection->abortWithProtocolError(
                QStringLiteral("a renderer may not send '%1' after its handshake")
                        .arg(Message::kindName(message.kind)));
        return;
    }
}

void WebContents::onSend(const Message &message)
{
    Q_D(WebContents);
    if (!admits(ChannelPolicy::Use::Send, message))
        return;
    // A listener may delete this WebContents; stop touching it if one did.
    QPointer<WebContents> guard(this);
    IpcMainEvent event(this, message.channel, 0);
    event.setArguments(message.args, message.buffers);
    if (message.posted) {
        // ipcRenderer.postMessage reaches ipcMain and webContents.ipc only, never 'ipc-message'.
        const QList<MessagePort *> ports =
                d->m_launcher->portBroker()->adopt(message.ports, d->m_launcher->portBroker());
        event.setPosted(ports);
        const qsizetype listeners = d->m_ipc->dispatch(event, message.args)
                + (guard ? d->m_globalIpc->dispatch(event, message.args) : 0);
        // Nobody looked at event.ports(): nobody can hold them, so they close (Electron's
        // garbage collector would get to them too).
        if (listeners == 0 || !event.portsRead())
            closeUnclaimed(ports);
        return;
    }
    // Electron's order: the webContents' 'ipc-message', webContents.ipc, then ipcMain.
    Q_EMIT ipcMessage(event, message.channel, message.args);
    if (!guard)
        return;
    d->m_ipc->dispatch(event, message.args);
    if (guard)
        d->m_globalIpc->dispatch(event, message.args);
}

// Ports that came on a channel nobody listens on would never be closed, and their other ends
// would wait for ever: close them, so that the far end hears 'close'.
void WebContents::closeUnclaimed(const QList<MessagePort *> &ports)
{
    for (MessagePort *port : ports) {
        if (port) {
            port->close();
            port->deleteLater();
        }
    }
}

void WebContents::onSendSync(const Message &message)
{
    Q_D(WebContents);
    if (!admits(ChannelPolicy::Use::Send, message))
        return;
    d->m_incomingSync.insert(message.id);
    IpcMainEvent event(this, message.channel, message.id);
    event.setArguments(message.args, message.buffers);
    // Electron counts a webContents 'ipc-message-sync' listener as a listener of every channel.
    qsizetype listeners = isSignalConnected(QMetaMethod::fromSignal(&WebContents::ipcMessageSync));
    QPointer<WebContents> guard(this);
    Q_EMIT ipcMessageSync(event, message.channel, message.args);
    if (!guard)
        return;
    listeners += d->m_ipc->dispatch(event, message.args);
    if (!guard)
        return;
    listeners += d->m_globalIpc->dispatch(event, message.args);
    if (guard && listeners == 0) {
        // Electron warns and drops the event, whose reply channel then answers "reply was never
        // sent"; the event going out of scope here does the same, at once.
        qCWarning(lcMain).noquote() << loggable(QStringLiteral("WebContents #%1 called ipcRenderer.sendSync() with "
                                                               "'%2' channel without listeners.")
                                                                .arg(d->m_id)
                                                                .arg(message.channel),
                                                        1024);
    }
}

void WebContents::onInvoke(const Message &message)
{
    Q_D(WebContents);
    if (d->m_incoming.contains(message.id)) {
        d->m_connection->abortWithProtocolError(
                QStringLiteral("invoke id %1 reused while still pending").arg(message.id));
        return;
    }
    if (!admits(ChannelPolicy::Use::Invoke, message))
        return;
    IpcMainInvokeEvent event(this, message.channel, message.args, message.buffers);
    d->m_incoming.insert(message.id, event);
    const qint64 id = message.id;
    // Only this and the id, so that each std::function made of it fits in the function itself
    // rather than on the heap; the channel comes from the event kept for the id.
    auto done = [this, id, d](const IpcResult &result) {
        auto it = d->m_incoming.find(id);
        if (it == d->m_incoming.end())
            return;
        const bool canceled = it->isCanceled();
        const QString channel = it->channel();
        d->m_incoming.erase(it);
        if (!canceled)
            answerInvoke(id, channel, result);
    };
    QPointer<WebContents> guard(this);
    if (d->m_ipc->dispatchInvoke(event, message.args, done, d->m_linkContext) || !guard)
        return;
    if (d->m_globalIpc->dispatchInvoke(event, message.args, done, d->m_linkContext) || !guard)
        return;
    done(HandlerMap<IpcMainInvokeEvent>::noHandlerError(message.channel));
}

namespace {
// What the target of a sendTo receives: a send from the sender's id, binary arguments included.
Message forwardedSendTo(const Message &message, int senderId)
{
    Message forwarded = Message::send(message.channel, message.args, senderId);
    forwarded.buffers = message.buffers;
    return forwarded;
}
} // namespace

void WebContents::onSendTo(const Message &message)
{
    Q_D(WebContents);
    if (!admits(ChannelPolicy::Use::Send, message))
        return;
    WebContents *target = d->m_launcher->fromId(message.peer);
    IpcError error;
    const qint64 waiting = relayedBytesWaiting();
    if (waiting == 0)
        d->m_relayRefused = false;
    if (waiting >= d->m_launcher->maxRelayedBytes()) {
        // Told once, not for every message of a flood: again only once its targets have taken
        // everything it sent.
        if (std::exchange(d->m_relayRefused, true))
            return;
        error = IpcError(QStringLiteral("RangeError"),
                         QStringLiteral("sendTo: %1 bytes this renderer sent are already waiting for other windows to "
                                        "read them (limit %2)")
                                 .arg(waiting)
                                 .arg(d->m_launcher->maxRelayedBytes()));
    } else if (!target)
        error = IpcError(QStringLiteral("Error"),
                         QStringLiteral("sendTo: no WebContents with id %1").arg(message.peer));
    else if (!target->d_func()->m_policy.allows(ChannelPolicy::Use::Listen, message.channel))
        error = ChannelPolicy::rejection(ChannelPolicy::Use::Listen, message.channel);
    else if (const IpcError refused = target->relay(forwardedSendTo(message, d->m_id), d->m_id); !refused.isNull())
        error = refused.name() == QLatin1String("RangeError") // main's whole buffer for the target is full
                ? IpcError(refused.name(), QStringLiteral("sendTo: ") + refused.message())
                : IpcError(QStringLiteral("DisconnectedError"),
                           QStringLiteral("sendTo: WebContents #%1 is gone").arg(message.peer));
    if (!error.isNull()) {
        qCWarning(lcMain).noquote() << "renderer" << d->m_id << loggable(error.toString(), 1024);
        Message notice;
        notice.kind = MessageKind::Error;
        notice.error = error;
        d->m_connection->send(notice);
    }
}

void WebContents::onDisconnected()
{
    Q_D(WebContents);
    qCDebug(lcMain) << "renderer" << d->m_id << "disconnected";
    if (d->m_process && d->m_process->state() != QProcess::NotRunning)
        d->m_descendants += ProcessTree::descendantsOf(d->m_process->processId()); // swept once gone
    d->m_connection->deleteLater();
    d->m_connection = nullptr;
    d->m_linkClosed = true;
    forgetRelays();
    d->m_incoming.clear();
    d->m_incomingSync.clear();
    d->m_calls.failAll(IpcError(QStringLiteral("DisconnectedError"),
                             QStringLiteral("WebContents #%1 went away before answering").arg(d->m_id)));
    if (!d->m_process) {
        markGone(d->m_badMessage.isEmpty() ? QStringLiteral("clean-exit") : QStringLiteral("abnormal-exit"), 0);
    } else if (d->m_process->state() == QProcess::NotRunning) {
        markGone(d->m_exit.reason, d->m_exit.exitCode);
    } else {
        // The reason comes with the process's exit; one that lingers without a link is killed.
        QPointer<QProcess> process = d->m_process;
        QTimer::singleShot(lingerTimeoutMs, this, [this, process, d] {
            if (process && process->state() != QProcess::NotRunning) {
                qCWarning(lcMain) << "renderer" << d->m_id
                                  << "still running without a connection; killing it";
                killProcess();
            }
        });
    }
}

void WebContents::onProcessFinished(int exitCode, QProcess::ExitStatus status)
{
    Q_D(WebContents);
    if (status == QProcess::NormalExit) {
        d->m_exit = {exitCode == 0 ? QStringLiteral("clean-exit") : QStringLiteral("abnormal-exit"),
                  exitCode, QString()};
    } else {
        // On Unix, QProcess reports the terminating signal as the exit code of a crash exit.
        const bool killed = exitCode == SIGKILL || exitCode == SIGTERM;
        d->m_exit = {killed ? QStringLiteral("killed") : QStringLiteral("crashed"), exitCode, QString()};
    }
    // Frames the renderer wrote before it died may still be unread: the socket's end-of-file
    // comes after them, and that is when the gone signal goes out. Its hello may not even have
    // been read yet, so let the launcher finish any handshake in progress first.
    QPointer<WebContents> guard(this);
    if (!d->m_connection)
        d->m_launcher->processPendingHandshakes();
    if (guard && !d->m_connection)
        markGone(d->m_exit.reason, d->m_exit.exitCode);
}

void WebContents::onProcessError(QProcess::ProcessError error)
{
    Q_D(WebContents);
    if (error != QProcess::FailedToStart)
        return;
    qCWarning(lcMain).noquote() << "renderer" << d->m_id
                                << "failed to start:" << d->m_process->errorString();
    markGone(QStringLiteral("launch-failed"), -1);
}

// Chromium's rule for a renderer that sends what no honest renderer would: it is treated as
// compromised. Its connection is already closed (nothing after the bad frame was delivered);
// its process is killed now, and renderProcessGone() carries the reason.
void WebContents::onBadMessage(const QString &reason)
{
    Q_D(WebContents);
    if (!d->m_badMessage.isEmpty())
        return;
    d->m_badMessage = QStringLiteral("bad-message: ") + reason;
    qCWarning(lcMain).noquote() << "renderer" << d->m_id << "killed:" << loggable(d->m_badMessage, 1024);
    killProcess();
}

// A renderer that took nothing for a while with main's buffer for it full is hung. Its connection
// goes (with everything waiting for it), and its process is killed.
void WebContents::onPeerNotReading(qint64 pendingBytes)
{
    Q_D(WebContents);
    qCWarning(lcMain).noquote() << "renderer" << d->m_id << "is not reading (" << pendingBytes
                                << "bytes waiting for it, none taken for" << d->m_unresponsiveTimeout
                                << "ms): treated as hung and killed";
    QPointer<WebContents> guard(this);
    Q_EMIT unresponsive();
    if (!guard)
        return;
    killProcess();
    if (d->m_connection)
        d->m_connection->abort();
}

void WebContents::markGone(const QString &givenReason, int exitCode)
{
    Q_D(WebContents);
    if (d->m_goneReported)
        return;
    // Main killed it (a bad message, hung, forcefullyCrashRenderer()). A renderer that sees its
    // link close may exit by itself before the kill lands; it was killed all the same (Electron
    // reports 'killed').
    const QString reason = d->m_killedByMain ? QStringLiteral("killed") : givenReason;
    d->m_goneReported = true;
    d->m_linkClosed = true;
    d->m_token.clear(); // a gone renderer cannot come back with its old token
    d->m_outbox.clear();
    forgetRelays();
    d->m_calls.failAll(IpcError(QStringLiteral("DisconnectedError"),
                             QStringLiteral("WebContents #%1 is gone (%2)").arg(d->m_id).arg(reason)));
    qCDebug(lcMain) << "renderer" << d->m_id << "gone:" << reason << exitCode;
    sweepProcesses();
    d->m_launcher->portBroker()->rendererGone(d->m_id);
    Q_EMIT renderProcessGone(RenderProcessGoneDetails{reason, exitCode, d->m_badMessage});
}
