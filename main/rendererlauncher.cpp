#include "rendererlauncher.h"
#include "rendererlauncher_p.h"

#include "connection.h"
#include "logging.h"
#include "portbroker.h"
#include "processtree.h"
#include "protocol.h"
#include "webcontents.h"
#include "webcontents_p.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QLocalServer>
#include <QLocalSocket>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QPointer>
#include <QProcess>
#include <QSocketNotifier>
#include <QTimer>

#include <algorithm>

#include <sys/resource.h>
#include <unistd.h>

QString RendererLauncher::newToken()
{
    quint32 words[4];
    QRandomGenerator::system()->fillRange(words);
    return QString::fromLatin1(
            QByteArray(reinterpret_cast<const char *>(words), sizeof words).toHex());
}

namespace {

// Compares without stopping at the first difference, so timing says nothing about the token.
bool sameToken(const QString &a, const QString &b)
{
    if (a.size() != b.size() || a.isEmpty())
        return false;
    char16_t difference = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        difference |= a.at(i).unicode() ^ b.at(i).unicode();
    return difference == 0;
}

} // namespace

RendererLauncher::RendererLauncher(IpcMain *ipcMain, QObject *parent)
    : QObject(parent), d_ptr(std::make_unique<RendererLauncherPrivate>())
{
    Q_D(RendererLauncher);
    d->m_ipcMain = ipcMain;
    d->m_portBroker = new PortBroker(this);
    d->m_rendererProgram = QCoreApplication::applicationDirPath() + QLatin1String("/ipclab-renderer");
}

QString RendererLauncher::errorString() const
{
    Q_D(const RendererLauncher);
    return d->m_errorString;
}

QString RendererLauncher::rendererProgram() const
{
    Q_D(const RendererLauncher);
    return d->m_rendererProgram;
}

void RendererLauncher::setRendererProgram(const QString &program)
{
    Q_D(RendererLauncher);
    d->m_rendererProgram = program;
}

QStringList RendererLauncher::rendererArguments() const
{
    Q_D(const RendererLauncher);
    return d->m_rendererArguments;
}

void RendererLauncher::setRendererArguments(const QStringList &arguments)
{
    Q_D(RendererLauncher);
    d->m_rendererArguments = arguments;
}

void RendererLauncher::setMaxPendingWriteBytes(qint64 bytes)
{
    Q_D(RendererLauncher);
    d->m_maxPendingWriteBytes = bytes;
}

void RendererLauncher::setUnresponsiveTimeout(int milliseconds)
{
    Q_D(RendererLauncher);
    d->m_unresponsiveTimeout = milliseconds;
}

void RendererLauncher::setMaxRelayedBytes(qint64 bytes)
{
    Q_D(RendererLauncher);
    d->m_maxRelayedBytes = bytes;
}

qint64 RendererLauncher::maxRelayedBytes() const
{
    Q_D(const RendererLauncher);
    return d->m_maxRelayedBytes;
}

void RendererLauncher::setHandshakeTimeout(int milliseconds)
{
    Q_D(RendererLauncher);
    d->m_handshakeTimeout = milliseconds;
}

void RendererLauncher::setMaxUnauthenticatedConnections(int count)
{
    Q_D(RendererLauncher);
    d->m_maxUnauthenticatedConnections = count;
}

WebContents *RendererLauncher::fromId(int id) const
{
    Q_D(const RendererLauncher);
    return d->m_webContents.value(id);
}

IpcMain *RendererLauncher::ipcMain() const
{
    Q_D(const RendererLauncher);
    return d->m_ipcMain;
}

PortBroker *RendererLauncher::portBroker() const
{
    Q_D(const RendererLauncher);
    return d->m_portBroker;
}

int RendererLauncher::nextProcessId()
{
    Q_D(RendererLauncher);
    return d->m_nextProcessId++;
}

void RendererLauncher::setMaxFrameSize(qsizetype bytes)
{
    Q_D(RendererLauncher);
    d->m_maxFrameSize = bytes;
    for (WebContents *webContents : std::as_const(d->m_webContents))
        webContents->d_func()->m_maxFrameSize = bytes;
}

void RendererLauncher::processPendingHandshakes()
{
    Q_D(RendererLauncher);
    // A renderer that connected and exited at once may not even have been accepted yet (the
    // server's notifier and the process's exit race in the event loop): take every connection
    // the kernel holds for the server first, so that its frames are read before its exit is
    // reported. waitForNewConnection(0) accepts one without blocking and announces it, which
    // onNewConnection() takes.
    if (d->m_server) {
        for (int accepted = 0; accepted < d->m_maxUnauthenticatedConnections; ++accepted) {
            const qsizetype before = d->m_handshaking.size();
            d->m_server->waitForNewConnection(0);
            if (d->m_handshaking.size() == before)
                break;
        }
    }
    const QList<QPointer<Connection>> connections(d->m_handshaking.begin(), d->m_handshaking.end());
    for (const QPointer<Connection> &connection : connections) {
        if (connection && connection->parent() == this)
            connection->processPendingData();
    }
}

RendererLauncher::~RendererLauncher()
{
    Q_D(RendererLauncher);
    // Renderers first (they kill their processes), then the server and its directory.
    qDeleteAll(d->m_webContents);
    d->m_webContents.clear();
}

bool RendererLauncher::listen()
{
    Q_D(RendererLauncher);
    if (d->m_server)
        return true;
    removeStaleSockets();
    // QTemporaryDir creates the directory with mode 0700.
    d->m_directory = std::make_unique<QTemporaryDir>(QDir::tempPath() + QLatin1String("/ipclab-XXXXXX"));
    if (!d->m_directory->isValid()) {
        d->m_errorString = tr("Cannot create a private directory for the IPC socket: %1")
                                .arg(d->m_directory->errorString());
        return false;
    }
    raiseDescriptorLimit();
    auto *server = new QLocalServer(this);
    server->setSocketOptions(QLocalServer::UserAccessOption);
    d->m_serverPath = d->m_directory->filePath(QStringLiteral("main.sock"));
    if (!server->listen(d->m_serverPath)) {
        d->m_errorString = tr("Cannot listen for renderers: %1").arg(server->errorString());
        delete server;
        return false;
    }
    connect(server, &QLocalServer::newConnection, this, &RendererLauncher::onNewConnection);
    d->m_server = server;
    watchServer();
    // What a renderer's descendants leave behind comes back to main, to be killed with it.
    ProcessTree::becomeSubreaper();
    qCDebug(lcConnection) << "listening on" << d->m_server->fullServerName();
    return true;
}

// Renderers, their pipes and connections that have not said hello yet all take descriptors:
// use what the hard limit allows rather than the usual soft 1,024.
void RendererLauncher::raiseDescriptorLimit()
{
    rlimit limit = {};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &limit);
    }
}

// QLocalServer closes its socket, removes the socket file and says nothing when an accept()
// fails (out of descriptors, say): every later renderer would fail to connect. Its socket
// notifier goes with it, which is the one sign; main then listens again at the same path,
// retrying until it can.
void RendererLauncher::watchServer()
{
    Q_D(RendererLauncher);
    if (auto *notifier = d->m_server->findChild<QSocketNotifier *>())
        connect(notifier, &QObject::destroyed, this, &RendererLauncher::listenAgain, Qt::QueuedConnection);
}

void RendererLauncher::listenAgain()
{
    Q_D(RendererLauncher);
    if (!d->m_server || d->m_server->isListening())
        return;
    qCWarning(lcConnection).noquote() << "the renderer socket stopped listening ("
                                      << d->m_server->errorString() << "); listening again";
    QFile::remove(d->m_serverPath);
    if (d->m_server->listen(d->m_serverPath)) {
        watchServer();
        qCWarning(lcConnection).noquote() << "listening again on" << d->m_serverPath;
        return;
    }
    qCWarning(lcConnection).noquote() << "cannot listen again yet:" << d->m_server->errorString();
    QTimer::singleShot(100, this, &RendererLauncher::listenAgain);
}

int RendererLauncher::removeStaleSockets(const QString &directory)
{
    int removed = 0;
    const QFileInfoList candidates = QDir(directory).entryInfoList({QStringLiteral("ipclab-*")},
                                                                  QDir::Dirs | QDir::NoDotAndDotDot | QDir::NoSymLinks);
    for (const QFileInfo &candidate : candidates) {
        if (candidate.ownerId() != ::getuid())
            continue;
        QDir dir(candidate.absoluteFilePath());
        // Only what IPC Lab makes: a directory holding nothing but its own socket (main.sock, a
        // renderer's peer.sock), or nothing yet. Anything else in it, and it is someone else's
        // ipclab-* directory (a build tree, a user's files), never touched.
        const QFileInfoList entries = dir.entryInfoList(QDir::AllEntries | QDir::System | QDir::Hidden
                                                        | QDir::NoDotAndDotDot);
        const bool onlyOurSockets = std::all_of(entries.begin(), entries.end(), [](const QFileInfo &entry) {
            return !entry.isSymLink() && !entry.isDir() && !entry.isFile()
                    && (entry.fileName() == QLatin1String("main.sock")
                        || entry.fileName() == QLatin1String("peer.sock"));
        });
        if (!onlyOurSockets)
            continue;
        const QStringList sockets = dir.entryList(QDir::System | QDir::NoDotAndDotDot);
        bool stale;
        if (sockets.isEmpty()) {
            stale = candidate.lastModified().secsTo(QDateTime::currentDateTime()) > 60;
        } else {
            stale = true;
            for (const QString &socketName : sockets) {
                QLocalSocket probe;
                probe.connectToServer(dir.filePath(socketName));
                // A live server accepts at once (the kernel queues the connection even when
                // its owner is busy or stopped); a dead one refuses at once.
                if (probe.waitForConnected(1000) || probe.error() == QLocalSocket::SocketTimeoutError)
                    stale = false;
                probe.abort();
            }
        }
        if (stale && dir.removeRecursively()) {
            qCDebug(lcConnection) << "removed stale socket directory" << dir.path();
            ++removed;
        }
    }
    return removed;
}

QString RendererLauncher::serverName() const
{
    Q_D(const RendererLauncher);
    return d->m_server ? d->m_server->fullServerName() : QString();
}

WebContents *RendererLauncher::createWebContents()
{
    return newWebContents(false);
}

QList<WebContents *> RendererLauncher::allWebContents() const
{
    Q_D(const RendererLauncher);
    QList<WebContents *> all;
    for (auto it = d->m_webContents.cbegin(); it != d->m_webContents.cend(); ++it) {
        if (!d->m_utilityIds.contains(it.key()))
            all.append(it.value());
    }
    return all;
}

WebContents *RendererLauncher::newWebContents(bool utility)
{
    Q_D(RendererLauncher);
    if (!listen())
        return nullptr;
    const int id = d->m_nextId++;
    auto *webContents = new WebContents(id, this, d->m_ipcMain);
    webContents->d_func()->m_token = newToken();
    webContents->d_func()->m_maxFrameSize = d->m_maxFrameSize;
    webContents->d_func()->m_maxPendingWriteBytes = d->m_maxPendingWriteBytes;
    webContents->d_func()->m_unresponsiveTimeout = d->m_unresponsiveTimeout;
    webContents->d_func()->m_outbox.setMaxQueuedBytes(d->m_maxPendingWriteBytes);
    webContents->d_func()->m_serverName = serverName();
    d->m_webContents.insert(id, webContents);
    connect(webContents, &QObject::destroyed, this, [this, id, d] {
        d->m_webContents.remove(id);
        d->m_utilityIds.remove(id);
    });
    if (utility) {
        d->m_utilityIds.insert(id);
        return webContents;
    }
    // Connected before anyone else can: the app hears of a gone renderer first, as in Electron.
    connect(webContents, &WebContents::renderProcessGone, this,
            [this, webContents](const RenderProcessGoneDetails &details) {
                Q_EMIT renderProcessGone(webContents, details);
            });
    Q_EMIT webContentsCreated(webContents);
    return webContents;
}

WebContents *RendererLauncher::launch(const QStringList &arguments)
{
    Q_D(RendererLauncher);
    WebContents *webContents = createWebContents();
    if (webContents)
        webContents->start(d->m_rendererProgram, d->m_rendererArguments + arguments);
    return webContents;
}

void RendererLauncher::onNewConnection()
{
    Q_D(RendererLauncher);
    while (QLocalSocket *socket = d->m_server->nextPendingConnection()) {
        // Whoever can connect could otherwise hold descriptors until main can accept no one. A
        // renderer main started and is waiting for is never turned away.
        auto *connection = new Connection(socket, this);
        const qint64 peer = connection->peerProcessId(); // now: a failed one loses its descriptor
        if (d->m_handshaking.size() >= d->m_maxUnauthenticatedConnections && !isAwaitedRenderer(peer)) {
            if (d->m_overCap++ == 0)
                qCWarning(lcConnection) << "closing a new connection at once:"
                                        << d->m_handshaking.size()
                                        << "connections have not said hello yet (limit"
                                        << d->m_maxUnauthenticatedConnections << ")";
            delete connection;
            continue;
        }
        d->m_overCap = 0;
        connection->setMaxFrameSize(d->m_maxFrameSize);
        // Only a hello-sized frame until the hello is accepted.
        connection->setFirstFrameLimit(Protocol::maxHelloFrameSize);
        d->m_handshaking.insert(connection);
        connect(connection, &QObject::destroyed, this,
                [this, connection, d] { d->m_handshaking.remove(connection); });
        connect(connection, &Connection::messageReceived, this,
                [this, connection](const Message &message) {
                    if (message.kind == MessageKind::Hello)
                        onHello(connection, message);
                    else
                        refuse(connection, QStringLiteral("expected a hello, got '%1'")
                                                   .arg(Message::kindName(message.kind)));
                });
        connect(connection, &Connection::disconnected, connection, &QObject::deleteLater);
        connect(connection, &Connection::protocolError, this, [this, connection](const QString &reason) {
            killSpawnedPeer(connection, reason);
            Q_EMIT handshakeRefused(reason);
        });
        QTimer::singleShot(d->m_handshakeTimeout, connection, [this, connection, d] {
            if (connection->parent() != this || !connection->isOpen())
                return; // it has become a renderer's connection, or was refused already
            refuse(connection, QStringLiteral("no hello within %1 ms").arg(d->m_handshakeTimeout));
        });
    }
}

void RendererLauncher::onHello(Connection *connection, const Message &hello)
{
    Q_D(RendererLauncher);
    if (hello.version != Protocol::version) {
        refuse(connection, QStringLiteral("protocol version %1 is not supported; this main process "
                                          "speaks version %2")
                                   .arg(hello.version)
                                   .arg(Protocol::version));
        return;
    }
    WebContents *webContents = d->m_webContents.value(hello.rendererId);
    // One sentence for every failure, so a guesser learns nothing about which part was wrong.
    if (!webContents || !sameToken(hello.token, webContents->d_func()->m_token)) {
        refuse(connection, QStringLiteral("unknown renderer id or token"));
        return;
    }
    // The token is in the renderer's /proc/PID/environ for its whole life, readable by any
    // process of this user: knowing it is not enough. A renderer main spawned must say hello
    // from the very process main started (the kernel's word, SO_PEERCRED). One started by
    // someone else (createWebContents()) has only its token.
    if (webContents->d_func()->m_process) {
        const qint64 expected = webContents->d_func()->m_spawnedPid; // kept after it exits, unlike QProcess's
        const qint64 peer = connection->peerProcessId();
        if (peer != expected) {
            refuse(connection, QStringLiteral("hello for renderer %1 from process %2, not the one main "
                                              "started for it")
                                       .arg(webContents->id())
                                       .arg(peer));
            return;
        }
    }
    d->m_handshaking.remove(connection);
    connection->disconnect(this); // stop the handshake handlers and the timeout
    disconnect(connection, &Connection::disconnected, connection, &QObject::deleteLater);
    webContents->attach(connection);
}

void RendererLauncher::refuse(Connection *connection, const QString &reason)
{
    qCWarning(lcConnection).noquote() << "refusing a renderer connection:" << loggable(reason, 1024);
    Message refusal;
    refusal.kind = MessageKind::Refuse;
    refusal.reason = reason;
    connection->send(refusal);
    // It still counts against the cap until it is gone.
    disconnect(connection, &Connection::messageReceived, this, nullptr);
    disconnect(connection, &Connection::protocolError, this, nullptr);
    connection->close();
    killSpawnedPeer(connection, reason);
    Q_EMIT handshakeRefused(reason);
}

bool RendererLauncher::isAwaitedRenderer(qint64 pid) const
{
    Q_D(const RendererLauncher);
    if (pid <= 0)
        return false;
    for (WebContents *webContents : d->m_webContents) {
        if (!webContents->isReady() && webContents->d_func()->m_process && webContents->d_func()->m_process->processId() == pid)
            return true;
    }
    return false;
}

// A renderer main spawned that fails its own handshake is broken or compromised: it is killed
// (Chromium's bad-message rule), rather than left running without a connection.
void RendererLauncher::killSpawnedPeer(Connection *connection, const QString &reason)
{
    Q_D(RendererLauncher);
    const qint64 peer = connection->peerProcessId();
    if (peer <= 0)
        return;
    for (WebContents *webContents : std::as_const(d->m_webContents)) {
        QProcess *process = webContents->d_func()->m_process;
        if (process && process->state() != QProcess::NotRunning && process->processId() == peer) {
            webContents->onBadMessage(QStringLiteral("hello refused: ") + reason);
            return;
        }
    }
}
