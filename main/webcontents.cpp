#include "webcontents.h"

#include "connection.h"
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
    : QObject(launcher),
      m_id(id),
      m_launcher(launcher),
      m_globalIpc(ipcMain),
      m_ipc(std::make_unique<IpcMain>()),
      m_linkContext(new QObject(this)),
      m_maxFrameSize(Protocol::defaultMaxFrameSize),
      m_maxPendingWriteBytes(Protocol::defaultMaxPendingWriteBytes),
      m_unresponsiveTimeout(Protocol::unresponsiveTimeoutMs),
      m_calls(this, [this](const Message &message) { return post(message); })
{
}

WebContents::~WebContents()
{
    // Electron's text for the calls this window can no longer answer: the renderer's invokes and
    // sendSyncs waiting on main's handlers, and main's own invokes waiting on the renderer.
    const IpcError destroyed(QStringLiteral("Error"), QStringLiteral("WebContents was destroyed"));
    if (m_connection && !m_linkClosed) {
        const auto post = [this](const Message &answer) { return this->post(answer); };
        for (auto it = m_incoming.cbegin(); it != m_incoming.cend(); ++it) {
            if (!it->isCanceled())
                postAnswer(it.key(), it->channel(), destroyed, post);
        }
        for (qint64 id : std::as_const(m_incomingSync))
            postAnswer(id, QString(), destroyed, post);
    }
    m_incoming.clear();
    m_incomingSync.clear();
    m_destroyed = true;
    m_calls.failAll(destroyed);
    // Its listeners may hold the last copies of sendSync events; they must not answer now.
    m_ipc.reset();
    if (m_connection) {
        m_connection->disconnect(this);
        m_connection->closeForOwnerDestroyed(1000); // a listener may be deleting this window
    }
    if (m_process) {
        m_process->disconnect(this);
        if (m_process->state() != QProcess::NotRunning) {
            killProcess();
            m_process->waitForFinished(1000);
        }
        sweepProcesses();
    }
}

qint64 WebContents::osProcessId() const
{
    return m_process ? m_process->processId() : 0;
}

QHash<QString, QString> WebContents::rendererEnvironment() const
{
    QHash<QString, QString> environment{{QLatin1String(Protocol::serverEnv), m_serverName},
                                        {QLatin1String(Protocol::rendererIdEnv), QString::number(m_id)},
                                        {QLatin1String(Protocol::tokenEnv), m_token}};
    if (MessageTrace::isEnabled())
        environment.insert(QLatin1String(MessageTrace::environmentVariable), QStringLiteral("1"));
    // Port numbers are 32 bits: 2^24 for each of 256 reloads before they come round again.
    if (m_generation > 0)
        environment.insert(QLatin1String(Protocol::portBaseEnv),
                           QString::number((qint64(m_generation % 256) << 24) + 1));
    return environment;
}

void WebContents::start(const QString &program, const QStringList &arguments)
{
    m_program = program;
    m_arguments = arguments;
    m_processId = m_launcher->nextProcessId();
    m_process = new QProcess(this);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    const auto extra = rendererEnvironment();
    for (auto it = extra.begin(); it != extra.end(); ++it)
        environment.insert(it.key(), it.value());
    m_process->setProcessEnvironment(environment);
    m_process->setProcessChannelMode(QProcess::ForwardedChannels);
    const pid_t mainPid = getpid();
    m_process->setChildProcessModifier([mainPid] {
        // If main dies, even by SIGKILL, the kernel takes the renderer with it: no orphans.
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != mainPid)
            _exit(1);
        // A process group of its own, so that killing it reaches what it started.
        ::setpgid(0, 0);
    });
    connect(m_process, &QProcess::finished, this, &WebContents::onProcessFinished);
    connect(m_process, &QProcess::errorOccurred, this, &WebContents::onProcessError);
    qCDebug(lcMain) << "starting renderer" << m_id << program << arguments;
    m_process->start(program, arguments);
    m_spawnedPid = m_process->processId();
    if (m_spawnedPid > 0)
        runningRenderers().insert(m_spawnedPid);
}

void WebContents::attach(Connection *connection)
{
    m_connection = connection;
    m_connection->setParent(this);
    m_connection->setTraceEndpoints(m_id, 0);
    m_connection->setWriteLimit(m_maxPendingWriteBytes, m_unresponsiveTimeout);
    m_token.clear(); // good for one handshake only
    if (!m_process)
        m_processId = m_launcher->nextProcessId(); // a renderer main did not spawn
    connect(m_connection, &Connection::messageReceived, this, &WebContents::onMessage);
    connect(m_connection, &Connection::protocolError, this, &WebContents::onBadMessage);
    connect(m_connection, &Connection::peerNotReading, this, &WebContents::onPeerNotReading);
    connect(m_connection, &Connection::disconnected, this, &WebContents::onDisconnected);

    Message welcome;
    welcome.kind = MessageKind::Welcome;
    welcome.version = Protocol::version;
    welcome.rendererId = m_id;
    welcome.policy = m_policy;
    m_connection->send(welcome);
    m_outbox.flushTo(m_connection);
    qCDebug(lcMain) << "renderer" << m_id << "ready";
    QPointer<WebContents> guard(this);
    Q_EMIT didFinishLoad();
    if (guard && m_closeRequested && m_connection)
        m_connection->close();
}

IpcError WebContents::goneError() const
{
    return IpcError(QStringLiteral("DisconnectedError"), QStringLiteral("WebContents #%1 is gone").arg(m_id));
}

IpcError WebContents::destroyedError()
{
    return IpcError(QStringLiteral("TypeError"), QStringLiteral("Object has been destroyed"));
}

IpcError WebContents::post(const Message &message)
{
    if (m_closed)
        return destroyedError();
    if (m_linkClosed)
        return goneError();
    return m_outbox.post(m_connection, message, m_maxFrameSize, [this] { return goneError(); });
}

IpcError WebContents::send(const QString &channel, const QJsonArray &args)
{
    return sendMessage(channel, args, {});
}

IpcError WebContents::sendMessage(const QString &channel, const QJsonArray &args,
                                  const QList<QByteArray> &buffers)
{
    if (m_closed)
        return destroyedError();
    if (const IpcError missing = checkChannelGiven(channel); !missing.isNull())
        return missing;
    if (!m_policy.allows(ChannelPolicy::Use::Listen, channel))
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
    QList<QByteArray> buffers;
    IpcError error;
    const QJsonArray args = IpcBinary::pack(arguments, &buffers, &error);
    if (!error.isNull())
        return m_calls.failed(channel, error);
    return invokeMessage(channel, args, timeout, buffers);
}

IpcError WebContents::postMessage(const QString &channel, const QJsonValue &message,
                                  const QList<MessagePort *> &transfer)
{
    if (m_closed)
        return destroyedError();
    if (const IpcError missing = checkChannelConverts(channel, 0); !missing.isNull())
        return missing;
    if (!m_policy.allows(ChannelPolicy::Use::Listen, channel))
        return ChannelPolicy::rejection(ChannelPolicy::Use::Listen, channel);
    Message frame = Message::send(channel, {message});
    frame.posted = true;
    IpcError error = checkCloneable(frame.args);
    if (!error.isNull())
        return error;
    if (m_linkClosed)
        return goneError(); // before detaching: ports sent to a dead renderer would be lost
    error = m_launcher->portBroker()->detach(transfer, nullptr, m_id, &frame.ports, PortRouter::TransferCheck::PostMessage);
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
    if (m_closed)
        return m_calls.failed(channel, destroyedError());
    if (const IpcError missing = checkChannelGiven(channel); !missing.isNull())
        return m_calls.failed(channel, missing);
    if (!m_policy.allows(ChannelPolicy::Use::Listen, channel))
        return m_calls.failed(channel, ChannelPolicy::rejection(ChannelPolicy::Use::Listen, channel));
    return m_calls.invoke(channel, args, timeout, buffers);
}

// Main's half of the channel policy: a message outside it is counted and dropped, never
// dispatched; a request gets the SecurityError as its answer, so no caller hangs.
bool WebContents::admits(ChannelPolicy::Use use, const Message &message)
{
    if (m_policy.allows(use, message.channel))
        return true;
    ++m_rejected;
    const IpcError error = ChannelPolicy::rejection(use, message.channel);
    qCWarning(lcMain).noquote() << "renderer" << m_id << "rejected:" << loggable(error.message(), 1024);
    if (message.kind == MessageKind::Invoke || message.kind == MessageKind::SendSync)
        postAnswer(message.id, message.channel, error, [this](const Message &answer) { return post(answer); });
    // Ports that came with it are closed, so that their other ends hear of it.
    if (!message.ports.isEmpty()) {
        const QList<MessagePort *> ports = m_launcher->portBroker()->adopt(message.ports, m_launcher->portBroker());
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
    m_closed = true;
    if (m_connection)
        m_connection->close();
    else if (!m_process)
        markGone(QStringLiteral("clean-exit"), 0);
    else
        m_closeRequested = true; // closes as soon as the handshake is done
}

void WebContents::reload()
{
    loadFile(m_program, m_arguments);
}

void WebContents::loadFile(const QString &program, const QStringList &arguments)
{
    qCDebug(lcMain) << "reloading renderer" << m_id << program << arguments;
    dropRenderer();
    ++m_generation;
    m_token = RendererLauncher::newToken();
    m_goneReported = false;
    m_linkClosed = false;
    m_closeRequested = false;
    m_exit = {};
    m_badMessage.clear();
    m_processId = 0;
    if (!program.isEmpty())
        start(program, arguments);
}

// Ends the current renderer quietly, as a navigation ends a page: no renderProcessGone(), and
// nothing of it reaches the next one.
void WebContents::dropRenderer()
{
    if (m_connection) {
        m_connection->disconnect(this);
        m_connection->abort();
        m_connection->deleteLater(); // it may be delivering the message that asked for this
        m_connection = nullptr;
    }
    if (m_process) {
        m_process->disconnect(this);
        if (m_process->state() != QProcess::NotRunning) {
            connect(m_process, &QProcess::finished, m_process, &QObject::deleteLater);
            killProcess(); // and what it started
        } else {
            m_process->deleteLater();
        }
        m_process = nullptr;
    }
    m_outbox.clear();
    m_incoming.clear();
    m_incomingSync.clear();
    // Async handlers still running for the old renderer answer nobody. (Deleted later: a handler
    // that reloads may be about to parent its future's watcher to it.)
    for (QObject *watcher : m_linkContext->children())
        watcher->disconnect();
    m_linkContext->deleteLater();
    m_linkContext = new QObject(this);
    m_calls.failAll(IpcError(QStringLiteral("DisconnectedError"),
                             QStringLiteral("WebContents #%1 was reloaded before answering").arg(m_id)));
    if (!m_goneReported)
        m_launcher->portBroker()->rendererGone(m_id);
}

void WebContents::forcefullyCrashRenderer()
{
    killProcess();
}

// The renderer and everything it started: its process group, and its descendants that left
// the group (ProcessTree). Those that escape even this are swept when it is gone.
void WebContents::killProcess()
{
    if (!m_process || m_process->state() == QProcess::NotRunning)
        return;
    m_descendants += ProcessTree::killTree(m_process->processId());
    m_process->kill();
}

void WebContents::sweepProcesses()
{
    if (m_spawnedPid <= 0)
        return;
    runningRenderers().remove(m_spawnedPid);
    const QSet<qint64> &others = runningRenderers();
    ProcessTree::sweep(m_spawnedPid, m_descendants,
                       {QByteArray(Protocol::rendererIdEnv) + '=' + QByteArray::number(m_id),
                        QByteArray(Protocol::serverEnv) + '=' + m_serverName.toLocal8Bit()},
                       QList<qint64>(others.cbegin(), others.cend()));
}

void WebContents::answerSync(qint64 id, const QString &channel, const IpcResult &result)
{
    if (m_destroyed)
        return;
    if (m_incomingSync.remove(id)) // not if the renderer gave up waiting
        answerInvoke(id, channel, result);
}

void WebContents::answerInvoke(qint64 id, const QString &channel, const IpcResult &result)
{
    if (m_connection)
        postAnswer(id, channel, result, [this](const Message &message) { return post(message); });
}

void WebContents::onMessage(const Message &message)
{
    // Port frames speak for ports: main checks that this renderer holds them (PROTOCOL.md 8).
    if (message.kind == MessageKind::PortMessage || !message.ports.isEmpty()) {
        const QString refusal = m_launcher->portBroker()->refusal(message, m_id);
        if (!refusal.isEmpty())
            return m_connection->abortWithProtocolError(refusal);
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
        if (!m_calls.resolve(message) && !m_calls.wasIssued(message.id))
            m_connection->abortWithProtocolError(
                    QStringLiteral("result for invoke id %1, which main never sent").arg(message.id));
        return;
    case MessageKind::Cancel: {
        auto it = m_incoming.find(message.id);
        if (it != m_incoming.end())
            it->setCanceled();
        m_incomingSync.remove(message.id);
        return;
    }
    case MessageKind::PortMessage:
        m_launcher->portBroker()->receive(message.port, m_id);
        return;
    case MessageKind::PipeListening:
        m_launcher->portBroker()->pipeListening(m_id, message);
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
        m_connection->abortWithProtocolError(
                QStringLiteral("a renderer may not send '%1' after its handshake")
                        .arg(Message::kindName(message.kind)));
        return;
    }
}

void WebContents::onSend(const Message &message)
{
    if (!admits(ChannelPolicy::Use::Send, message))
        return;
    // A listener may delete this WebContents; stop touching it if one did.
    QPointer<WebContents> guard(this);
    IpcMainEvent event(this, message.channel, 0);
    event.setArguments(message.args, message.buffers);
    if (message.posted) {
        // ipcRenderer.postMessage reaches ipcMain and webContents.ipc only, never 'ipc-message'.
        const QList<MessagePort *> ports =
                m_launcher->portBroker()->adopt(message.ports, m_launcher->portBroker());
        event.setPosted(ports);
        const qsizetype listeners = m_ipc->dispatch(event, message.args)
                + (guard ? m_globalIpc->dispatch(event, message.args) : 0);
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
    m_ipc->dispatch(event, message.args);
    if (guard)
        m_globalIpc->dispatch(event, message.args);
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
    if (!admits(ChannelPolicy::Use::Send, message))
        return;
    m_incomingSync.insert(message.id);
    IpcMainEvent event(this, message.channel, message.id);
    event.setArguments(message.args, message.buffers);
    // Electron counts a webContents 'ipc-message-sync' listener as a listener of every channel.
    qsizetype listeners = isSignalConnected(QMetaMethod::fromSignal(&WebContents::ipcMessageSync));
    QPointer<WebContents> guard(this);
    Q_EMIT ipcMessageSync(event, message.channel, message.args);
    if (!guard)
        return;
    listeners += m_ipc->dispatch(event, message.args);
    if (!guard)
        return;
    listeners += m_globalIpc->dispatch(event, message.args);
    if (guard && listeners == 0) {
        // Electron warns and drops the event, whose reply channel then answers "reply was never
        // sent"; the event going out of scope here does the same, at once.
        qCWarning(lcMain).noquote() << loggable(QStringLiteral("WebContents #%1 called ipcRenderer.sendSync() with "
                                                               "'%2' channel without listeners.")
                                                                .arg(m_id)
                                                                .arg(message.channel),
                                                        1024);
    }
}

void WebContents::onInvoke(const Message &message)
{
    if (m_incoming.contains(message.id)) {
        m_connection->abortWithProtocolError(
                QStringLiteral("invoke id %1 reused while still pending").arg(message.id));
        return;
    }
    if (!admits(ChannelPolicy::Use::Invoke, message))
        return;
    IpcMainInvokeEvent event(this, message.channel, message.args, message.buffers);
    m_incoming.insert(message.id, event);
    const qint64 id = message.id;
    // Only this and the id, so that each std::function made of it fits in the function itself
    // rather than on the heap; the channel comes from the event kept for the id.
    auto done = [this, id](const IpcResult &result) {
        auto it = m_incoming.find(id);
        if (it == m_incoming.end())
            return;
        const bool canceled = it->isCanceled();
        const QString channel = it->channel();
        m_incoming.erase(it);
        if (!canceled)
            answerInvoke(id, channel, result);
    };
    QPointer<WebContents> guard(this);
    if (m_ipc->dispatchInvoke(event, message.args, done, m_linkContext) || !guard)
        return;
    if (m_globalIpc->dispatchInvoke(event, message.args, done, m_linkContext) || !guard)
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
    if (!admits(ChannelPolicy::Use::Send, message))
        return;
    WebContents *target = m_launcher->fromId(message.peer);
    IpcError error;
    if (!target)
        error = IpcError(QStringLiteral("Error"),
                         QStringLiteral("sendTo: no WebContents with id %1").arg(message.peer));
    else if (!target->m_policy.allows(ChannelPolicy::Use::Listen, message.channel))
        error = ChannelPolicy::rejection(ChannelPolicy::Use::Listen, message.channel);
    else if (!target->post(forwardedSendTo(message, m_id)).isNull())
        error = IpcError(QStringLiteral("DisconnectedError"),
                         QStringLiteral("sendTo: WebContents #%1 is gone").arg(message.peer));
    if (!error.isNull()) {
        qCWarning(lcMain).noquote() << "renderer" << m_id << loggable(error.toString(), 1024);
        Message notice;
        notice.kind = MessageKind::Error;
        notice.error = error;
        m_connection->send(notice);
    }
}

void WebContents::onDisconnected()
{
    qCDebug(lcMain) << "renderer" << m_id << "disconnected";
    if (m_process && m_process->state() != QProcess::NotRunning)
        m_descendants += ProcessTree::descendantsOf(m_process->processId()); // swept once gone
    m_connection->deleteLater();
    m_connection = nullptr;
    m_linkClosed = true;
    m_incoming.clear();
    m_incomingSync.clear();
    m_calls.failAll(IpcError(QStringLiteral("DisconnectedError"),
                             QStringLiteral("WebContents #%1 went away before answering").arg(m_id)));
    if (!m_process) {
        markGone(m_badMessage.isEmpty() ? QStringLiteral("clean-exit") : QStringLiteral("abnormal-exit"), 0);
    } else if (m_process->state() == QProcess::NotRunning) {
        markGone(m_exit.reason, m_exit.exitCode);
    } else {
        // The reason comes with the process's exit; one that lingers without a link is killed.
        QPointer<QProcess> process = m_process;
        QTimer::singleShot(lingerTimeoutMs, this, [this, process] {
            if (process && process->state() != QProcess::NotRunning) {
                qCWarning(lcMain) << "renderer" << m_id
                                  << "still running without a connection; killing it";
                killProcess();
            }
        });
    }
}

void WebContents::onProcessFinished(int exitCode, QProcess::ExitStatus status)
{
    if (status == QProcess::NormalExit) {
        m_exit = {exitCode == 0 ? QStringLiteral("clean-exit") : QStringLiteral("abnormal-exit"),
                  exitCode};
    } else {
        // On Unix, QProcess reports the terminating signal as the exit code of a crash exit.
        const bool killed = exitCode == SIGKILL || exitCode == SIGTERM;
        m_exit = {killed ? QStringLiteral("killed") : QStringLiteral("crashed"), exitCode};
    }
    // Frames the renderer wrote before it died may still be unread: the socket's end-of-file
    // comes after them, and that is when the gone signal goes out. Its hello may not even have
    // been read yet, so let the launcher finish any handshake in progress first.
    QPointer<WebContents> guard(this);
    if (!m_connection)
        m_launcher->processPendingHandshakes();
    if (guard && !m_connection)
        markGone(m_exit.reason, m_exit.exitCode);
}

void WebContents::onProcessError(QProcess::ProcessError error)
{
    if (error != QProcess::FailedToStart)
        return;
    qCWarning(lcMain).noquote() << "renderer" << m_id
                                << "failed to start:" << m_process->errorString();
    markGone(QStringLiteral("launch-failed"), -1);
}

// Chromium's rule for a renderer that sends what no honest renderer would: it is treated as
// compromised. Its connection is already closed (nothing after the bad frame was delivered);
// its process is killed now, and renderProcessGone() carries the reason.
void WebContents::onBadMessage(const QString &reason)
{
    if (!m_badMessage.isEmpty())
        return;
    m_badMessage = QStringLiteral("bad-message: ") + reason;
    qCWarning(lcMain).noquote() << "renderer" << m_id << "killed:" << loggable(m_badMessage, 1024);
    killProcess();
}

// A renderer that took nothing for a while with main's buffer for it full is hung. Its connection
// goes (with everything waiting for it), and its process is killed.
void WebContents::onPeerNotReading(qint64 pendingBytes)
{
    qCWarning(lcMain).noquote() << "renderer" << m_id << "is not reading (" << pendingBytes
                                << "bytes waiting for it, none taken for" << m_unresponsiveTimeout
                                << "ms): treated as hung and killed";
    QPointer<WebContents> guard(this);
    Q_EMIT unresponsive();
    if (!guard)
        return;
    killProcess();
    if (m_connection)
        m_connection->abort();
}

void WebContents::markGone(const QString &reason, int exitCode)
{
    if (m_goneReported)
        return;
    m_goneReported = true;
    m_linkClosed = true;
    m_token.clear(); // a gone renderer cannot come back with its old token
    m_outbox.clear();
    m_calls.failAll(IpcError(QStringLiteral("DisconnectedError"),
                             QStringLiteral("WebContents #%1 is gone (%2)").arg(m_id).arg(reason)));
    qCDebug(lcMain) << "renderer" << m_id << "gone:" << reason << exitCode;
    sweepProcesses();
    m_launcher->portBroker()->rendererGone(m_id);
    Q_EMIT renderProcessGone(RenderProcessGoneDetails{reason, exitCode, m_badMessage});
}
