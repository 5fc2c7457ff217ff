#include "messageport.h"

#include "portrouter.h"

MessagePort::MessagePort(PortRouter *router, qint64 id, QObject *parent)
    : QObject(parent), m_router(router), m_id(id)
{
}

MessagePort::~MessagePort()
{
    // A port that is thrown away closes, so the other end is not left waiting.
    if (m_router && !m_neutered)
        m_router->close(this);
}

IpcError MessagePort::postVariant(const QVariant &message, const QList<MessagePort *> &transfer)
{
    IpcError error;
    const QJsonValue data = IpcBinary::packInline(message, &error);
    return error.isNull() ? postMessage(data, transfer) : error;
}

IpcError MessagePort::postMessage(const QJsonValue &message, const QList<MessagePort *> &transfer)
{
    if (!m_router || m_neutered)
        return {}; // a moved or orphaned port drops what is posted on it, as the web's does
    return m_router->post(this, message, transfer);
}

void MessagePort::start()
{
    if (m_router && !m_neutered)
        m_router->start(this);
}

void MessagePort::close()
{
    const bool wasOpen = m_router && !m_neutered;
    if (wasOpen)
        m_router->close(this);
    m_neutered = true;
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
