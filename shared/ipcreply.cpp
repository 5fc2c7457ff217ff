#include "ipcreply.h"

#include "ipcexception.h"

#include <QEventLoop>
#include <QPromise>
#include <QTimer>
#include <QTimerEvent>

IpcReply::IpcReply(const QString &channel, QObject *parent) : QObject(parent), m_channel(channel)
{
}

IpcReply::~IpcReply()
{
    if (!m_finished && m_onAbandon)
        m_onAbandon(this);
    if (m_promise && !m_finished) {
        m_promise->setException(IpcException(IpcError::invokeFailed(
                m_channel, IpcError(QStringLiteral("AbortError"),
                                    QStringLiteral("The reply was deleted before it finished")))));
        m_promise->finish();
    }
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
        if (m_finished) {
            if (m_result.isError())
                m_promise->setException(IpcException(m_result.error()));
            else
                m_promise->addResult(m_result.value());
            m_promise->finish();
        }
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
    if (m_promise) {
        if (result.isError())
            m_promise->setException(IpcException(result.error()));
        else
            m_promise->addResult(result.value());
        m_promise->finish();
    }
    Q_EMIT finished();
}
