#pragma once

#include "ipcerror.h"

#include <QJsonValue>

#include <type_traits>

// The outcome of an invoke or a sendSync: a JSON value or an IpcError, never both.
// Handlers return it, so `return "pong";` and `return IpcError("RangeError", "too big");`
// both read naturally.
class IpcResult
{
public:
    IpcResult() = default; // a successful result whose value is null
    IpcResult(const IpcError &error) : m_error(error) { }

    template <typename T,
              std::enable_if_t<std::is_constructible_v<QJsonValue, T>
                                       && !std::is_same_v<std::decay_t<T>, IpcError>,
                               bool> = true>
    IpcResult(T &&value) : m_value(QJsonValue(std::forward<T>(value)))
    {
    }

    bool isError() const { return !m_error.isNull(); }
    QJsonValue value() const { return m_value; }
    IpcError error() const { return m_error; }

private:
    QJsonValue m_value = QJsonValue::Null;
    IpcError m_error;
};

Q_DECLARE_METATYPE(IpcResult)
