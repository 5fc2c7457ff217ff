#pragma once

#include "ipcerror.h"

#include <QByteArray>
#include <QList>

class Connection;
struct Message;

// Frames for a connection that may not be there yet: encoded and size-checked when posted, so a
// message too large fails at its call site, and sent in order once the connection is.
class Outbox
{
public:
    // A null error once sent or queued; a RangeError for a frame over maxFrameSize;
    // closedError when the connection exists but is closed.
    IpcError post(Connection *connection, const Message &message, qsizetype maxFrameSize,
                  const IpcError &closedError);
    void flushTo(Connection *connection);
    void clear() { m_frames.clear(); }

private:
    QList<QByteArray> m_frames;
};
