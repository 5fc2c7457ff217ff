#pragma once

#include <QDir>
#include <QHash>
#include <QObject>
#include <QSet>
#include <QStringList>

#include <memory>

class Connection;
class IpcMain;
class PortBroker;
class RendererLauncherPrivate;
class QLocalServer;
class UtilityProcess;
class WebContents;
struct Message;
struct RenderProcessGoneDetails;
Q_MOC_INCLUDE("webcontents.h")

// Starts renderer processes and accepts their connections: Electron's `new BrowserWindow()`
// as far as IPC goes.
//
// The server socket lives in a fresh directory only this user can enter, and each renderer
// must open with a hello carrying its id and a one-time token that main put in its
// environment; anything else is refused with a reason and disconnected.
//
//     IpcMain ipcMain;
//     RendererLauncher launcher(&ipcMain);
//     WebContents *win = launcher.launch();
//     win->send("messageToRenderer", {"Hello from Main!"}); // queued until it has connected
class RendererLauncher : public QObject
{
    Q_OBJECT
public:
    explicit RendererLauncher(IpcMain *ipcMain, QObject *parent = nullptr);
    ~RendererLauncher() override;

    // Starts the server; launch() and createWebContents() call it when needed. Sockets that
    // crashed sessions left behind are removed first (removeStaleSockets()).
    bool listen();

    // Removes the socket directories of IPC Lab sessions that are gone (main's ipclab-*/main.sock
    // and renderers' ipclab-pipe-*/peer.sock in directory, this user's only): a socket nobody
    // accepts on is stale; one that accepts is live and is never touched, and a directory with
    // no socket yet is left alone for a minute (its session may be starting). Returns how many
    // directories it removed.
    static int removeStaleSockets(const QString &directory = QDir::tempPath());
    QString serverName() const;
    QString errorString() const;

    // The renderer executable; by default ipclab-renderer beside this application.
    QString rendererProgram() const;
    void setRendererProgram(const QString &program);

    // Arguments every launch() passes before its own (e.g. the language of the windows).
    QStringList rendererArguments() const;
    void setRendererArguments(const QStringList &arguments);

    // Largest frame accepted from a renderer (default 64 MiB).
    void setMaxFrameSize(qsizetype bytes);

    // Bytes main holds for one renderer that has not taken them yet (default 128 MiB, two
    // frames of the largest size). Past it main's sends to that renderer fail with a
    // RangeError; if it then takes nothing for the unresponsive timeout (default 5 s), it is
    // hung: WebContents::unresponsive(), then killed. Apply to windows created afterwards.
    void setMaxPendingWriteBytes(qint64 bytes);
    void setUnresponsiveTimeout(int milliseconds);
    // Bytes one renderer may have relayed through main (sendTo, port messages main routes)
    // that their targets have not taken yet (default 1 MiB). Past it its sendTo fails with a
    // RangeError and a port message is a bad message, so that no sender fills another's queue.
    void setMaxRelayedBytes(qint64 bytes);
    qint64 maxRelayedBytes() const;

    // How long a new connection has to present its hello (default 5 s).
    void setHandshakeTimeout(int milliseconds);
    // Connections that have not said hello yet (default 64): past it a new connection is
    // closed at once.
    void setMaxUnauthenticatedConnections(int count);

    WebContents *launch(const QStringList &arguments = {});

    // A WebContents with no process: start the renderer yourself with
    // WebContents::rendererEnvironment() in its environment.
    WebContents *createWebContents();

    // Electron's webContents.fromId() and webContents.getAllWebContents() (which leaves out
    // utility processes).
    WebContents *fromId(int id) const;
    QList<WebContents *> allWebContents() const;

    IpcMain *ipcMain() const;
    // Where MessagePorts in this process live, and the broker of channels between renderers.
    PortBroker *portBroker() const;

    // Reads whatever connections that have not finished their handshake have already sent.
    void processPendingHandshakes();

Q_SIGNALS:
    void webContentsCreated(WebContents *webContents);
    // A connection that did not complete a valid handshake, and why.
    void handshakeRefused(const QString &reason);
    // Electron's app.on('render-process-gone', (event, webContents, details)): any window's
    // renderer went away, emitted before that WebContents' own renderProcessGone(). Not for a
    // reload, and not for utility processes (UtilityProcess::exit).
    void renderProcessGone(WebContents *webContents, const RenderProcessGoneDetails &details);

private:
    friend class WebContents;
    friend class UtilityProcess;
    static QString newToken();
    int nextProcessId();
    WebContents *newWebContents(bool utility);
    void onNewConnection();
    void onHello(Connection *connection, const Message &hello);
    void refuse(Connection *connection, const QString &reason);
    void killSpawnedPeer(Connection *connection, const QString &reason);
    bool isAwaitedRenderer(qint64 pid) const;
    static void raiseDescriptorLimit();
    void watchServer();
    void listenAgain();

    std::unique_ptr<RendererLauncherPrivate> d_ptr;
    Q_DECLARE_PRIVATE(RendererLauncher)
};
