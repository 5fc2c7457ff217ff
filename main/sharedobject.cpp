#include "sharedobject.h"

#include "ipcmain.h"
#include "message.h"
#include "rendererlauncher.h"
#include "webcontents.h"

SharedObject::SharedObject(const QString &name, RendererLauncher *launcher, QObject *parent)
    : QObject(parent), m_name(name), m_launcher(launcher)
{
    IpcMain *ipcMain = launcher->ipcMain();
    m_getListener = ipcMain->on(getChannel(name), [this](IpcMainEvent &event, const QJsonArray &) {
        event.returnValue = m_values;
    }, this);
    m_setListener = ipcMain->on(setChannel(name), [this](IpcMainEvent &event, const QJsonArray &args) {
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
    if (IpcMain *ipcMain = m_launcher->ipcMain()) {
        ipcMain->off(getChannel(m_name), m_getListener);
        ipcMain->off(setChannel(m_name), m_setListener);
    }
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
    if (m_values.value(key) == value && m_values.contains(key))
        return;
    m_values.insert(key, value);
    const QJsonArray change{key, value, by};
    for (WebContents *webContents : m_launcher->allWebContents()) {
        if (!webContents->isCrashed())
            webContents->send(changedChannel(m_name), change);
    }
    Q_EMIT changed(key, value, by);
}
