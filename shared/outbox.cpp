#include "outbox.h"

#include "connection.h"

IpcError Outbox::post(Connection *connection, const Message &message, qsizetype maxFrameSize,
                      const std::function<IpcError()> &closedError)
{
    IpcError error;
    EncodedFrame frame = Connection::encode(message, maxFrameSize, &error);
    if (!error.isNull())
        return error;
    if (connection) {
        if (connection->sendFrame(frame))
            return {};
        return connection->isOpen() ? connection->writeLimitError() : closedError();
    }
    if (m_queuedBytes + frame.size() > m_maxQueuedBytes)
        return IpcError(QStringLiteral("RangeError"),
                        QStringLiteral("%1 bytes are already waiting for a peer that has not connected yet (limit %2)")
                                .arg(m_queuedBytes)
                                .arg(m_maxQueuedBytes));
    m_queuedBytes += frame.size();
    m_frames.append(std::move(frame));
    return {};
}

void Outbox::flushTo(Connection *connection)
{
    m_queuedBytes = 0;
    for (const EncodedFrame &frame : std::exchange(m_frames, {}))
        connection->sendFrame(frame);
}

void Outbox::clear()
{
    m_frames.clear();
    m_queuedBytes = 0;
}
