#include "ipcmain.h"

#include "webcontents.h"

IpcMain::IpcMain(QObject *parent) : QObject(parent) { }

IpcMain::~IpcMain() = default;

IpcMain::ListenerId IpcMain::on(const QString &channel, Listener listener, const QObject *context)
{
    const ListenerId id = m_listeners.add(channel, std::move(listener), false);
    forgetWhenDestroyed(context, id);
    return id;
}

IpcMain::ListenerId IpcMain::once(const QString &channel, Listener listener,
                                  const QObject *context)
{
    const ListenerId id = m_listeners.add(channel, std::move(listener), true);
    forgetWhenDestroyed(context, id);
    return id;
}

void IpcMain::forgetWhenDestroyed(const QObject *context, ListenerId id)
{
    if (context && context != this)
        connect(context, &QObject::destroyed, this, [this, id] { m_listeners.remove(id); });
}

bool IpcMain::off(const QString &channel, ListenerId id)
{
    return m_listeners.remove(channel, id);
}

void IpcMain::removeAllListeners()
{
    m_listeners.clear();
}

void IpcMain::removeAllListeners(const QString &channel)
{
    m_listeners.removeAll(channel);
}

int IpcMain::listenerCount(const QString &channel) const
{
    return int(m_listeners.count(channel));
}

QStringList IpcMain::eventNames() const
{
    return m_listeners.channels();
}

IpcError IpcMain::handle(const QString &channel, Handler handler)
{
    return m_handlers.add(channel, std::move(handler), {}, false);
}

IpcError IpcMain::handle(const QString &channel, AsyncHandler handler)
{
    return m_handlers.add(channel, {}, std::move(handler), false);
}

IpcError IpcMain::handleOnce(const QString &channel, Handler handler)
{
    return m_handlers.add(channel, std::move(handler), {}, true);
}

IpcError IpcMain::handleOnce(const QString &channel, AsyncHandler handler)
{
    return m_handlers.add(channel, {}, std::move(handler), true);
}

void IpcMain::removeHandler(const QString &channel)
{
    m_handlers.remove(channel);
}

bool IpcMain::hasHandler(const QString &channel) const
{
    return m_handlers.contains(channel);
}

qsizetype IpcMain::dispatch(IpcMainEvent &event, const QJsonArray &args)
{
    Q_EMIT message(event.sender(), event.channel(), args);
    return m_listeners.emitTo(event.channel(), event, args);
}

bool IpcMain::dispatchInvoke(IpcMainInvokeEvent &event, const QJsonArray &args,
                             HandlerMap<IpcMainInvokeEvent>::Done done, QObject *context)
{
    return m_handlers.call(event.channel(), event, args, context, std::move(done));
}
