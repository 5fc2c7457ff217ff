#pragma once

#include "ipcbinary.h"
#include "ipcerror.h"
#include "ipcresult.h"

#include <QJsonArray>
#include <QPointer>

#include <memory>

class MessagePort;
class WebContents;

// What an ipcMain listener receives with each message: who sent it, and the means to answer.
// A cheap handle: copies share one state, so a listener may keep a copy and answer later.
//
//     ipcMain.on("synchronous-message", [](IpcMainEvent &event, const QJsonArray &args) {
//         event.returnValue = "pong";
//     });
class IpcMainEvent
{
    struct State;

public:
    // Electron's `event.returnValue = value`: answers the renderer blocked in sendSync().
    // Assigning an IpcError answers with that error instead (beyond Electron).
    class ReturnValue
    {
    public:
        ReturnValue &operator=(const IpcResult &result);
        operator QJsonValue() const;

    private:
        friend class IpcMainEvent;
        explicit ReturnValue(std::shared_ptr<State> state) : d(std::move(state)) { }
        std::shared_ptr<State> d;
    };

    WebContents *sender() const;
    int senderId() const;
    // Electron's event.processId: the internal id of the renderer process that sent this
    // (WebContents::getProcessId()), not the OS pid (WebContents::getOSProcessId()).
    qint64 processId() const;
    QString channel() const;
    // The MessagePorts transferred with this message (ipcRenderer.postMessage), now in main.
    QList<MessagePort *> ports() const;
    // True for a message that came by ipcRenderer.postMessage (which has no reply()).
    bool isPostMessage() const;

    // The arguments as QVariants, binary ones (sent as QByteArray) as the QByteArray; the
    // listener's QJsonArray shows those as {"$binary": index, "byteLength": n}.
    QVariantList arguments() const;
    // The binary arguments' bytes, in the order the references number them.
    QList<QByteArray> buffers() const;

    // Sends channel/args back to the renderer this message came from (Electron's event.reply).
    // A postMessage's event has none: TypeError "event.reply is not a function".
    IpcError reply(const QString &channel, const QJsonArray &args = {}) const;
    // The same with QVariant arguments; a QByteArray goes as raw bytes.
    template <typename List, IpcBinary::IfVariantList<List> = true>
    IpcError reply(const QString &channel, const List &arguments) const
    {
        return replyVariant(channel, arguments);
    }

    bool isSync() const;
    bool hasReturnValue() const;
    void setReturnValue(const IpcResult &result) { returnValue = result; }

    ReturnValue returnValue;

private:
    friend class WebContents;
    IpcMainEvent(WebContents *sender, const QString &channel, qint64 syncId);
    void setPosted(const QList<MessagePort *> &ports);
    bool portsRead() const;
    IpcError replyError() const;
    void setArguments(const QJsonArray &args, const QList<QByteArray> &buffers);
    IpcError replyVariant(const QString &channel, const QVariantList &arguments) const;
    IpcError staleReplyError() const;
    std::shared_ptr<State> d;
};

// What an ipcMain.handle() handler receives. Also a cheap shared handle.
class IpcMainInvokeEvent
{
    struct State;

public:
    WebContents *sender() const;
    int senderId() const;
    qint64 processId() const;
    QString channel() const;

    // True once the caller stopped waiting (cancel or timeout): a long handler may give up.
    bool isCanceled() const;

    // As IpcMainEvent::arguments() and buffers(). A handler answers with bytes by returning a
    // QByteArray.
    QVariantList arguments() const;
    QList<QByteArray> buffers() const;

private:
    friend class WebContents;
    IpcMainInvokeEvent(WebContents *sender, const QString &channel, const QJsonArray &args = {},
                       const QList<QByteArray> &buffers = {});
    void setCanceled();
    std::shared_ptr<State> d;
};
