#pragma once

#include "ipcerror.h"

#include <QException>

// An IpcError as a QException, for the places where Qt's futures carry errors as exceptions:
// IpcReply::future() fails with it, and a handler may throw it (as an Electron handler throws
// an Error) instead of returning an IpcError.
class IpcException : public QException
{
public:
    explicit IpcException(const IpcError &error) : m_error(error), m_what(error.toString().toUtf8())
    {
    }

    IpcError error() const { return m_error; }
    const char *what() const noexcept override { return m_what.constData(); }
    void raise() const override { throw *this; }
    IpcException *clone() const override { return new IpcException(*this); }

private:
    IpcError m_error;
    QByteArray m_what;
};
