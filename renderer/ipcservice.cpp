#include "ipcservice.h"
#include "ipcservice_p.h"

#include "ipcbridge.h"

IpcService::IpcService(IpcRenderer *renderer, QObject *parent)
    : QObject(parent), d_ptr(std::make_unique<IpcServicePrivate>())
{
    Q_D(IpcService);
    d->m_renderer = renderer;
}

IpcService::~IpcService() = default;

IpcRenderer *IpcService::renderer() const
{
    Q_D(const IpcService);
    return d->m_renderer;
}

bool IpcService::off(const QString &channel, ListenerId id)
{
    Q_D(IpcService);
    return d->m_renderer->off(channel, id);
}

void IpcService::removeHandler(const QString &channel)
{
    Q_D(IpcService);
    d->m_renderer->removeHandler(channel);
}

IpcBridge IpcService::exposeInMainWorld(const ChannelPolicy &allowList)
{
    return IpcBridge(this, allowList);
}

IpcBridge IpcService::exposeInMainWorld(const QStringList &allowList)
{
    ChannelPolicy policy;
    for (ChannelPolicy::Use use : {ChannelPolicy::Use::Send, ChannelPolicy::Use::Invoke,
                                   ChannelPolicy::Use::Listen})
        policy.allow(use, allowList);
    return IpcBridge(this, policy);
}
