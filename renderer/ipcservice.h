#pragma once

#include "channelpolicy.h"
#include "ipcrenderer.h"
#include "ipctyped.h"

#include <QObject>
#include <QPointer>

#include <memory>

class IpcBridge;

class IpcServicePrivate;

// The renderer half of the second note's uniform IPC module ("ipcService.ts"): the same calls
// as IpcManager in main (on, once, off, send, sendTo, invoke, handle, removeHandler), typed and
// variadic, so the same code reads the same in either process.
//
//     IpcService ipc(&ipcRenderer);
//     ipc.on("messageToRenderer", [](const QString &text) { qDebug() << text; });
//     ipc.send("my_channel", QStringLiteral("my_data"));
//     ipc.invoke<QString>("my_channel", QStringLiteral("my_data")).then([](const QString &reply) { });
//     ipc.handle("add", [](int a, int b) { return a + b; });   // main's IpcManager::invoke
//
// Every argument is one argument: send("ch", array) sends the array as one value (there is no
// "whole argument list" form here). The UI code of the window gets only the facade
// exposeInMainWorld() returns (the note's preload and contextBridge).
class IpcService : public QObject
{
    Q_OBJECT
public:
    using ListenerId = IpcRenderer::ListenerId;

    explicit IpcService(IpcRenderer *renderer, QObject *parent = nullptr);
    ~IpcService() override;

    IpcRenderer *renderer() const;

    template <typename F>
        requires IpcTyped::AnyListener<F, IpcRendererEvent>
    ListenerId on(const QString &channel, F &&listener, const QObject *context = nullptr)
    {
        return renderer()->on(channel, IpcTyped::anyListener<IpcRendererEvent>(std::forward<F>(listener)),
                              context);
    }
    template <typename F>
        requires IpcTyped::AnyListener<F, IpcRendererEvent>
    ListenerId once(const QString &channel, F &&listener, const QObject *context = nullptr)
    {
        return renderer()->once(channel, IpcTyped::anyListener<IpcRendererEvent>(std::forward<F>(listener)),
                                context);
    }
    bool off(const QString &channel, ListenerId id);

    // To main.
    template <typename... Args>
        requires IpcTyped::Sendable<Args...>
    IpcError send(const QString &channel, const Args &...arguments)
    {
        return renderer()->send(channel, IpcTyped::variantList(arguments...));
    }
    // To another window, through main (Electron's ipcRenderer.sendTo).
    template <typename... Args>
        requires IpcTyped::Sendable<Args...>
    IpcError sendTo(int webContentsId, const QString &channel, const Args &...arguments)
    {
        return renderer()->sendTo(webContentsId, channel, IpcTyped::variantList(arguments...));
    }
    // Main's handler for channel; R is what it answers with (void: anything).
    template <typename R = QJsonValue, typename... Args>
        requires IpcTyped::Sendable<Args...> && (std::is_void_v<R> || IpcTyped::Readable<R>)
    QFuture<R> invoke(const QString &channel, const Args &...arguments)
    {
        return IpcTyped::future<R>(renderer()->invoke(channel, IpcTyped::variantList(arguments...)));
    }

    // What this window answers when main invokes channel (IpcManager::invoke).
    template <typename F>
        requires IpcTyped::AnyHandler<F, IpcRendererEvent>
    IpcError handle(const QString &channel, F &&handler, const QStringList &names = {})
    {
        if constexpr (IpcTyped::TypedHandler<F, IpcRendererEvent>)
            return renderer()->handle(channel, std::forward<F>(handler), names);
        else
            return renderer()->handle(channel, std::forward<F>(handler));
    }
    void removeHandler(const QString &channel);

    // The note's contextBridge.exposeInMainWorld: a facade for the window's UI code that can use
    // only the channels in allowList, and of those only what the window's ChannelPolicy (from
    // main's welcome) allows. The QStringList form allows the channels for every use.
    IpcBridge exposeInMainWorld(const ChannelPolicy &allowList);
    IpcBridge exposeInMainWorld(const QStringList &allowList);

private:
    std::unique_ptr<IpcServicePrivate> d_ptr;
    Q_DECLARE_PRIVATE(IpcService)
};
