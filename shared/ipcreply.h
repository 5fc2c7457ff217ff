#pragma once

#include "ipcresult.h"

#include <QFuture>
#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>

class IpcReplyPrivate;

// A pending invoke, in the manner of QNetworkReply and KJob: finished() is emitted exactly
// once, always from the event loop, after which result() holds the value or the error.
//
// The reply belongs to the object that created it (IpcRenderer or WebContents) until you
// delete it; then() is the fire-and-forget form that deletes it for you:
//
//     ipcRenderer.invoke("my_channel", {"my_data"})->then(this, [](const IpcResult &r) {
//         qDebug() << r.value();          // "replay"
//     });
//
// Deleting an unfinished reply, or cancel(), tells the other side the caller stopped waiting.
class IpcReply : public QObject
{
    Q_OBJECT
public:
    ~IpcReply() override;

    QString channel() const;
    bool isFinished() const;
    bool isError() const;
    IpcResult result() const;
    QJsonValue value() const;
    // The bytes of a binary result (a handler that returned a QByteArray); empty otherwise.
    QByteArray bytes() const;
    IpcError error() const;

    // Stops waiting: the reply finishes now with an AbortError, and the handler's eventual
    // answer is dropped. Does nothing once finished.
    void cancel();

    // Runs a local event loop until finished or timeout (ms, -1 for none); true if finished.
    bool waitForFinished(int timeout = -1);

    // The same outcome as a QFuture; an error arrives as an IpcException.
    QFuture<QJsonValue> future();

    template <typename Functor>
    void then(const QObject *context, Functor &&functor)
    {
        auto call = [this, guard = QPointer<const QObject>(context),
                     f = std::forward<Functor>(functor)]() mutable {
            // The callback may delete this reply, or the object that owns it.
            const QPointer<IpcReply> self(this);
            if (guard)
                f(resultForThen());
            if (self)
                disposeAfterThen();
        };
        if (isFinished())
            QMetaObject::invokeMethod(this, std::move(call), Qt::QueuedConnection);
        else {
            setThenConnected();
            connect(this, &IpcReply::finished, this, std::move(call), Qt::SingleShotConnection);
        }
    }

Q_SIGNALS:
    void finished();

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    friend class PendingCalls;
    IpcReply(const QString &channel, QObject *parent);
    // How finish() may dispose of a reply then() has taken over. Now: the caller is the delivery of
    // its Result (PendingCalls::resolve()), with nothing up the stack holding on to the reply, so
    // it is deleted as soon as finished() has been emitted. Later: with deleteLater(), because
    // the caller is an event sent to the reply itself (its timer, a queued failure) or its user's
    // own call (cancel()), who may still use the pointer.
    enum class Disposal { Later, Now };
    void finish(const IpcResult &result, Disposal disposal = Disposal::Later);
    void abandon(const IpcError &cause);
    void disposeAfterThen();
    // then()'s template reaches the reply's state through these.
    IpcResult &resultForThen();
    void setThenConnected();

    std::unique_ptr<IpcReplyPrivate> d_ptr;
    Q_DECLARE_PRIVATE(IpcReply)
};
