#pragma once

#include "ipcerror.h"

#include <QJsonObject>
#include <QStringList>

#include <optional>

// Which channels one renderer window may use: Electron's preload/contextBridge idea, where a
// page can only reach the channels its preload exposes. Main sets it per window when it creates
// the window (WebContents::setChannelPolicy()) and enforces it on everything the renderer sends;
// the renderer learns it in the welcome and refuses a call outside it at the call site.
//
//     ChannelPolicy policy;
//     policy.allow(ChannelPolicy::Use::Send, {"my_channel"});
//     policy.allow(ChannelPolicy::Use::Invoke, {"my_channel"});
//     policy.allow(ChannelPolicy::Use::Listen, {"messageToRenderer", "ipclab:global-*"});
//
// A use with no list is unrestricted (the default for all three). An entry is a channel name, or
// a prefix ending in '*'. Reserved "ipclab:" channels are not exempt: list the ones a window needs.
class ChannelPolicy
{
public:
    enum class Use {
        Send,   // renderer -> main: send, sendSync, sendTo, postMessage
        Invoke, // renderer -> main: invoke
        Listen, // main -> renderer: what it may receive (send, sendTo, postMessage, invoke) and
                // so the channels it may listen or handle on
    };

    void allow(Use use, const QStringList &channels);
    bool isRestricted(Use use) const;
    bool allows(Use use, const QString &channel) const;
    bool isUnrestricted() const;

    // SecurityError: "Channel 'ch' is not allowed for invoke in this window".
    static IpcError rejection(Use use, const QString &channel);
    static QString useName(Use use);

    // {"send": [...], "invoke": [...], "listen": [...]}, only the restricted uses.
    QJsonObject toJson() const;
    // False, with *errorString, if object is not a policy.
    static bool fromJson(const QJsonObject &object, ChannelPolicy *policy, QString *errorString);

    bool operator==(const ChannelPolicy &other) const = default;

private:
    std::optional<QStringList> m_lists[3];
};
