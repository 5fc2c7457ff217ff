#include "rendererlauncher.h"

#include "connection.h"
#include "logging.h"
#include "portbroker.h"
#include "processtree.h"
#include "protocol.h"
#include "webcontents.h"

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
    : QObject(parent),
      m_ipcMain(ipcMain),
      m_portBroker(new PortBroker(this)),
      m_rendererProgram(QCoreApplication::applicationDirPath()
                        + QLatin1String("/ipclab-renderer")),
      m_maxFrameSize(Protocol::defaultMaxFrameSize),
      m_handshakeTimeout(Protocol::handshakeTimeoutMs)
{
}

void RendererLauncher::setMaxFrameSize(qsizetype bytes)
{
    m_maxFrameSize = bytes;
    for (WebContents *webContents : std::as_const(m_webContents))
        webContents->m_maxFrameSize = bytes;
}

void RendererLauncher::processPendingHandshakes()
{
    // A renderer that connected and exited at once may not even have been accepted yet (the
    // server's notifier and the process's exit race in the event loop): take every connection
    // the kernel holds for the server first, so that its frames are read before its exit is
    // reported. waitForNewConnection(0) accepts one without blocking and announces it, which
    // onNewConnection() takes.
    if (m_server) {
        for (int accepted = 0; accepted < m_maxUnauthenticatedConnections; ++accepted) {
            const qsizetype before = m_handshaking.size();
            m_server->waitForNewConnection(0);
            if (m_handshaking.size() == before)
                break;
        }
    }
    const QList<QPointer<Connection>> connections(m_handshaking.begin(), m_handshaking.end());
    for (const QPointer<Connection> &connection : connections) {
        if (connection && connection->parent() == this)
            connection->processPendingData();
    }
}

RendererLauncher::~RendererLauncher()
{
    // Renderers first (they kill their processes), then the server and its directory.
    qDeleteAll(m_webContents);
    m_webContents.clear();
}

bool RendererLauncher::listen()
{
    if (m_server)
        return true;
    removeStaleSockets();
    // QTemporaryDir creates the directory with mode 0700.
    m_directory = std::make_unique<QTemporaryDir>(QDir::tempPath() + QLatin1String("/ipclab-XXXXXX"));
    if (!m_directory->isValid()) {
        m_errorString = tr("Cannot create a private directory for the IPC socket: %1")
                                .arg(m_directory->errorString());
        return false;
    }
    raiseDescriptorLimit();
    auto *server = new QLocalServer(this);
    server->setSocketOptions(QLocalServer::UserAccessOption);
    m_serverPath = m_directory->filePath(QStringLiteral("main.sock"));
    if (!server->listen(m_serverPath)) {
        m_errorString = tr("Cannot listen for renderers: %1").arg(server->errorString());
        delete server;
        return false;
    }
    connect(server, &QLocalServer::newConnection, this, &RendererLauncher::onNewConnection);
    m_server = server;
    watchServer();
    // What a renderer's descendants leave behind comes back to main, to be killed with it.
    ProcessTree::becomeSubreaper();
    qCDebug(lcConnection) << "listening on" << m_server->fullServerName();
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
    if (auto *notifier = m_server->findChild<QSocketNotifier *>())
        connect(notifier, &QObject::destroyed, this, &RendererLauncher::listenAgain, Qt::QueuedConnection);
}

void RendererLauncher::listenAgain()
{
    if (!m_server || m_server->isListening())
        return;
    qCWarning(lcConnection).noquote() << "the renderer socket stopped listening ("
                                      << m_server->errorString() << "); listening again";
    QFile::remove(m_serverPath);
    if (m_server->listen(m_serverPath)) {
        watchServer();
        qCWarning(lcConnection).noquote() << "listening again on" << m_serverPath;
        return;
    }
    qCWarning(lcConnection).noquote() << "cannot listen again yet:" << m_server->errorString();
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
    return m_server ? m_server->fullServerName() : QString();
}

WebContents *RendererLauncher::createWebContents()
{
    return newWebContents(false);
}

QList<WebContents *> RendererLauncher::allWebContents() const
{
    QList<WebContents *> all;
    for (auto it = m_webContents.cbegin(); it != m_webContents.cend(); ++it) {
        if (!m_utilityIds.contains(it.key()))
            all.append(it.value());
    }
    return all;
}

WebContents *RendererLauncher::newWebContents(bool utility)
{
    if (!listen())
        return nullptr;
    const int id = m_nextId++;
    auto *webContents = new WebContents(id, this, m_ipcMain);
    webContents->m_token = newToken();
    webContents->m_maxFrameSize = m_maxFrameSize;
    webContents->m_maxPendingWriteBytes = m_maxPendingWriteBytes;
    webContents->m_unresponsiveTimeout = m_unresponsiveTimeout;
    webContents->m_outbox.setMaxQueuedBytes(m_maxPendingWriteBytes);
    webContents->m_serverName = serverName();
    m_webContents.insert(id, webContents);
    connect(webContents, &QObject::destroyed, this, [this, id] {
        m_webContents.remove(id);
        m_utilityIds.remove(id);
    });
    if (utility) {
        m_utilityIds.insert(id);
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
    WebContents *webContents = createWebContents();
    if (webContents)
        webContents->start(m_rendererProgram, m_rendererArguments + arguments);
    return webContents;
}

void RendererLauncher::onNewConnection()
{
    while (QLocalSocket *socket = m_server->nextPendingConnection()) {
        // Whoever can connect could otherwise hold descriptors until main can accept no one. A
        // renderer main started and is waiting for is never turned away.
        auto *connection = new Connection(socket, this);
        const qint64 peer = connection->peerProcessId(); // now: a failed one loses its descriptor
        if (m_handshaking.size() >= m_maxUnauthenticatedConnections && !isAwaitedRenderer(peer)) {
            if (m_overCap++ == 0)
                qCWarning(lcConnection) << "closing a new connection at once:"
                                        << m_handshaking.size()
                                        << "connections have not said hello yet (limit"
                                        << m_maxUnauthenticatedConnections << ")";
            delete connection;
            continue;
        }
        m_overCap = 0;
        connection->setMaxFrameSize(m_maxFrameSize);
        // Only a hello-sized frame until the hello is accepted.
        connection->setFirstFrameLimit(Protocol::maxHelloFrameSize);
        m_handshaking.insert(connection);
        connect(connection, &QObject::destroyed, this,
                [this, connection] { m_handshaking.remove(connection); });
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
        QTimer::singleShot(m_handshakeTimeout, connection, [this, connection] {
            if (connection->parent() != this || !connection->isOpen())
                return; // it has become a renderer's connection, or was refused already
            refuse(connection, QStringLiteral("no hello within %1 ms").arg(m_handshakeTimeout));
        });
    }
}

void RendererLauncher::onHello(Connection *connection, const Message &hello)
{
    if (hello.version != Protocol::version) {
        refuse(connection, QStringLiteral("protocol version %1 is not supported; this main process "
                                          "speaks version %2")
                                   .arg(hello.version)
                                   .arg(Protocol::version));
        return;
    }
    WebContents *webContents = m_webContents.value(hello.rendererId);
    // One sentence for every failure, so a guesser learns nothing about which part was wrong.
    if (!webContents || !sameToken(hello.token, webContents->m_token)) {
        refuse(connection, QStringLiteral("unknown renderer id or token"));
        return;
    }
    // The token is in the renderer's /proc/PID/environ for its whole life, readable by any
    // process of this user: knowing it is not enough. A renderer main spawned must say hello
    // from the very process main started (the kernel's word, SO_PEERCRED). One started by
    // someone else (createWebContents()) has only its token.
    if (webContents->m_process) {
        const qint64 expected = webContents->m_spawnedPid; // kept after it exits, unlike QProcess's
        const qint64 peer = connection->peerProcessId();
        if (peer != expected) {
            refuse(connection, QStringLiteral("hello for renderer %1 from process %2, not the one main "
                                              "started for it")
                                       .arg(webContents->id())
                                       .arg(peer));
            return;
        }
    }
    m_handshaking.remove(connection);
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
    if (pid <= 0)
        return false;
    for (WebContents *webContents : m_webContents) {
        if (!webContents->isReady() && webContents->m_process && webContents->m_process->processId() == pid)
            return true;
    }
    return false;
}

// A renderer main spawned that fails its own handshake is broken or compromised: it is killed
// (Chromium's bad-message rule), rather than left running without a connection.
void RendererLauncher::killSpawnedPeer(Connection *connection, const QString &reason)
{
    const qint64 peer = connection->peerProcessId();
    if (peer <= 0)
        return;
    for (WebContents *webContents : std::as_const(m_webContents)) {
        QProcess *process = webContents->m_process;
        if (process && process->state() != QProcess::NotRunning && process->processId() == peer) {
            webContents->onBadMessage(QStringLiteral("hello refused: ") + reason);
            return;
        }
    }
}
