#pragma once

#include "channelpolicy.h"
#include "ipcerror.h"
#include "ipcrendererevent.h"
#include "ipctyped.h"
#include "ipcresult.h"

#include <QHash>
#include <QObject>

#include <functional>
#include <memory>

class IpcRendererPrivate;
class IpcReply;
class MessagePort;
class RendererPorts;
struct Message;
enum class MessageKind : quint8;

// Electron's ipcRenderer, for a renderer process: send, invoke, sendSync and sendTo towards
// main, and on/once/off for what main (or another renderer) sends here.
//
//     IpcRenderer ipcRenderer;
//     ipcRenderer.connectToMain();                  // from the environment main set
//     ipcRenderer.on("asynchronous-reply", [](IpcRendererEvent &, const QJsonArray &args) {
//         qDebug() << args.at(0);                   // "pong"
//     });
//     ipcRenderer.send("asynchronous-message", {"ping"});
//
// Calls made before the handshake completes are queued and go out, in order, right after it.
// It may be deleted at any time, even from one of its own signals or listeners. When it
// is destroyed it flushes what it has written before closing, so nothing sent just before a
// renderer exits is lost.
// Beyond Electron, a renderer can handle() invokes from main, every invoke takes a timeout and
// can be cancelled, and sendSync() never blocks forever.
class IpcRenderer : public QObject
{
    Q_OBJECT
public:
    using Listener = std::function<void(IpcRendererEvent &, const QJsonArray &)>;
    using ListenerId = quint64;
    using Handler = std::function<IpcResult(IpcRendererEvent &, const QJsonArray &)>;
    using AsyncHandler = std::function<QFuture<IpcResult>(IpcRendererEvent &, const QJsonArray &)>;

    static constexpr int defaultSendSyncTimeout = 10000;

    explicit IpcRenderer(QObject *parent = nullptr);
    ~IpcRenderer() override;

    // Connects with the server name, id and token main put in this process's environment, and
    // removes the token from it so that child processes do not inherit it.
    bool connectToMain();
    // The same from the given variables, e.g. WebContents::rendererEnvironment() for a renderer
    // that lives in main's own process (tests, embedded views).
    bool connectToMain(const QHash<QString, QString> &environment);
    bool connectToServer(const QString &serverName, int rendererId, const QString &token);
    bool isConnected() const;
    int id() const;
    // What main allows this window (it comes with the welcome; unrestricted before). Calls
    // outside it fail here with a SecurityError; channels outside "listen" never arrive.
    ChannelPolicy channelPolicy() const;
    QString errorString() const;

    void setMaxFrameSize(qsizetype bytes);

    IpcError send(const QString &channel, const QJsonArray &args = {});
    IpcReply *invoke(const QString &channel, const QJsonArray &args = {}, int timeout = -1);
    IpcResult sendSync(const QString &channel, const QJsonArray &args = {});
    IpcError sendTo(int webContentsId, const QString &channel, const QJsonArray &args = {});
    // The same calls with QVariant arguments: a QByteArray argument travels as raw bytes (a
    // frame attachment, never base64), the others as JSON. Receivers find the bytes in
    // event.arguments(); a handler returns a QByteArray to answer with bytes (IpcReply::bytes()).
    //     ipcRenderer.invoke("echo-binary", QVariantList{QByteArray(1 << 20, '\0')});
    template <typename List, IpcBinary::IfVariantList<List> = true>
    IpcError send(const QString &channel, const List &arguments)
    {
        return sendVariantList(channel, arguments);
    }
    template <typename List, IpcBinary::IfVariantList<List> = true>
    IpcReply *invoke(const QString &channel, const List &arguments, int timeout = -1)
    {
        return invokeVariant(channel, arguments, timeout);
    }
    template <typename List, IpcBinary::IfVariantList<List> = true>
    IpcResult sendSync(const QString &channel, const List &arguments)
    {
        return sendSyncVariant(channel, arguments);
    }
    template <typename List, IpcBinary::IfVariantList<List> = true>
    IpcError sendTo(int webContentsId, const QString &channel, const List &arguments)
    {
        return sendToVariantList(webContentsId, channel, arguments);
    }

    // Typed calls (ipctyped.h): each argument a convertible value (int, QString, a gadget, ...),
    // a whole QByteArray as raw bytes. A lone QJsonArray or QVariantList still means the whole
    // argument list, as above; with invoke<R>() it is always one argument.
    //     ipcRenderer.send("sendMsg", name, age);
    //     ipcRenderer.invoke<int>("add", 2, 3).then([](int sum) { ... });
    // invoke<R>() gives a QFuture: the reply it waits on deletes itself; an error, or a result
    // that does not convert to R (a TypeError), arrives as an IpcException.
    template <typename... Args>
        requires IpcTyped::VariadicArguments<Args...>
    IpcError send(const QString &channel, const Args &...arguments)
    {
        QList<QByteArray> buffers;
        const QJsonArray args = IpcTyped::pack(&buffers, arguments...);
        return sendPacked(channel, args, buffers);
    }
    template <typename... Args>
        requires IpcTyped::VariadicArguments<Args...>
    IpcResult sendSync(const QString &channel, const Args &...arguments)
    {
        QList<QByteArray> buffers;
        const QJsonArray args = IpcTyped::pack(&buffers, arguments...);
        return sendSyncMessage(channel, args, buffers);
    }
    template <typename... Args>
        requires IpcTyped::VariadicArguments<Args...>
    IpcError sendTo(int webContentsId, const QString &channel, const Args &...arguments)
    {
        QList<QByteArray> buffers;
        const QJsonArray args = IpcTyped::pack(&buffers, arguments...);
        return sendToPacked(webContentsId, channel, args, buffers);
    }
    template <typename R, typename... Args>
        requires IpcTyped::Sendable<Args...> && (std::is_void_v<R> || IpcTyped::Readable<R>)
    QFuture<R> invoke(const QString &channel, const Args &...arguments)
    {
        QList<QByteArray> buffers;
        const QJsonArray args = IpcTyped::pack(&buffers, arguments...);
        return IpcTyped::future<R>(invokeMessage(channel, args, -1, buffers));
    }

    // Electron's ipcRenderer.postMessage: message goes to main on channel, with the ports, which
    // main finds in event.ports(). Electron's errors for a bad transfer list.
    // With no message, the message is undefined, which arrives as null (JSON has no undefined).
    IpcError postMessage(const QString &channel,
                         const QJsonValue &message = QJsonValue(QJsonValue::Undefined),
                         const QList<MessagePort *> &transfer = {});

    // Where this renderer's MessagePorts live; null until connected.
    RendererPorts *portRouter() const;

    int sendSyncTimeout() const;
    void setSendSyncTimeout(int milliseconds);

    ListenerId on(const QString &channel, Listener listener, const QObject *context = nullptr);
    ListenerId once(const QString &channel, Listener listener, const QObject *context = nullptr);
    bool off(const QString &channel, ListenerId id);
    bool removeListener(const QString &channel, ListenerId id) { return off(channel, id); }
    void removeAllListeners();
    void removeAllListeners(const QString &channel);
    int listenerCount(const QString &channel) const;
    // Electron's ipcRenderer.eventNames(): the channels that have listeners.
    QStringList eventNames() const;

    IpcError handle(const QString &channel, Handler handler);
    IpcError handle(const QString &channel, AsyncHandler handler);
    IpcError handleOnce(const QString &channel, Handler handler);
    IpcError handleOnce(const QString &channel, AsyncHandler handler);
    void removeHandler(const QString &channel);

    // Typed handlers and listeners, as IpcMain's: an optional leading IpcRendererEvent &, then
    // the converted arguments; a TypeError answers main's invoke when they do not convert.
    template <typename F>
        requires IpcTyped::TypedHandler<F, IpcRendererEvent>
    IpcError handle(const QString &channel, F &&handler, const QStringList &names = {})
    {
        return handle(channel, IpcTyped::handler<IpcRendererEvent>(std::forward<F>(handler), names));
    }
    template <typename F>
        requires IpcTyped::TypedHandler<F, IpcRendererEvent>
    IpcError handleOnce(const QString &channel, F &&handler, const QStringList &names = {})
    {
        return handleOnce(channel, IpcTyped::handler<IpcRendererEvent>(std::forward<F>(handler), names));
    }
    template <typename F>
        requires IpcTyped::TypedCallable<F, IpcRendererEvent>
    ListenerId on(const QString &channel, F &&listener, const QObject *context = nullptr)
    {
        return on(channel, IpcTyped::listener<IpcRendererEvent>(std::forward<F>(listener)), context);
    }
    template <typename F>
        requires IpcTyped::TypedCallable<F, IpcRendererEvent>
    ListenerId once(const QString &channel, F &&listener, const QObject *context = nullptr)
    {
        return once(channel, IpcTyped::listener<IpcRendererEvent>(std::forward<F>(listener)), context);
    }

Q_SIGNALS:
    void connected();
    void disconnected();
    // Main refused the handshake, or reported that a one-way call failed (e.g. sendTo an
    // unknown id).
    void errorOccurred(const IpcError &error);
    // Every message main delivers here, before the listeners run.
    void message(const QString &channel, const QJsonArray &args, int senderId);

private:
    IpcError sendMessage(MessageKind kind, int webContentsId, const QString &channel,
                         const QJsonArray &args, const QList<QByteArray> &buffers);
    IpcReply *invokeMessage(const QString &channel, const QJsonArray &args, int timeout,
                            const QList<QByteArray> &buffers);
    IpcError sendVariant(MessageKind kind, int webContentsId, const QString &channel,
                         const QVariantList &arguments);
    // The templates above call these, which need no MessageKind.
    IpcError sendPacked(const QString &channel, const QJsonArray &args,
                        const QList<QByteArray> &buffers);
    IpcError sendToPacked(int webContentsId, const QString &channel, const QJsonArray &args,
                          const QList<QByteArray> &buffers);
    IpcError sendVariantList(const QString &channel, const QVariantList &arguments);
    IpcError sendToVariantList(int webContentsId, const QString &channel,
                               const QVariantList &arguments);
    IpcReply *invokeVariant(const QString &channel, const QVariantList &arguments, int timeout);
    IpcResult sendSyncVariant(const QString &channel, const QVariantList &arguments);
    IpcResult sendSyncMessage(const QString &channel, const QJsonArray &args,
                              const QList<QByteArray> &buffers);
    IpcError post(const Message &message);
    void onMessage(const Message &message);
    void onInvoke(const Message &message);
    void onDisconnected();
    void forgetWhenDestroyed(const QObject *context, ListenerId id);
    IpcError notConnectedError() const;

    std::unique_ptr<IpcRendererPrivate> d_ptr;
    Q_DECLARE_PRIVATE(IpcRenderer)
};
