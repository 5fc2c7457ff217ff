#include "ipcerror.h"

#include <QDebug>

IpcError::IpcError(const QString &name, const QString &message, const QJsonValue &data)
    : m_name(name.isEmpty() ? QStringLiteral("Error") : name), m_message(message), m_data(data)
{
}

IpcError IpcError::fromJson(const QJsonObject &object)
{
    return IpcError(object.value(QLatin1String("name")).toString(),
                    object.value(QLatin1String("message")).toString(),
                    object.value(QLatin1String("data")));
}

QJsonObject IpcError::toJson() const
{
    QJsonObject object{{QLatin1String("name"), m_name}, {QLatin1String("message"), m_message}};
    if (!m_data.isUndefined() && !m_data.isNull())
        object.insert(QLatin1String("data"), m_data);
    return object;
}

QString IpcError::toString() const
{
    return m_name + QLatin1String(": ") + m_message;
}

IpcError IpcError::invokeFailed(const QString &channel, const IpcError &cause)
{
    return IpcError(cause.name(),
                    QStringLiteral("Error invoking remote method '%1': %2").arg(channel, cause.toString()),
                    cause.data());
}

QDebug operator<<(QDebug debug, const IpcError &error)
{
    QDebugStateSaver saver(debug);
    if (error.isNull())
        debug.nospace() << "IpcError()";
    else
        debug.nospace() << "IpcError(" << error.toString() << ')';
    return debug;
}
