#include "ipcbridge.h"

IpcBridge::IpcBridge(IpcService *service, const ChannelPolicy &allowList)
    : m_service(service), m_allowList(allowList)
{
}

IpcError IpcBridge::check(Use use, const QString &channel) const
{
    // The window's own policy is read at each call: it arrives with main's welcome, which may
    // come after the bridge was made.
    if (!m_service || !m_service->renderer() || !m_allowList.allows(use, channel)
        || !m_service->renderer()->channelPolicy().allows(use, channel))
        return ChannelPolicy::rejection(use, channel);
    return {};
}
