#include "outbox.h"

#include "connection.h"

IpcError Outbox::post(Connection *connection, const Message &message, qsizetype maxFrameSize,
                      const IpcError &closedError)
{
    IpcError error;
    QByteArray frame = Connection::encode(message, maxFrameSize, &error);
    if (!error.isNull())
        return error;
    if (!connection)
        m_frames.append(std::move(frame));
    else if (!connection->sendFrame(frame))
        return closedError;
    return {};
}

void Outbox::flushTo(Connection *connection)
{
    for (const QByteArray &frame : std::exchange(m_frames, {}))
        connection->sendFrame(frame);
}
