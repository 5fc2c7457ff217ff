#include "channelpolicy.h"

#include <QJsonArray>

namespace {

constexpr ChannelPolicy::Use uses[] = {ChannelPolicy::Use::Send, ChannelPolicy::Use::Invoke,
                                       ChannelPolicy::Use::Listen};

} // namespace

void ChannelPolicy::allow(Use use, const QStringList &channels)
{
    m_lists[int(use)] = channels;
}

bool ChannelPolicy::isRestricted(Use use) const
{
    return m_lists[int(use)].has_value();
}

bool ChannelPolicy::isUnrestricted() const
{
    for (Use use : uses) {
        if (isRestricted(use))
            return false;
    }
    return true;
}

bool ChannelPolicy::allows(Use use, const QString &channel) const
{
    const std::optional<QStringList> &list = m_lists[int(use)];
    if (!list)
        return true;
    for (const QString &entry : *list) {
        if (entry.endsWith(QLatin1Char('*')) ? channel.startsWith(QStringView(entry).chopped(1))
                                             : channel == entry)
            return true;
    }
    return false;
}

QString ChannelPolicy::useName(Use use)
{
    switch (use) {
    case Use::Send:
        return QStringLiteral("send");
    case Use::Invoke:
        return QStringLiteral("invoke");
    case Use::Listen:
        return QStringLiteral("listen");
    }
    return QString();
}

IpcError ChannelPolicy::rejection(Use use, const QString &channel)
{
    return IpcError(QStringLiteral("SecurityError"),
                    QStringLiteral("Channel '%1' is not allowed for %2 in this window").arg(channel, useName(use)));
}

QJsonObject ChannelPolicy::toJson() const
{
    QJsonObject object;
    for (Use use : uses) {
        if (isRestricted(use))
            object.insert(useName(use), QJsonArray::fromStringList(*m_lists[int(use)]));
    }
    return object;
}

bool ChannelPolicy::fromJson(const QJsonObject &object, ChannelPolicy *policy, QString *errorString)
{
    ChannelPolicy result;
    for (Use use : uses) {
        const QJsonValue value = object.value(useName(use));
        if (value.isUndefined())
            continue;
        QStringList channels;
        for (const QJsonValue &channel : value.toArray()) {
            if (!channel.isString()) {
                *errorString = QStringLiteral("field 'policy.%1' must be an array of strings").arg(useName(use));
                return false;
            }
            channels.append(channel.toString());
        }
        if (!value.isArray()) {
            *errorString = QStringLiteral("field 'policy.%1' must be an array of strings").arg(useName(use));
            return false;
        }
        result.allow(use, channels);
    }
    *policy = result;
    return true;
}
