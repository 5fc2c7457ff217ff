#include "rendererlauncher.h"

#include "connection.h"
#include "logging.h"
#include "portbroker.h"
#include "protocol.h"
#include "webcontents.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QLocalServer>
#include <QLocalSocket>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTimer>

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
    for (Connection *connection : findChildren<Connection *>(Qt::FindDirectChildrenOnly))
        connection->processPendingData();
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
    auto *server = new QLocalServer(this);
    server->setSocketOptions(QLocalServer::UserAccessOption);
    if (!server->listen(m_directory->filePath(QStringLiteral("main.sock")))) {
        m_errorString = tr("Cannot listen for renderers: %1").arg(server->errorString());
        delete server;
        return false;
    }
    connect(server, &QLocalServer::newConnection, this, &RendererLauncher::onNewConnection);
    m_server = server;
    qCDebug(lcConnection) << "listening on" << m_server->fullServerName();
    return true;
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
        const QStringList sockets = dir.entryList({QStringLiteral("*.sock")}, QDir::System | QDir::Files);
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
        auto *connection = new Connection(socket, this);
        connection->setMaxFrameSize(m_maxFrameSize);
        connect(connection, &Connection::messageReceived, this,
                [this, connection](const Message &message) {
                    if (message.kind == MessageKind::Hello)
                        onHello(connection, message);
                    else
                        refuse(connection, QStringLiteral("expected a hello, got '%1'")
                                                   .arg(Message::kindName(message.kind)));
                });
        connect(connection, &Connection::disconnected, connection, &QObject::deleteLater);
        connect(connection, &Connection::protocolError, this, &RendererLauncher::handshakeRefused);
        QTimer::singleShot(m_handshakeTimeout, connection, [this, connection] {
            if (connection->parent() != this)
                return; // it has become a renderer's connection
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
    connection->disconnect(this); // stop the handshake handlers and the timeout
    disconnect(connection, &Connection::disconnected, connection, &QObject::deleteLater);
    webContents->attach(connection);
}

void RendererLauncher::refuse(Connection *connection, const QString &reason)
{
    qCWarning(lcConnection).noquote() << "refusing a renderer connection:" << reason;
    Message refusal;
    refusal.kind = MessageKind::Refuse;
    refusal.reason = reason;
    connection->send(refusal);
    connection->disconnect(this);
    connection->close();
    Q_EMIT handshakeRefused(reason);
}
