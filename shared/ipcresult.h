#pragma once

#include "ipcbinary.h"
#include "ipcerror.h"

#include <QJsonValue>

#include <type_traits>

// The outcome of an invoke or a sendSync: a JSON value, raw bytes, or an IpcError, never two.
// Handlers return it, so `return "pong";`, `return QByteArray(...)` and
// `return IpcError("RangeError", "too big");` all read naturally. Bytes travel raw, as a frame
// attachment; value() is then the reference to them (IpcBinary) and bytes() the bytes.
class IpcResult
{
public:
    IpcResult() = default; // a successful result whose value is null
    IpcResult(const IpcError &error) : m_error(error) { }

    template <typename T,
              std::enable_if_t<std::is_constructible_v<QJsonValue, T>
                                       && !std::is_same_v<std::decay_t<T>, IpcError>
                                       && !std::is_same_v<std::decay_t<T>, QByteArray>,
                               bool> = true>
    IpcResult(T &&value) : m_value(QJsonValue(std::forward<T>(value)))
    {
    }
    IpcResult(const QByteArray &bytes)
        : m_value(IpcBinary::reference(0, bytes.size())), m_buffers{bytes}
    {
    }
    // A value as it came off the wire, with the buffers its references name.
    IpcResult(const QJsonValue &value, const QList<QByteArray> &buffers)
        : m_value(value), m_buffers(buffers)
    {
    }

    bool isError() const { return !m_error.isNull(); }
    QJsonValue value() const { return m_value; }
    IpcError error() const { return m_error; }

    bool isBinary() const { return IpcBinary::referenceIndex(m_value) == 0 && !m_buffers.isEmpty(); }
    // The bytes of a binary result; empty otherwise.
    QByteArray bytes() const { return isBinary() ? m_buffers.first() : QByteArray(); }
    QList<QByteArray> buffers() const { return m_buffers; }
    // The value as a QVariant: a QByteArray for a binary result.
    QVariant toVariant() const { return IpcBinary::unpack(m_value, m_buffers); }

private:
    QJsonValue m_value = QJsonValue::Null;
    IpcError m_error;
    QList<QByteArray> m_buffers;
};

Q_DECLARE_METATYPE(IpcResult)
