#include "messageport.h"
#include "messageport_p.h"

#include "portrouter.h"

MessagePort::MessagePort(PortRouter *router, qint64 id, QObject *parent)
    : QObject(parent), d_ptr(std::make_unique<MessagePortPrivate>())
{
    Q_D(MessagePort);
    d->m_router = router;
    d->m_id = id;
}

MessagePort::~MessagePort()
{
    Q_D(MessagePort);
    // A port that is thrown away closes, so the other end is not left waiting.
    if (d->m_router && !d->m_neutered)
        d->m_router->close(this);
}

qint64 MessagePort::id() const
{
    Q_D(const MessagePort);
    return d->m_id;
}

bool MessagePort::isNeutered() const
{
    Q_D(const MessagePort);
    return d->m_neutered;
}

IpcError MessagePort::postVariant(const QVariant &message, const QList<MessagePort *> &transfer)
{
    IpcError error;
    const QJsonValue data = IpcBinary::packInline(message, &error);
    return error.isNull() ? postMessage(data, transfer) : error;
}

IpcError MessagePort::postMessage(const QJsonValue &message, const QList<MessagePort *> &transfer)
{
    Q_D(MessagePort);
    if (!d->m_router || d->m_neutered)
        return {}; // a moved or orphaned port drops what is posted on it, as the web's does
    return d->m_router->post(this, message, transfer);
}

void MessagePort::start()
{
    Q_D(MessagePort);
    if (d->m_router && !d->m_neutered)
        d->m_router->start(this);
}

void MessagePort::close()
{
    Q_D(MessagePort);
    const bool wasOpen = d->m_router && !d->m_neutered;
    if (wasOpen)
        d->m_router->close(this);
    d->m_neutered = true;
    // Electron's MessagePortMain::Close() emits 'close' on the port that closes, too.
    if (wasOpen)
        Q_EMIT closed();
}

QMetaObject::Connection MessagePort::once(const QObject *context, Listener listener)
{
    auto connection = std::make_shared<QMetaObject::Connection>();
    *connection = connect(this, &MessagePort::message, context ? context : this,
                          [connection, listener = std::move(listener)](const QJsonValue &data,
                                                                       const QList<MessagePort *> &ports) {
                              // Gone before it runs, so that a message it causes (or the next
                              // one of the same delivery) does not reach it again.
                              const Listener call = listener;
                              QObject::disconnect(*connection);
                              call(data, ports);
                          });
    return *connection;
}
