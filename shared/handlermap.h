#pragma once

#include "ipcexception.h"
#include "ipcresult.h"
#include "logging.h"

#include <QFutureWatcher>
#include <QHash>
#include <QJsonArray>

#include <functional>
#include <memory>

// The handler half of ipcMain/ipcRenderer: at most one handler per channel, answering with a
// value at once or with a QFuture<IpcResult> later.
template <typename Event>
class HandlerMap
{
public:
    using Handler = std::function<IpcResult(Event &, const QJsonArray &)>;
    using AsyncHandler = std::function<QFuture<IpcResult>(Event &, const QJsonArray &)>;
    using Done = std::function<void(const IpcResult &)>;

    // Electron throws on a second handler, and on a handler that is not a function (checked in
    // that order, as ipc-main-impl.ts does); we return the same texts as values.
    IpcError add(const QString &channel, Handler handler, AsyncHandler asyncHandler, bool once)
    {
        IpcError error;
        if (m_handlers.contains(channel))
            error = IpcError(QStringLiteral("Error"),
                             QStringLiteral("Attempted to register a second handler for '%1'")
                                     .arg(channel));
        else if (!handler && !asyncHandler)
            error = IpcError(QStringLiteral("TypeError"),
                             QStringLiteral("Expected handler to be a function, but found type 'undefined'"));
        if (!error.isNull()) {
            qCWarning(lcMain).noquote() << error.message();
            return error;
        }
        auto entry = std::make_shared<const Entry>(
                Entry{std::move(handler), std::move(asyncHandler), once});
        m_handlers.insert(channel, std::move(entry));
        return {};
    }

    // Electron's text for an invoke nobody handles.
    static IpcError noHandlerError(const QString &channel)
    {
        return IpcError(QStringLiteral("Error"),
                        QStringLiteral("No handler registered for '%1'").arg(channel));
    }

    // Electron's ReplyChannel text for a handler that let its answer go without sending one.
    static IpcError replyNeverSent()
    {
        return IpcError(QStringLiteral("Error"), QStringLiteral("reply was never sent"));
    }

    bool remove(const QString &channel) { return m_handlers.remove(channel); }
    bool contains(const QString &channel) const { return m_handlers.contains(channel); }
    void clear() { m_handlers.clear(); }

    // Runs the channel's handler; done is called exactly once, now or when its future finishes
    // (never after context is gone). Returns false, without calling done, if there is none.
    bool call(const QString &channel, Event &event, const QJsonArray &args, QObject *context,
              Done done)
    {
        auto it = m_handlers.find(channel);
        if (it == m_handlers.end())
            return false;
        // Shared, not copied: the handler may remove itself (or handleOnce did) while it runs.
        const std::shared_ptr<const Entry> entry = it.value();
        if (entry->once)
            m_handlers.erase(it);
        try {
            if (entry->handler) {
                done(entry->handler(event, args));
                return true;
            }
            QFuture<IpcResult> future = entry->asyncHandler(event, args);
            auto *watcher = new QFutureWatcher<IpcResult>(context);
            QObject::connect(watcher, &QFutureWatcherBase::finished, context,
                             [watcher, done = std::move(done)] {
                                 watcher->deleteLater();
                                 done(resultOf(watcher->future()));
                             });
            watcher->setFuture(future);
        } catch (...) {
            done(errorFrom(std::current_exception()));
        }
        return true;
    }

private:
    // A future that failed carries its exception (Qt marks such a future canceled too, so the
    // exception is looked for first); one canceled without an exception, or finished without a
    // result, is a promise dropped unanswered: Electron's "reply was never sent".
    static IpcResult resultOf(QFuture<IpcResult> future)
    {
        try {
            future.waitForFinished(); // rethrows the future's exception, if it has one
            if (future.isCanceled() || future.resultCount() == 0)
                return replyNeverSent();
            return future.result();
        } catch (...) {
            return errorFrom(std::current_exception());
        }
    }

    // A thrown IpcException keeps its name and data; anything else becomes a plain Error.
    static IpcError errorFrom(std::exception_ptr exception)
    {
        try {
            std::rethrow_exception(exception);
        } catch (const IpcException &e) {
            return e.error();
        } catch (const std::exception &e) {
            return IpcError(QStringLiteral("Error"), QString::fromUtf8(e.what()));
        } catch (...) {
            return IpcError(QStringLiteral("Error"), QStringLiteral("unknown exception"));
        }
    }

    struct Entry
    {
        Handler handler;
        AsyncHandler asyncHandler;
        bool once;
    };
    QHash<QString, std::shared_ptr<const Entry>> m_handlers;
};
