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
    loop.exec();
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

void IpcReply::finish(const IpcResult &result)
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
    Q_EMIT finished();
}
