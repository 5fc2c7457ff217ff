#include "remoteglobal.h"

#include "ipcrenderer.h"

#include <QJsonObject>

namespace {
// The channels SharedObject in main listens on (main/sharedobject.cpp).
QString channel(const char *what, const QString &name)
{
    return QStringLiteral("ipclab:global-%1:%2").arg(QLatin1String(what), name);
}
} // namespace

RemoteGlobal::RemoteGlobal(IpcRenderer *ipcRenderer, const QString &name, QObject *parent)
    : QObject(parent), m_ipc(ipcRenderer), m_name(name)
{
    m_ipc->on(channel("changed", name), [this](IpcRendererEvent &, const QJsonArray &args) {
        Q_EMIT changed(args.at(0).toString(), args.at(1), args.at(2).toInt());
    }, this);
}

QJsonValue RemoteGlobal::value(const QString &key) const
{
    const IpcResult result = m_ipc->sendSync(channel("get", m_name));
    return result.isError() ? QJsonValue(QJsonValue::Undefined) : result.value().toObject().value(key);
}

IpcError RemoteGlobal::setValue(const QString &key, const QJsonValue &value)
{
    return m_ipc->sendSync(channel("set", m_name), {key, value}).error();
}
