#pragma once

#include "ipcbinary.h"
#include "ipcerror.h"

#include <QJsonValue>
#include <QList>
#include <QObject>
#include <QPointer>

#include <functional>

#include <memory>

class PortRouter;

class MessagePortPrivate;

// One end of a message channel: Electron's MessagePortMain in the main process, the web's
// MessagePort in a renderer. Messages posted before start() wait, in order; close() on one end
// fires closed() on both ends (as Electron's does), and the other end's process dying fires it
// here.
//
//     port->start();
//     connect(port, &MessagePort::message, [](const QJsonValue &data, const QList<MessagePort *> &) {
//         qDebug() << data;   // "ping"
//     });
//     other->postMessage("ping");
//
// A port is moved to another process by listing it in the transfer list of postMessage();
// the object left behind is neutered: what is posted on it is dropped, it never emits again.
// It stays until its parent deletes it: a port that arrived in main (IpcMainEvent::ports()) is a
// child of main's router until you give it a parent, so delete one you are done with (moved on
// or closed) with deleteLater(), or a long-running main keeps one small object per port.
class MessagePort : public QObject
{
    Q_OBJECT
public:
    using Listener = std::function<void(const QJsonValue &data, const QList<MessagePort *> &ports)>;

    ~MessagePort() override;

    qint64 id() const;
    bool isNeutered() const;

    // Electron's errors for a bad transfer list ("Port at index 0 is not a valid port", ...);
    // posting on a closed port is silently dropped, as in Electron.
    // With no message, the message is undefined, which arrives as null (JSON has no undefined).
    IpcError postMessage(const QJsonValue &message = QJsonValue(QJsonValue::Undefined),
                         const QList<MessagePort *> &transfer = {});
    // The same with a QVariant: QByteArray values at any depth come back as bytes (read the
    // received data with IpcBinary::unpack()), a QDateTime as a date; a value that cannot be
    // cloned (a QObject*) is refused with a DataCloneError.
    template <typename Value, IpcBinary::IfVariant<Value> = true>
    IpcError postMessage(const Value &message, const QList<MessagePort *> &transfer = {})
    {
        return postVariant(message, transfer);
    }
    void start();
    void close();

    // Electron's port.once('message', listener): listener receives the next message only (it
    // still waits for start(), like every message). Disconnect the returned connection to drop
    // it before then; it is dropped too when context is destroyed.
    QMetaObject::Connection once(const QObject *context, Listener listener);
    QMetaObject::Connection once(Listener listener) { return once(this, std::move(listener)); }

Q_SIGNALS:
    void message(const QJsonValue &data, const QList<MessagePort *> &ports);
    // Electron's 'close' event: this end was closed, or the other end closed or went away.
    void closed();

private:
    friend class PortRouter;
    MessagePort(PortRouter *router, qint64 id, QObject *parent);
    IpcError postVariant(const QVariant &message, const QList<MessagePort *> &transfer);

    std::unique_ptr<MessagePortPrivate> d_ptr;
    Q_DECLARE_PRIVATE(MessagePort)
};
