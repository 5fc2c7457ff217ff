#pragma once

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

// Steps for a renderer's RendererAgent (see rendereragent.h), and their outcomes in words.
namespace AgentSteps {

inline QJsonObject step(const QString &op, const QString &channel, const QJsonArray &args = {})
{
    return {{QStringLiteral("op"), op}, {QStringLiteral("channel"), channel}, {QStringLiteral("args"), args}};
}

inline bool failed(const QJsonObject &outcome)
{
    return outcome.contains(QLatin1String("error"));
}

// The error's message, or the value as compact JSON ("" when the step has no value).
inline QString describe(const QJsonObject &outcome)
{
    if (failed(outcome)) {
        const QJsonObject error = outcome.value(QLatin1String("error")).toObject();
        return QStringLiteral("%1: %2").arg(error.value(QLatin1String("name")).toString(),
                                            error.value(QLatin1String("message")).toString());
    }
    if (!outcome.contains(QLatin1String("value")))
        return QString();
    const QByteArray json = QJsonDocument(QJsonArray{outcome.value(QLatin1String("value"))})
                                    .toJson(QJsonDocument::Compact);
    return QString::fromUtf8(json.mid(1, json.size() - 2));
}

} // namespace AgentSteps
