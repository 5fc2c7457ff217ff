#pragma once

#include "ipcbinary.h"

#include <QJsonArray>
#include <QList>
#include <QString>

#include <memory>

class IpcRenderer;
class MessagePort;

// What an ipcRenderer listener or handler receives. senderId is the webContents id of the
// renderer that sent the message with sendTo(), or 0 when it came from main.
class IpcRendererEvent
{
public:
    IpcRenderer *sender() const { return d->sender; }
    int senderId() const { return d->senderId; }
    QString channel() const { return d->channel; }
    // The MessagePorts that came with this message (webContents.postMessage), now here.
    QList<MessagePort *> ports() const { return d->ports; }

    // For a handler: true once main stopped waiting (cancel or timeout).
    bool isCanceled() const { return d->canceled; }

    // The arguments as QVariants, binary ones (sent as QByteArray) as the QByteArray; the
    // listener's QJsonArray shows those as {"$binary": index, "byteLength": n}.
    QVariantList arguments() const { return IpcBinary::unpack(d->args, d->buffers); }
    // The binary arguments' bytes, in the order the references number them.
    QList<QByteArray> buffers() const { return d->buffers; }

private:
    friend class IpcRenderer;
    struct State
    {
        IpcRenderer *sender = nullptr;
        int senderId = 0;
        QString channel;
        bool canceled = false;
        QList<MessagePort *> ports;
        QJsonArray args;
        QList<QByteArray> buffers;
    };
    IpcRendererEvent(IpcRenderer *sender, int senderId, const QString &channel,
                     const QJsonArray &args = {}, const QList<QByteArray> &buffers = {})
        : d(std::make_shared<State>(State{sender, senderId, channel, false, {}, args, buffers}))
    {
    }
    std::shared_ptr<State> d;
};
