#include "ipcreply.h"

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

IpcReply::IpcReply(const QString &channel, QObject *parent) : QObject(parent), m_channel(channel)
{
}

IpcReply::~IpcReply()
{
    if (m_emitGuard)
        *m_emitGuard = true;
    if (!m_finished && m_onAbandon)
        m_onAbandon(this);
    if (m_promise && !m_finished)
        settle(*m_promise, IpcError::invokeFailed(m_channel, IpcError(QStringLiteral("AbortError"),
                                                                      QStringLiteral("The reply was deleted before it finished"))));
}

void IpcReply::cancel()
{
    abandon(IpcError(QStringLiteral("AbortError"), QStringLiteral("The operation was aborted")));
}

void IpcReply::abandon(const IpcError &cause)
{
    if (m_finished)
        return;
    if (m_onAbandon)
        std::exchange(m_onAbandon, nullptr)(this);
    finish(IpcError::invokeFailed(m_channel, cause));
}

bool IpcReply::waitForFinished(int timeout)
{
    if (m_finished)
        return true;
    QEventLoop loop;
    connect(this, &IpcReply::finished, &loop, &QEventLoop::quit);
    if (timeout >= 0)
        QTimer::singleShot(timeout, &loop, &QEventLoop::quit);
    ++m_waiting;
    loop.exec();
    --m_waiting;
    return m_finished;
}

QFuture<QJsonValue> IpcReply::future()
{
    if (!m_promise) {
        m_promise = std::make_unique<QPromise<QJsonValue>>();
        m_promise->start();
        if (m_finished)
            settle(*m_promise, m_result);
    }
    return m_promise->future();
}

void IpcReply::timerEvent(QTimerEvent *event)
{
    if (event->timerId() != m_timerId)
        return QObject::timerEvent(event);
    abandon(IpcError(QStringLiteral("TimeoutError"),
                     QStringLiteral("No reply within %1 ms").arg(m_timeout)));
}

void IpcReply::finish(const IpcResult &result, Disposal disposal)
{
    if (m_finished)
        return;
    m_finished = true;
    m_onAbandon = nullptr;
    if (m_timerId) {
        killTimer(m_timerId);
        m_timerId = 0;
    }
    m_result = result;
    if (m_promise)
        settle(*m_promise, result);
    // Another receiver of finished() may be queued (or in another thread) and use the reply
    // after this emission: then the reply cannot be deleted at once.
    const bool othersListen = m_thenConnected && receivers(SIGNAL(finished())) > 1;
    bool deleted = false;
    m_emitGuard = &deleted;
    Q_EMIT finished();
    if (deleted)
        return; // a finished() slot deleted the reply
    m_emitGuard = nullptr;
    if (!m_disposeAfterEmit)
        return;
    // then() owns the reply and is done with it. Deleting it here, rather than with a posted event
    // and one more pass of the event loop, is safe once the emission is over and while nobody
    // up the stack waits on it.
    if (disposal == Disposal::Now && m_waiting == 0 && !othersListen)
        delete this;
    else
        deleteLater();
}

void IpcReply::disposeAfterThen()
{
    // Deleting a QObject while its own signal is being emitted is not safe: finish() does it
    // after the emission. From anywhere else (then() on a finished reply runs from a queued
    // call to the reply), later.
    if (m_emitGuard)
        m_disposeAfterEmit = true;
    else
        deleteLater();
}
