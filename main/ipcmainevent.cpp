#include "ipcmainevent.h"

#include "handlermap.h"
#include "logging.h"
#include "webcontents.h"
#include "webcontents_p.h"

struct IpcMainEvent::State
{
    // The last copy of a sendSync's event gone unanswered: Electron's ReplyChannel answers
    // "reply was never sent" when its event is collected, and so does this, at once.
    ~State()
    {
        // Not to a renderer that replaced the sender in a reload.
        if (syncId && !answered && sender && sender->d_func()->m_generation == generation)
            sender->answerSync(syncId, channel, HandlerMap<IpcMainEvent>::replyNeverSent());
    }

    QPointer<WebContents> sender;
    int senderId = 0;
    qint64 processId = 0;
    QString channel;
    qint64 syncId = 0;
    int generation = 0; // the sender's, when this arrived: a reload makes the event stale
    QList<MessagePort *> ports;
    bool posted = false; // came by ipcRenderer.postMessage: no event.reply
    bool portsRead = false; // a listener asked for ports(): they may be held now
    bool answered = false;
    QJsonValue value = QJsonValue::Undefined;
    QJsonArray args;
    QList<QByteArray> buffers;
};

IpcMainEvent::IpcMainEvent(WebContents *sender, const QString &channel, qint64 syncId)
    : returnValue(std::make_shared<State>()), d(returnValue.d)
{
    d->sender = sender;
    d->senderId = sender->id();
    d->processId = sender->getProcessId();
    d->channel = channel;
    d->syncId = syncId;
    d->generation = sender->d_func()->m_generation;
}

IpcMainEvent::ReturnValue &IpcMainEvent::ReturnValue::operator=(const IpcResult &result)
{
    d->value = result.isError() ? QJsonValue(QJsonValue::Undefined) : result.value();
    if (!d->syncId)
        return *this;
    if (d->answered) {
        qCWarning(lcMain).noquote() << "returnValue for" << loggable(d->channel)
                          << "set twice; the renderer already has the first answer";
        return *this;
    }
    d->answered = true;
    if (d->sender && d->sender->d_func()->m_generation == d->generation)
        d->sender->answerSync(d->syncId, d->channel, result);
    return *this;
}

IpcMainEvent::ReturnValue::operator QJsonValue() const
{
    return d->value;
}

WebContents *IpcMainEvent::sender() const
{
    return d->sender;
}

int IpcMainEvent::senderId() const
{
    return d->senderId;
}

qint64 IpcMainEvent::processId() const
{
    return d->processId;
}

QString IpcMainEvent::channel() const
{
    return d->channel;
}

QList<MessagePort *> IpcMainEvent::ports() const
{
    d->portsRead = true;
    return d->ports;
}

bool IpcMainEvent::portsRead() const
{
    return d->portsRead;
}

void IpcMainEvent::setPosted(const QList<MessagePort *> &ports)
{
    d->posted = true;
    d->ports = ports;
}

void IpcMainEvent::setArguments(const QJsonArray &args, const QList<QByteArray> &buffers)
{
    d->args = args;
    d->buffers = buffers;
}

QVariantList IpcMainEvent::arguments() const
{
    return IpcBinary::unpack(d->args, d->buffers);
}

QList<QByteArray> IpcMainEvent::buffers() const
{
    return d->buffers;
}

IpcError IpcMainEvent::replyError() const
{
    // Electron adds reply() only to the events of send and sendSync, not to postMessage's.
    if (d->posted)
        return IpcError(QStringLiteral("TypeError"), QStringLiteral("event.reply is not a function"));
    if (!d->sender)
        return IpcError(QStringLiteral("DisconnectedError"),
                        QStringLiteral("Cannot reply: the sender of '%1' is gone").arg(d->channel));
    if (d->sender->d_func()->m_generation != d->generation)
        return staleReplyError();
    return {};
}

IpcError IpcMainEvent::replyVariant(const QString &channel, const QVariantList &arguments) const
{
    const IpcError error = replyError();
    return error.isNull() ? d->sender->send(channel, arguments) : error;
}

IpcError IpcMainEvent::reply(const QString &channel, const QJsonArray &args) const
{
    const IpcError error = replyError();
    return error.isNull() ? d->sender->send(channel, args) : error;
}

// Electron sends event.reply() to the frame that sent the message; after a reload that page is
// gone, and the reply must not reach the new one.
IpcError IpcMainEvent::staleReplyError() const
{
    return IpcError(QStringLiteral("DisconnectedError"),
                    QStringLiteral("Cannot reply: WebContents #%1 was reloaded after sending '%2'")
                            .arg(d->senderId)
                            .arg(d->channel));
}

bool IpcMainEvent::isSync() const
{
    return d->syncId != 0;
}

bool IpcMainEvent::hasReturnValue() const
{
    return d->answered || !d->value.isUndefined();
}

struct IpcMainInvokeEvent::State
{
    QPointer<WebContents> sender;
    int senderId = 0;
    qint64 processId = 0;
    QString channel;
    bool canceled = false;
    QJsonArray args;
    QList<QByteArray> buffers;
};

IpcMainInvokeEvent::IpcMainInvokeEvent(WebContents *sender, const QString &channel,
                                       const QJsonArray &args, const QList<QByteArray> &buffers)
    : d(std::make_shared<State>())
{
    d->sender = sender;
    d->senderId = sender->id();
    d->processId = sender->getProcessId();
    d->channel = channel;
    d->args = args;
    d->buffers = buffers;
}

QVariantList IpcMainInvokeEvent::arguments() const
{
    return IpcBinary::unpack(d->args, d->buffers);
}

QList<QByteArray> IpcMainInvokeEvent::buffers() const
{
    return d->buffers;
}

WebContents *IpcMainInvokeEvent::sender() const
{
    return d->sender;
}

int IpcMainInvokeEvent::senderId() const
{
    return d->senderId;
}

qint64 IpcMainInvokeEvent::processId() const
{
    return d->processId;
}

QString IpcMainInvokeEvent::channel() const
{
    return d->channel;
}

bool IpcMainInvokeEvent::isCanceled() const
{
    return d->canceled;
}

void IpcMainInvokeEvent::setCanceled()
{
    d->canceled = true;
}

bool IpcMainEvent::isPostMessage() const
{
    return d->posted;
}
