#pragma once

#include <QJsonObject>
#include <QMetaType>
#include <QJsonValue>
#include <QString>

// An error as a value: what went wrong (name), a sentence for people (message), and any
// JSON the thrower attached (data). A default-constructed IpcError means "no error".
//
// The names follow JavaScript's habit: "Error" for a handler's own failure, "TimeoutError",
// "AbortError", "DisconnectedError" and "DataCloneError" for the ones this library raises.
class IpcError
{
public:
    IpcError() = default;
    IpcError(const QString &name, const QString &message, const QJsonValue &data = {});

    static IpcError fromJson(const QJsonObject &object);
    QJsonObject toJson() const;

    bool isNull() const { return m_name.isEmpty(); }
    QString name() const { return m_name; }
    QString message() const { return m_message; }
    QJsonValue data() const { return m_data; }

    // "Name: message", the way JavaScript prints an Error.
    QString toString() const;

    // Electron's rejection text for a failed invoke: "Error invoking remote method 'ch': Name: msg".
    // The name and data are kept as they were, for callers who want more than the sentence.
    static IpcError invokeFailed(const QString &channel, const IpcError &cause);

    friend bool operator==(const IpcError &a, const IpcError &b)
    {
        return a.m_name == b.m_name && a.m_message == b.m_message && a.m_data == b.m_data;
    }

private:
    QString m_name;
    QString m_message;
    QJsonValue m_data;
};

QDebug operator<<(QDebug debug, const IpcError &error);

Q_DECLARE_METATYPE(IpcError)
