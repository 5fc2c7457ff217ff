#pragma once

#include "framecodec.h"
#include "ipcerror.h"
#include "protocol.h"

#include <QByteArray>
#include <QList>

#include <functional>

class Connection;
struct Message;

// Frames for a connection that may not be there yet: encoded and size-checked when posted, so a
// message too large fails at its call site, and sent in order once the connection is.
class Outbox
{
public:
    // A null error once sent or queued; a RangeError for a frame over maxFrameSize or over the
    // connection's write limit; closedError() when the connection exists but is closed. A function
    // rather than the error, so that the message text is only built when it is needed.
    IpcError post(Connection *connection, const Message &message, qsizetype maxFrameSize,
                  const std::function<IpcError()> &closedError);
    void flushTo(Connection *connection);
    void clear();

    // At most this many bytes wait for the connection; past it post() fails with a RangeError.
    void setMaxQueuedBytes(qint64 bytes) { m_maxQueuedBytes = bytes; }
    qint64 queuedBytes() const { return m_queuedBytes; }

private:
    QList<EncodedFrame> m_frames;
    qint64 m_queuedBytes = 0;
    qint64 m_maxQueuedBytes = Protocol::defaultMaxPendingWriteBytes;
};
