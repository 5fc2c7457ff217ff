#include "remoteglobal.h"
#include "remoteglobal_p.h"

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
    : QObject(parent), d_ptr(std::make_unique<RemoteGlobalPrivate>())
{
    Q_D(RemoteGlobal);
    d->m_ipc = ipcRenderer;
    d->m_name = name;
    d->m_ipc->on(channel("changed", name), [this](IpcRendererEvent &, const QJsonArray &args) {
        Q_EMIT changed(args.at(0).toString(), args.at(1), args.at(2).toInt());
    }, this);
}

RemoteGlobal::~RemoteGlobal() = default;

QString RemoteGlobal::name() const
{
    Q_D(const RemoteGlobal);
    return d->m_name;
}

QJsonValue RemoteGlobal::value(const QString &key) const
{
    Q_D(const RemoteGlobal);
    const IpcResult result = d->m_ipc->sendSync(channel("get", d->m_name));
    return result.isError() ? QJsonValue(QJsonValue::Undefined) : result.value().toObject().value(key);
}

IpcError RemoteGlobal::setValue(const QString &key, const QJsonValue &value)
{
    Q_D(RemoteGlobal);
    return d->m_ipc->sendSync(channel("set", d->m_name), {key, value}).error();
}
