#pragma once

#include "ipcmain.h"
#include "ipctyped.h"
#include "rendererlauncher.h"
#include "webcontents.h"

#include <QObject>
#include <QPointer>

#include <memory>

class IpcManagerPrivate;

// The main half of the second note's uniform IPC module ("ipcManager.ts"): the same calls as
// IpcService in a renderer (on, once, off, send, sendTo, invoke, handle, removeHandler), typed
// and variadic, over the launcher's IpcMain and windows.
//
//     IpcManager ipc(&launcher);
//     ipc.handle("my_channel", [](const QString &message) { return QStringLiteral("replay"); });
//     ipc.on("sendMsg", [](IpcMainEvent &event, const QJsonObject &data) { ... });
//     ipc.send("backToRender", QStringLiteral("来自主进程的反馈"));   // every window (广播)
//     ipc.sendTo(win, "messageToRenderer", QStringLiteral("Hello from Main!"));
//     ipc.invoke<int>(win, "add", 2, 3).then([](int sum) { ... });
//
// Where a renderer's send() goes to main, main's goes to every window it has (a broadcast);
// sendTo() and invoke() name the window, by WebContents or by id.
class IpcManager : public QObject
{
    Q_OBJECT
public:
    using ListenerId = IpcMain::ListenerId;

    explicit IpcManager(RendererLauncher *launcher, QObject *parent = nullptr);
    ~IpcManager() override;

    RendererLauncher *launcher() const;
    IpcMain *ipcMain() const;

    template <typename F>
        requires IpcTyped::AnyListener<F, IpcMainEvent>
    ListenerId on(const QString &channel, F &&listener, const QObject *context = nullptr)
    {
        return ipcMain()->on(channel, IpcTyped::anyListener<IpcMainEvent>(std::forward<F>(listener)),
                             context);
    }
    template <typename F>
        requires IpcTyped::AnyListener<F, IpcMainEvent>
    ListenerId once(const QString &channel, F &&listener, const QObject *context = nullptr)
    {
        return ipcMain()->once(channel, IpcTyped::anyListener<IpcMainEvent>(std::forward<F>(listener)),
                               context);
    }
    bool off(const QString &channel, ListenerId id) { return ipcMain()->off(channel, id); }

    // Every window (queued for those still loading). A null IpcError if all took it, else the
    // first window's failure.
    template <typename... Args>
        requires IpcTyped::Sendable<Args...>
    IpcError send(const QString &channel, const Args &...arguments)
    {
        return broadcast(channel, IpcTyped::variantList(arguments...));
    }
    template <typename... Args>
        requires IpcTyped::Sendable<Args...>
    IpcError sendTo(WebContents *window, const QString &channel, const Args &...arguments)
    {
        if (!window)
            return noWindowError(0);
        return window->send(channel, IpcTyped::variantList(arguments...));
    }
    template <typename... Args>
        requires IpcTyped::Sendable<Args...>
    IpcError sendTo(int webContentsId, const QString &channel, const Args &...arguments)
    {
        WebContents *window = launcher()->fromId(webContentsId);
        if (!window)
            return noWindowError(webContentsId);
        return window->send(channel, IpcTyped::variantList(arguments...));
    }

    // A handler the window registered (IpcService::handle); R is what it answers with.
    template <typename R = QJsonValue, typename... Args>
        requires IpcTyped::Sendable<Args...> && (std::is_void_v<R> || IpcTyped::Readable<R>)
    QFuture<R> invoke(WebContents *window, const QString &channel, const Args &...arguments)
    {
        if (!window)
            return IpcTyped::failed<R>(IpcError::invokeFailed(channel, noWindowError(0)));
        return IpcTyped::future<R>(window->invoke(channel, IpcTyped::variantList(arguments...)));
    }
    template <typename R = QJsonValue, typename... Args>
        requires IpcTyped::Sendable<Args...> && (std::is_void_v<R> || IpcTyped::Readable<R>)
    QFuture<R> invoke(int webContentsId, const QString &channel, const Args &...arguments)
    {
        WebContents *window = launcher()->fromId(webContentsId);
        if (!window)
            return IpcTyped::failed<R>(IpcError::invokeFailed(channel, noWindowError(webContentsId)));
        return invoke<R>(window, channel, arguments...);
    }

    template <typename F>
        requires IpcTyped::AnyHandler<F, IpcMainInvokeEvent>
    IpcError handle(const QString &channel, F &&handler, const QStringList &names = {})
    {
        if constexpr (IpcTyped::TypedHandler<F, IpcMainInvokeEvent>)
            return ipcMain()->handle(channel, std::forward<F>(handler), names);
        else
            return ipcMain()->handle(channel, std::forward<F>(handler));
    }
    void removeHandler(const QString &channel) { ipcMain()->removeHandler(channel); }

private:
    IpcError broadcast(const QString &channel, const QVariantList &arguments);
    static IpcError noWindowError(int webContentsId);

    std::unique_ptr<IpcManagerPrivate> d_ptr;
    Q_DECLARE_PRIVATE(IpcManager)
};
