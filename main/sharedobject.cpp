#include "sharedobject.h"
#include "sharedobject_p.h"

#include "ipcmain.h"
#include "message.h"
#include "rendererlauncher.h"
#include "webcontents.h"

SharedObject::SharedObject(const QString &name, RendererLauncher *launcher, QObject *parent)
    : QObject(parent), d_ptr(std::make_unique<SharedObjectPrivate>())
{
    Q_D(SharedObject);
    d->m_name = name;
    d->m_launcher = launcher;
    IpcMain *ipcMain = launcher->ipcMain();
    d->m_getListener = ipcMain->on(getChannel(name), [this, d](IpcMainEvent &event, const QJsonArray &) {
        event.returnValue = d->m_values;
    }, this);
    d->m_setListener = ipcMain->on(setChannel(name), [this](IpcMainEvent &event, const QJsonArray &args) {
        if (!args.at(0).isString() || args.at(0).toString().isEmpty()) {
            event.returnValue = IpcError(QStringLiteral("TypeError"),
                                         QStringLiteral("a property name must be a non-empty string"));
            return;
        }
        store(args.at(0).toString(), args.at(1), event.senderId());
        event.returnValue = true;
    }, this);
}

SharedObject::~SharedObject()
{
    Q_D(SharedObject);
    if (IpcMain *ipcMain = d->m_launcher->ipcMain()) {
        ipcMain->off(getChannel(d->m_name), d->m_getListener);
        ipcMain->off(setChannel(d->m_name), d->m_setListener);
    }
}

QString SharedObject::name() const
{
    Q_D(const SharedObject);
    return d->m_name;
}

QJsonValue SharedObject::value(const QString &key) const
{
    Q_D(const SharedObject);
    return d->m_values.value(key);
}

QJsonObject SharedObject::toJson() const
{
    Q_D(const SharedObject);
    return d->m_values;
}

QString SharedObject::getChannel(const QString &name)
{
    return QStringLiteral("ipclab:global-get:") + name;
}

QString SharedObject::setChannel(const QString &name)
{
    return QStringLiteral("ipclab:global-set:") + name;
}

QString SharedObject::changedChannel(const QString &name)
{
    return QStringLiteral("ipclab:global-changed:") + name;
}

IpcError SharedObject::setValue(const QString &key, const QJsonValue &value)
{
    IpcError error = checkCloneableValue(value);
    if (error.isNull())
        store(key, value, 0);
    return error;
}

void SharedObject::store(const QString &key, const QJsonValue &value, int by)
{
    Q_D(SharedObject);
    if (d->m_values.value(key) == value && d->m_values.contains(key))
        return;
    d->m_values.insert(key, value);
    const QJsonArray change{key, value, by};
    for (WebContents *webContents : d->m_launcher->allWebContents()) {
        if (!webContents->isCrashed())
            webContents->send(changedChannel(d->m_name), change);
    }
    Q_EMIT changed(key, value, by);
}
