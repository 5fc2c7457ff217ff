#include "ipcreply.h"
#include "ipcreply_p.h"

#include "ipcexception.h"

#include <QEventLoop>
#include <QPromise>
#include <QTimer>
#include <QTimerEvent>

namespace {
void settle(QPromise<QJsonValue> &promise, const IpcResult &result)
{
    if (result.isError())
        promise.setException(IpcException(result.error()));
    else
        promise.addResult(result.value());
    promise.finish();
}
} // namespace

IpcReply::IpcReply(const QString &channel, QObject *parent)
    : QObject(parent), d_ptr(std::make_unique<IpcReplyPrivate>())
{
    Q_D(IpcReply);
    d->m_channel = channel;
}

IpcReply::~IpcReply()
{
    Q_D(IpcReply);
    if (d->m_emitGuard)
        *d->m_emitGuard = true;
    if (!d->m_finished && d->m_onAbandon)
        d->m_onAbandon(this);
    if (d->m_promise && !d->m_finished)
        settle(*d->m_promise, IpcError::invokeFailed(d->m_channel, IpcError(QStringLiteral("AbortError"),
                                                                      QStringLiteral("The reply was deleted before it finished"))));
}

QString IpcReply::channel() const
{
    Q_D(const IpcReply);
    return d->m_channel;
}

bool IpcReply::isFinished() const
{
    Q_D(const IpcReply);
    return d->m_finished;
}

bool IpcReply::isError() const
{
    Q_D(const IpcReply);
    return d->m_result.isError();
}

IpcResult IpcReply::result() const
{
    Q_D(const IpcReply);
    return d->m_result;
}

QJsonValue IpcReply::value() const
{
    Q_D(const IpcReply);
    return d->m_result.value();
}

QByteArray IpcReply::bytes() const
{
    Q_D(const IpcReply);
    return d->m_result.bytes();
}

IpcError IpcReply::error() const
{
    Q_D(const IpcReply);
    return d->m_result.error();
}

void IpcReply::cancel()
{
    abandon(IpcError(QStringLiteral("AbortError"), QStringLiteral("The operation was aborted")));
}

void IpcReply::abandon(const IpcError &cause)
{
    Q_D(IpcReply);
    if (d->m_finished)
        return;
    if (d->m_onAbandon)
        std::exchange(d->m_onAbandon, nullptr)(this);
    finish(IpcError::invokeFailed(d->m_channel, cause));
}

bool IpcReply::waitForFinished(int timeout)
{
    Q_D(IpcReply);
    if (d->m_finished)
        return true;
    QEventLoop loop;
    connect(this, &IpcReply::finished, &loop, &QEventLoop::quit);
    if (timeout >= 0)
        QTimer::singleShot(timeout, &loop, &QEventLoop::quit);
    ++d->m_waiting;
    loop.exec();
    --d->m_waiting;
    return d->m_finished;
}

QFuture<QJsonValue> IpcReply::future()
{
    Q_D(IpcReply);
    if (!d->m_promise) {
        d->m_promise = std::make_unique<QPromise<QJsonValue>>();
        d->m_promise->start();
        if (d->m_finished)
            settle(*d->m_promise, d->m_result);
    }
    return d->m_promise->future();
}

void IpcReply::timerEvent(QTimerEvent *event)
{
    Q_D(IpcReply);
    if (event->timerId() != d->m_timerId)
        return QObject::timerEvent(event);
    abandon(IpcError(QStringLiteral("TimeoutError"),
                     QStringLiteral("No reply within %1 ms").arg(d->m_timeout)));
}

void IpcReply::finish(const IpcResult &result, Disposal disposal)
{
    Q_D(IpcReply);
    if (d->m_finished)
        return;
    d->m_finished = true;
    d->m_onAbandon = nullptr;
    if (d->m_timerId) {
        killTimer(d->m_timerId);
        d->m_timerId = 0;
    }
    d->m_result = result;
    if (d->m_promise)
        settle(*d->m_promise, result);
    // Another receiver of finished() may be queued (or in another thread) and use the reply
    // after this emission: then the reply cannot be deleted at once.
    const bool othersListen = d->m_thenConnected && receivers(SIGNAL(finished())) > 1;
    bool deleted = false;
    d->m_emitGuard = &deleted;
    Q_EMIT finished();
    if (deleted)
        return; // a finished() slot deleted the reply
    d->m_emitGuard = nullptr;
    if (!d->m_disposeAfterEmit)
        return;
    // then() owns the reply and is done with it. Deleting it here, rather than with a posted event
    // and one more pass of the event loop, is safe once the emission is over and while nobody
    // up the stack waits on it.
    if (disposal == Disposal::Now && d->m_waiting == 0 && !othersListen)
        delete this;
    else
        deleteLater();
}

void IpcReply::disposeAfterThen()
{
    Q_D(IpcReply);
    // Deleting a QObject while its own signal is being emitted is not safe: finish() does it
    // after the emission. From anywhere else (then() on a finished reply runs from a queued
    // call to the reply), later.
    if (d->m_emitGuard)
        d->m_disposeAfterEmit = true;
    else
        deleteLater();
}

IpcResult &IpcReply::resultForThen()
{
    Q_D(IpcReply);
    return d->m_result;
}

void IpcReply::setThenConnected()
{
    Q_D(IpcReply);
    d->m_thenConnected = true;
}
