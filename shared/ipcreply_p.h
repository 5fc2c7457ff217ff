#pragma once

//
//  W A R N I N G
//  -------------
//
// This file is not part of IPC Lab's API and is not installed. It may change from version to
// version without notice, or even be removed.
//

#include "ipcreply.h"

#include <QPromise>
#include <functional>

class IpcReplyPrivate
{
public:
    QString m_channel;
    IpcResult m_result;
    bool m_finished = false;
    int m_timerId = 0;
    int m_timeout = 0;
    std::function<void(IpcReply *)> m_onAbandon; // the owner forgets us and tells the peer
    std::unique_ptr<QPromise<QJsonValue>> m_promise;
    // While finish() emits finished(): where ~IpcReply records that a slot deleted the reply.
    bool *m_emitGuard = nullptr;
    bool m_disposeAfterEmit = false; // then()'s callback ran during the emission
    int m_waiting = 0;               // waitForFinished() calls on the stack
    bool m_thenConnected = false;    // then() waits for finished()
};
