#pragma once

#include "ipcmainevent.h"
#include "ipctyped.h"

#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>

class IpcMainPrivate;
class WebContents;
Q_MOC_INCLUDE("webcontents.h")

// Electron's ipcMain: listeners (on/once/off) for messages renderers send, and handlers
// (handle/handleOnce/removeHandler) for what they invoke.
//
// The application usually has one, given to RendererLauncher. Each WebContents also has its
// own (WebContents::ipc(), Electron's webContents.ipc) that hears only that renderer: its
// handler wins over the global one, and its listeners run before the global ones.
//
//     ipcMain.on("my_channel", [](IpcMainEvent &, const QJsonArray &args) {
//         qDebug() << "receive message from render:" << args.at(0);
//     });
//     ipcMain.handle("my_channel", [](IpcMainInvokeEvent &, const QJsonArray &) {
//         return "replay";
//     });
//
// Qt code can connect to message() instead, or pass a receiver and a member function to on().
class IpcMain : public QObject
{
    Q_OBJECT
public:
    using Listener = std::function<void(IpcMainEvent &, const QJsonArray &)>;
    using ListenerId = quint64;
    using Handler = std::function<IpcResult(IpcMainInvokeEvent &, const QJsonArray &)>;
    using AsyncHandler = std::function<QFuture<IpcResult>(IpcMainInvokeEvent &, const QJsonArray &)>;

    explicit IpcMain(QObject *parent = nullptr);
    ~IpcMain() override;

    // With a context object, the listener is removed when the context is destroyed.
    ListenerId on(const QString &channel, Listener listener, const QObject *context = nullptr);
    ListenerId once(const QString &channel, Listener listener, const QObject *context = nullptr);

    template <typename Receiver>
    ListenerId on(const QString &channel, Receiver *receiver,
                  void (Receiver::*slot)(IpcMainEvent &, const QJsonArray &))
    {
        return on(
                channel,
                [receiver, slot](IpcMainEvent &event, const QJsonArray &args) {
                    (receiver->*slot)(event, args);
                },
                receiver);
    }

    bool off(const QString &channel, ListenerId id);
    bool removeListener(const QString &channel, ListenerId id) { return off(channel, id); }
    void removeAllListeners();
    void removeAllListeners(const QString &channel);
    int listenerCount(const QString &channel) const;
    QStringList eventNames() const;

    // A null IpcError on success; Electron's "Attempted to register a second handler for 'ch'"
    // if the channel already has one.
    IpcError handle(const QString &channel, Handler handler);
    IpcError handle(const QString &channel, AsyncHandler handler);
    IpcError handleOnce(const QString &channel, Handler handler);
    IpcError handleOnce(const QString &channel, AsyncHandler handler);
    void removeHandler(const QString &channel);
    bool hasHandler(const QString &channel) const;

    // Typed handlers and listeners (ipctyped.h): the arguments are converted to the callable's
    // own parameters, after an optional leading IpcMainInvokeEvent & (IpcMainEvent & for a
    // listener), and its return value is the result. Arguments that do not convert, or too many
    // or too few, answer the invoke with a TypeError; names, if given, name them in its text.
    //     ipcMain.handle("add", [](int a, int b) { return a + b; });
    template <typename F>
        requires IpcTyped::TypedHandler<F, IpcMainInvokeEvent>
    IpcError handle(const QString &channel, F &&handler, const QStringList &names = {})
    {
        return handle(channel, IpcTyped::handler<IpcMainInvokeEvent>(std::forward<F>(handler), names));
    }
    template <typename F>
        requires IpcTyped::TypedHandler<F, IpcMainInvokeEvent>
    IpcError handleOnce(const QString &channel, F &&handler, const QStringList &names = {})
    {
        return handleOnce(channel, IpcTyped::handler<IpcMainInvokeEvent>(std::forward<F>(handler), names));
    }
    template <typename F>
        requires IpcTyped::TypedCallable<F, IpcMainEvent>
    ListenerId on(const QString &channel, F &&listener, const QObject *context = nullptr)
    {
        return on(channel, IpcTyped::listener<IpcMainEvent>(std::forward<F>(listener)), context);
    }
    template <typename F>
        requires IpcTyped::TypedCallable<F, IpcMainEvent>
    ListenerId once(const QString &channel, F &&listener, const QObject *context = nullptr)
    {
        return once(channel, IpcTyped::listener<IpcMainEvent>(std::forward<F>(listener)), context);
    }

Q_SIGNALS:
    // Every send/sendSync that reaches this IpcMain, before its listeners run.
    void message(WebContents *sender, const QString &channel, const QJsonArray &args);

private:
    friend class WebContents;
    qsizetype dispatch(IpcMainEvent &event, const QJsonArray &args);
    bool dispatchInvoke(IpcMainInvokeEvent &event, const QJsonArray &args,
                        std::function<void(const IpcResult &)> done, QObject *context);
    void forgetWhenDestroyed(const QObject *context, ListenerId id);

    std::unique_ptr<IpcMainPrivate> d_ptr;
    Q_DECLARE_PRIVATE(IpcMain)
};
