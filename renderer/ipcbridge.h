#pragma once

#include "channelpolicy.h"
#include "ipcservice.h"

#include <QPointer>

// What IpcService::exposeInMainWorld() gives a window's UI code: IpcService's calls, limited
// to an allow-list (the note's preload: only the channels the page may use). A cheap value.
//
//     IpcBridge api = ipc.exposeInMainWorld({"my_channel", "messageToRenderer"});
//     api.send("my_channel", QStringLiteral("my_data"));     // goes to main
//     api.send("quit-app");                                  // SecurityError, nothing sent
//
// A call outside the allow-list, or outside the window's ChannelPolicy, fails with the
// project's SecurityError ("Channel 'ch' is not allowed for send in this window"): send() and
// handle() return it, invoke()'s future fails with it, on() and once() return 0 (check()
// tells why). send and sendTo count as "send", invoke as "invoke", on, once and handle as
// "listen".
class IpcBridge
{
public:
    using ListenerId = IpcService::ListenerId;
    using Use = ChannelPolicy::Use;

    IpcBridge() = default;
    IpcBridge(IpcService *service, const ChannelPolicy &allowList);

    // A null IpcError if channel may be used so, the SecurityError otherwise.
    IpcError check(Use use, const QString &channel) const;
    ChannelPolicy allowList() const { return m_allowList; }

    template <typename F>
        requires IpcTyped::AnyListener<F, IpcRendererEvent>
    ListenerId on(const QString &channel, F &&listener, const QObject *context = nullptr) const
    {
        if (!allowed(Use::Listen, channel))
            return 0;
        return m_service->on(channel, std::forward<F>(listener), context);
    }
    template <typename F>
        requires IpcTyped::AnyListener<F, IpcRendererEvent>
    ListenerId once(const QString &channel, F &&listener, const QObject *context = nullptr) const
    {
        if (!allowed(Use::Listen, channel))
            return 0;
        return m_service->once(channel, std::forward<F>(listener), context);
    }
    bool off(const QString &channel, ListenerId id) const
    {
        return allowed(Use::Listen, channel) && m_service->off(channel, id);
    }

    template <typename... Args>
        requires IpcTyped::Sendable<Args...>
    IpcError send(const QString &channel, const Args &...arguments) const
    {
        const IpcError error = check(Use::Send, channel);
        return error.isNull() ? m_service->send(channel, arguments...) : error;
    }
    template <typename... Args>
        requires IpcTyped::Sendable<Args...>
    IpcError sendTo(int webContentsId, const QString &channel, const Args &...arguments) const
    {
        const IpcError error = check(Use::Send, channel);
        return error.isNull() ? m_service->sendTo(webContentsId, channel, arguments...) : error;
    }
    template <typename R = QJsonValue, typename... Args>
        requires IpcTyped::Sendable<Args...> && (std::is_void_v<R> || IpcTyped::Readable<R>)
    QFuture<R> invoke(const QString &channel, const Args &...arguments) const
    {
        const IpcError error = check(Use::Invoke, channel);
        if (!error.isNull())
            return IpcTyped::failed<R>(IpcError::invokeFailed(channel, error));
        return m_service->invoke<R>(channel, arguments...);
    }

    template <typename F>
        requires IpcTyped::AnyHandler<F, IpcRendererEvent>
    IpcError handle(const QString &channel, F &&handler, const QStringList &names = {}) const
    {
        const IpcError error = check(Use::Listen, channel);
        return error.isNull() ? m_service->handle(channel, std::forward<F>(handler), names) : error;
    }
    void removeHandler(const QString &channel) const
    {
        if (allowed(Use::Listen, channel))
            m_service->removeHandler(channel);
    }

private:
    bool allowed(Use use, const QString &channel) const { return check(use, channel).isNull(); }

    QPointer<IpcService> m_service;
    ChannelPolicy m_allowList;
};
