#include "ipcservice.h"

#include "ipcbridge.h"

IpcService::IpcService(IpcRenderer *renderer, QObject *parent)
    : QObject(parent), m_renderer(renderer)
{
}

IpcService::~IpcService() = default;

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
