#pragma once

#include "channelpolicy.h"
#include "ipcerror.h"
#include "ipcmainevent.h"
#include "ipcresult.h"
#include "ipctyped.h"

#include <QHash>
#include <QJsonArray>
#include <QObject>
#include <QProcess>
#include <QSet>

#include <memory>

class Connection;
class IpcMain;
class IpcMainInvokeEvent;
class IpcReply;
class MessagePort;
class RendererLauncher;
class UtilityProcess;
class WebContentsPrivate;
struct Message;

// Why a renderer went away, with Electron's reason names: "clean-exit", "abnormal-exit",
// "killed", "crashed" or "launch-failed". exitCode is the process's exit code, the signal
// number for "killed" and "crashed", and -1 for "launch-failed".
//
// badMessage is set when main itself ended the renderer because it broke the protocol
// (Chromium's bad_message rule): "bad-message: <what was wrong>". Main kills such a renderer at
// once, so its reason is then "killed" (or "abnormal-exit" for one main did not spawn).
struct RenderProcessGoneDetails
{
    QString reason;
    int exitCode = 0;
    QString badMessage;
};
Q_DECLARE_METATYPE(RenderProcessGoneDetails)

// One renderer as main sees it (Electron's webContents): its process, if main spawned it, and
// its connection. Created by RendererLauncher; ids start at 1 (0 means main itself).
//
// Messages sent before the renderer has finished its handshake are queued and delivered in
// order once it has (didFinishLoad()).
//
// It may be deleted at any time, even from one of its own signals or listeners.
class WebContents : public QObject
{
    Q_OBJECT
    Q_PROPERTY(int id READ id CONSTANT)
public:
    ~WebContents() override;

    int id() const;
    // Electron's webContents.getProcessId(): the internal id of the renderer process (not the
    // OS pid), the same as event.processId. Each renderer process this launcher starts or
    // accepts gets the next one, from 1, so a reload has a new one. 0 before there is one.
    int getProcessId() const;
    // Electron's webContents.getOSProcessId(): the system pid, 0 if main did not spawn it.
    qint64 getOSProcessId() const { return osProcessId(); }
    qint64 osProcessId() const;
    QProcess *process() const;
    bool isReady() const;
    bool isCrashed() const;
    // "bad-message: <reason>" once main has cut this renderer off for breaking the protocol.
    QString badMessageReason() const;

    // The channels this renderer may use (ChannelPolicy). Set it right after creating the
    // window, before returning to the event loop: the renderer learns it in the welcome. Main
    // enforces it on everything the renderer sends: a message outside it is never dispatched,
    // counts in rejectedMessageCount(), and an invoke or sendSync gets a SecurityError back.
    // Main's own send(), invoke() and postMessage() to a channel outside its "listen" list fail
    // with the same error.
    void setChannelPolicy(const ChannelPolicy &policy);
    ChannelPolicy channelPolicy() const;
    int rejectedMessageCount() const;

    // Electron's webContents.ipc: listeners and handlers for this renderer only.
    IpcMain *ipc() const;

    // Electron's webContents.send. A null IpcError once sent or queued.
    IpcError send(const QString &channel, const QJsonArray &args = {});

    // Beyond Electron: main invokes a handler the renderer registered with ipcRenderer.handle().
    // timeout in ms, -1 for none.
    IpcReply *invoke(const QString &channel, const QJsonArray &args = {}, int timeout = -1);

    // The same with QVariant arguments: a QByteArray argument travels as raw bytes (a frame
    // attachment), the others as JSON; the renderer finds them in event.arguments().
    template <typename List, IpcBinary::IfVariantList<List> = true>
    IpcError send(const QString &channel, const List &arguments)
    {
        return sendVariant(channel, arguments);
    }
    template <typename List, IpcBinary::IfVariantList<List> = true>
    IpcReply *invoke(const QString &channel, const List &arguments, int timeout = -1)
    {
        return invokeVariant(channel, arguments, timeout);
    }

    // Typed calls (ipctyped.h), as IpcRenderer's: each argument a convertible value, a lone
    // QJsonArray or QVariantList still the whole argument list for send(); invoke<R>() gives a
    // QFuture whose reply deletes itself.
    //     win->send("messageToRenderer", QStringLiteral("Hello from Main!"), 42);
    //     win->invoke<QString>("renderer-name").then([](const QString &name) { ... });
    template <typename... Args>
        requires IpcTyped::VariadicArguments<Args...>
    IpcError send(const QString &channel, const Args &...arguments)
    {
        QList<QByteArray> buffers;
        const QJsonArray args = IpcTyped::pack(&buffers, arguments...);
        return sendMessage(channel, args, buffers);
    }
    template <typename R, typename... Args>
        requires IpcTyped::Sendable<Args...> && (std::is_void_v<R> || IpcTyped::Readable<R>)
    QFuture<R> invoke(const QString &channel, const Args &...arguments)
    {
        QList<QByteArray> buffers;
        const QJsonArray args = IpcTyped::pack(&buffers, arguments...);
        return IpcTyped::future<R>(invokeMessage(channel, args, -1, buffers));
    }

    // Electron's webContents.postMessage: message arrives on channel with the transferred ports
    // in event.ports. Electron's errors for a bad transfer list. With no message, the message is
    // undefined, which arrives as null (JSON has no undefined).
    IpcError postMessage(const QString &channel,
                         const QJsonValue &message = QJsonValue(QJsonValue::Undefined),
                         const QList<MessagePort *> &transfer = {});

    // Electron's webContents.reload(): the renderer program starts again in this WebContents.
    // The id, the listeners and handlers of ipc(), the channel policy and every Qt connection
    // stay; the old process is ended without a renderProcessGone() (a reload is a navigation,
    // not a crash), its pending invokes fail at once, events it sent can no longer be answered
    // (event.reply() and returnValue go nowhere), and what was queued for it is dropped. The
    // new renderer gets a fresh token and a new getProcessId(); didFinishLoad() follows when it
    // has connected. It also brings back a renderer that is gone (crashed, killed, closed).
    // For a WebContents without a process (createWebContents()), it drops the connection and
    // issues a fresh token: start the new renderer with rendererEnvironment().
    void reload();
    // Electron's webContents.loadURL()/loadFile(): reload() with another renderer program.
    void loadFile(const QString &program, const QStringList &arguments = {});

    // Closes the connection; the renderer exits cleanly ("clean-exit").
    void close();
    // Kills the renderer process at once ("killed").
    void forcefullyCrashRenderer();

    // The environment a renderer needs to connect as this WebContents, for renderers you
    // start yourself (RendererLauncher::createWebContents()). Holds the one-time token.
    QHash<QString, QString> rendererEnvironment() const;

Q_SIGNALS:
    void didFinishLoad();
    void renderProcessGone(const RenderProcessGoneDetails &details);
    // Electron's webContents.on('ipc-message', (event, channel, ...args)) and 'ipc-message-sync':
    // every send (sendSync) from this renderer, before webContents.ipc's listeners and then
    // ipcMain's, with the event to answer through (event.reply(), event.returnValue). A
    // receiver of ipcMessageSync counts as a listener: no "without listeners" warning.
    // Connect directly (not queued): the event is a reference.
    void ipcMessage(IpcMainEvent &event, const QString &channel, const QJsonArray &args);
    void ipcMessageSync(IpcMainEvent &event, const QString &channel, const QJsonArray &args);
    // A message the renderer sent outside its channel policy was dropped. use: "send", "invoke".
    void messageRejected(const QString &channel, const QString &use);
    // The renderer stopped taking what main sends it: main's buffer for it is full (the
    // launcher's maxPendingWriteBytes) and it took nothing for unresponsiveTimeout ms. Main
    // kills it, as a hung renderer.
    void unresponsive();

private:
    friend class RendererLauncher;
    friend class IpcMainEvent;
    friend class PortBroker;
    friend class UtilityProcess;
    WebContents(int id, RendererLauncher *launcher, IpcMain *ipcMain);

    void start(const QString &program, const QStringList &arguments);
    void dropRenderer();
    void attach(Connection *connection);
    IpcError post(const Message &message);
    IpcError relay(const Message &message, int senderId);
    qint64 relayedBytesFrom(int senderId);
    qint64 relayedBytesWaiting();
    void forgetRelays();
    IpcError goneError() const;
    static IpcError destroyedError();
    static IpcError unsent(const IpcError &error);
    void closeUnclaimed(const QList<MessagePort *> &ports);
    IpcError sendMessage(const QString &channel, const QJsonArray &args,
                         const QList<QByteArray> &buffers);
    IpcError sendVariant(const QString &channel, const QVariantList &arguments);
    IpcReply *invokeVariant(const QString &channel, const QVariantList &arguments, int timeout);
    IpcReply *invokeMessage(const QString &channel, const QJsonArray &args, int timeout,
                            const QList<QByteArray> &buffers);
    void answerSync(qint64 id, const QString &channel, const IpcResult &result);
    void answerInvoke(qint64 id, const QString &channel, const IpcResult &result);

    void onMessage(const Message &message);
    void onSend(const Message &message);
    void onSendSync(const Message &message);
    void onInvoke(const Message &message);
    void onSendTo(const Message &message);
    void onDisconnected();
    void onProcessFinished(int exitCode, QProcess::ExitStatus status);
    void onProcessError(QProcess::ProcessError error);
    void onBadMessage(const QString &reason);
    void onPeerNotReading(qint64 pendingBytes);
    bool admits(ChannelPolicy::Use use, const Message &message);
    void markGone(const QString &reason, int exitCode);
    void killProcess();
    void sweepProcesses();

    std::unique_ptr<WebContentsPrivate> d_ptr;
    Q_DECLARE_PRIVATE(WebContents)
};
