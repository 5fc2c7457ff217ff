#include "ipcmain.h"
#include "ipcmain_p.h"

#include "webcontents.h"

IpcMain::IpcMain(QObject *parent) : QObject(parent), d_ptr(std::make_unique<IpcMainPrivate>()) { }

IpcMain::~IpcMain() = default;

IpcMain::ListenerId IpcMain::on(const QString &channel, Listener listener, const QObject *context)
{
    Q_D(IpcMain);
    const ListenerId id = d->m_listeners.add(channel, std::move(listener), false);
    forgetWhenDestroyed(context, id);
    return id;
}

IpcMain::ListenerId IpcMain::once(const QString &channel, Listener listener,
                                  const QObject *context)
{
    Q_D(IpcMain);
    const ListenerId id = d->m_listeners.add(channel, std::move(listener), true);
    forgetWhenDestroyed(context, id);
    return id;
}

void IpcMain::forgetWhenDestroyed(const QObject *context, ListenerId id)
{
    Q_D(IpcMain);
    if (context && context != this)
        connect(context, &QObject::destroyed, this, [d, id] { d->m_listeners.remove(id); });
}

bool IpcMain::off(const QString &channel, ListenerId id)
{
    Q_D(IpcMain);
    return d->m_listeners.remove(channel, id);
}

void IpcMain::removeAllListeners()
{
    Q_D(IpcMain);
    d->m_listeners.clear();
}

void IpcMain::removeAllListeners(const QString &channel)
{
    Q_D(IpcMain);
    d->m_listeners.removeAll(channel);
}

int IpcMain::listenerCount(const QString &channel) const
{
    Q_D(const IpcMain);
    return int(d->m_listeners.count(channel));
}

QStringList IpcMain::eventNames() const
{
    Q_D(const IpcMain);
    return d->m_listeners.channels();
}

IpcError IpcMain::handle(const QString &channel, Handler handler)
{
    Q_D(IpcMain);
    return d->m_handlers.add(channel, std::move(handler), {}, false);
}

IpcError IpcMain::handle(const QString &channel, AsyncHandler handler)
{
    Q_D(IpcMain);
    return d->m_handlers.add(channel, {}, std::move(handler), false);
}

IpcError IpcMain::handleOnce(const QString &channel, Handler handler)
{
    Q_D(IpcMain);
    return d->m_handlers.add(channel, std::move(handler), {}, true);
}

IpcError IpcMain::handleOnce(const QString &channel, AsyncHandler handler)
{
    Q_D(IpcMain);
    return d->m_handlers.add(channel, {}, std::move(handler), true);
}

void IpcMain::removeHandler(const QString &channel)
{
    Q_D(IpcMain);
    d->m_handlers.remove(channel);
}

bool IpcMain::hasHandler(const QString &channel) const
{
    Q_D(const IpcMain);
    return d->m_handlers.contains(channel);
}

qsizetype IpcMain::dispatch(IpcMainEvent &event, const QJsonArray &args)
{
    Q_D(IpcMain);
    Q_EMIT message(event.sender(), event.channel(), args);
    return d->m_listeners.emitTo(event.channel(), event, args);
}

bool IpcMain::dispatchInvoke(IpcMainInvokeEvent &event, const QJsonArray &args,
                             std::function<void(const IpcResult &)> done, QObject *context)
{
    Q_D(IpcMain);
    return d->m_handlers.call(event.channel(), event, args, context, std::move(done));
}
