#include "pendingcalls.h"

#include "ipcreply.h"
#include "ipcreply_p.h"
#include "messagetrace.h"

#include <QMetaObject>

PendingCalls::PendingCalls(QObject *owner, Post post) : m_owner(owner), m_post(std::move(post)) { }

PendingCalls::~PendingCalls()
{
    // The replies are children of the owner and outlive this table by a moment: cut them loose.
    for (IpcReply *reply : std::as_const(m_calls))
        reply->d_func()->m_onAbandon = nullptr;
}

IpcReply *PendingCalls::add(qint64 id, const QString &channel, int timeout)
{
    auto *reply = new IpcReply(channel, m_owner);
    reply->d_func()->m_onAbandon = [this, id](IpcReply *) {
        m_calls.remove(id);
        m_post(Message::cancel(id));
    };
    if (timeout > 0) {
        reply->d_func()->m_timeout = timeout;
        reply->d_func()->m_timerId = reply->startTimer(timeout, Qt::PreciseTimer);
    }
    m_calls.insert(id, reply);
    return reply;
}

IpcReply *PendingCalls::invoke(const QString &channel, const QJsonArray &args, int timeout,
                               const QList<QByteArray> &buffers)
{
    const IpcError unclonable = checkArguments(args, buffers);
    if (!unclonable.isNull())
        return failed(channel, unclonable);
    const qint64 id = allocateId();
    IpcReply *reply = add(id, channel, timeout);
    Message request = Message::request(MessageKind::Invoke, id, channel, args);
    request.buffers = buffers;
    const IpcError error = m_post(request);
    if (!error.isNull())
        fail(id, error.name() == QLatin1String("RangeError") ? error : IpcError::invokeFailed(channel, error));
    return reply;
}

IpcReply *PendingCalls::failed(const QString &channel, const IpcError &error)
{
    auto *reply = new IpcReply(channel, m_owner);
    QMetaObject::invokeMethod(
            reply, [reply, error] { reply->finish(error); }, Qt::QueuedConnection);
    return reply;
}

bool PendingCalls::resolve(const Message &result)
{
    IpcReply *reply = m_calls.take(result.id);
    if (!reply)
        return false;
    // From the delivery of the Result: a reply then() owns can go as soon as it has finished.
    if (result.error.isNull())
        reply->finish(IpcResult(result.value, result.buffers), IpcReply::Disposal::Now);
    else
        reply->finish(IpcError::invokeFailed(reply->channel(), result.error),
                      IpcReply::Disposal::Now);
    return true;
}

void PendingCalls::failAll(const IpcError &cause)
{
    // One at a time: a finished() slot may delete other replies, which takes them out of the table.
    while (!m_calls.isEmpty()) {
        IpcReply *reply = m_calls.take(m_calls.begin().key());
        reply->finish(IpcError::invokeFailed(reply->channel(), cause));
    }
}

void PendingCalls::fail(qint64 id, const IpcError &error)
{
    if (IpcReply *reply = m_calls.take(id))
        QMetaObject::invokeMethod(reply, [reply, error] { reply->finish(error); }, Qt::QueuedConnection);
}

void postAnswer(qint64 id, const QString &channel, const IpcResult &result,
                const PendingCalls::Post &post)
{
    const QString tracedChannel = MessageTrace::isEnabled() ? channel : QString();
    IpcError error = result.isError() ? result.error() : checkCloneableValue(result.value());
    if (error.isNull()) {
        Message answer = Message::result(id, result.value());
        answer.buffers = result.buffers();
        answer.channel = tracedChannel;
        error = post(answer);
        if (error.name() != QLatin1String("RangeError"))
            return;
    }
    Message failure = Message::failure(id, error);
    failure.channel = tracedChannel;
    post(failure);
}
