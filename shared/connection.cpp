#include "connection.h"

#include "logging.h"

#include <QLocalSocket>

Connection::Connection(QLocalSocket *socket, QObject *parent) : QObject(parent), m_socket(socket)
{
    m_socket->setParent(this);
    connect(m_socket, &QLocalSocket::readyRead, this, [this] {
        readFrames();
        deliver();
    });
    connect(m_socket, &QLocalSocket::disconnected, this, &Connection::onDisconnected);
    connect(m_socket, &QLocalSocket::errorOccurred, this, [this](QLocalSocket::LocalSocketError) {
        // A peer that vanishes shows up here as PeerClosedError before disconnected().
        if (m_errorString.isEmpty())
            m_errorString = m_socket->errorString();
        qCDebug(lcConnection) << "socket error:" << m_socket->errorString();
    });
}

Connection::~Connection()
{
    // Do not emit from a destructor: the owner is tearing us down on purpose.
    m_socket->disconnect(this);
}

bool Connection::isOpen() const
{
    return m_socket->state() == QLocalSocket::ConnectedState;
}

bool Connection::send(const Message &message)
{
    if (!isOpen())
        return false;
    const QByteArray frame = FrameCodec::encode(message.toJson());
    if (frame.size() - Protocol::headerSize > m_codec.maxFrameSize()) {
        qCWarning(lcProtocol) << "not sending a" << Message::kindName(message.kind) << "frame of"
                              << frame.size() << "bytes: over the limit of" << m_codec.maxFrameSize();
        return false;
    }
    return m_socket->write(frame) == frame.size();
}

std::optional<Message> Connection::waitForResult(qint64 id, QDeadlineTimer deadline)
{
    QPointer<Connection> guard(this);
    ++m_holdDelivery;
    m_socket->flush();

    std::optional<Message> found;
    for (;;) {
        for (auto it = m_inbox.begin(); it != m_inbox.end(); ++it) {
            if (it->kind == MessageKind::Result && it->id == id) {
                found = std::move(*it);
                m_inbox.erase(it);
                break;
            }
        }
        if (found || !isOpen() || deadline.hasExpired())
            break;
        // waitForReadyRead() emits readyRead(), which decodes into m_inbox; with delivery held,
        // nothing is dispatched from inside this loop.
        m_socket->waitForReadyRead(int(qMin<qint64>(deadline.remainingTime(), INT_MAX)));
        if (!guard)
            return found;
        readFrames();
    }

    --m_holdDelivery;
    if (!m_inbox.empty())
        QMetaObject::invokeMethod(this, &Connection::deliver, Qt::QueuedConnection);
    return found;
}

void Connection::abortWithProtocolError(const QString &reason)
{
    if (m_aborted)
        return;
    m_aborted = true;
    qCWarning(lcProtocol).noquote() << "closing connection: protocol error:" << reason;
    m_errorString = reason;
    m_inbox.clear();
    Q_EMIT protocolError(reason);
    m_socket->abort();
    onDisconnected(); // abort() on an already-closing socket may not emit disconnected()
}

void Connection::close()
{
    m_socket->disconnectFromServer();
}

void Connection::readFrames()
{
    if (m_aborted)
        return;
    if (m_socket->bytesAvailable() > 0 && m_codec.readFrom(m_socket) < 0) {
        qCWarning(lcConnection) << "read failed:" << m_socket->errorString();
        return;
    }
    QJsonObject object;
    for (;;) {
        switch (m_codec.next(&object)) {
        case FrameCodec::Status::NeedMore:
            return;
        case FrameCodec::Status::Error:
            abortWithProtocolError(m_codec.errorString());
            return;
        case FrameCodec::Status::Frame: {
            Message message;
            QString problem;
            if (!Message::fromJson(object, &message, &problem)) {
                abortWithProtocolError(problem);
                return;
            }
            qCDebug(lcProtocol) << "received" << Message::kindName(message.kind) << message.channel
                                << message.id;
            m_inbox.push_back(std::move(message));
            break;
        }
        }
    }
}

void Connection::deliver()
{
    QPointer<Connection> guard(this);
    while (guard && !m_aborted && m_holdDelivery == 0 && !m_inbox.empty()) {
        Message message = std::move(m_inbox.front());
        m_inbox.pop_front();
        Q_EMIT messageReceived(message);
    }
}

void Connection::onDisconnected()
{
    if (m_disconnectedEmitted)
        return;
    readFrames();
    deliver();
    if (m_codec.pendingBytes() > 0 && !m_aborted) {
        m_aborted = true;
        m_errorString = m_codec.truncationError();
        qCWarning(lcProtocol).noquote() << "protocol error:" << m_errorString;
        Q_EMIT protocolError(m_errorString);
    }
    m_disconnectedEmitted = true;
    qCDebug(lcConnection) << "disconnected" << m_errorString;
    Q_EMIT disconnected();
}
