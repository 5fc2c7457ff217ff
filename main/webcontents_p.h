#pragma once

//
//  W A R N I N G
//  -------------
//
// This file is not part of IPC Lab's API and is not installed. It may change from version to
// version without notice, or even be removed.
//

#include "ipcmain.h"
#include "message.h"
#include "outbox.h"
#include "pendingcalls.h"
#include "processtree.h"
#include "protocol.h"
#include "webcontents.h"

#include <QHash>
#include <QSet>

#include <deque>
#include <memory>

class Connection;

class WebContentsPrivate
{
public:
    WebContentsPrivate(WebContents *q, int id, RendererLauncher *launcher, IpcMain *ipcMain)
        : m_id(id),
          m_launcher(launcher),
          m_globalIpc(ipcMain),
          m_ipc(std::make_unique<IpcMain>()),
          m_linkContext(new QObject(q)),
          m_maxFrameSize(Protocol::defaultMaxFrameSize),
          m_maxPendingWriteBytes(Protocol::defaultMaxPendingWriteBytes),
          m_unresponsiveTimeout(Protocol::unresponsiveTimeoutMs),
          m_calls(q, [q](const Message &message) { return q->post(message); })
    {
    }

    const int m_id;
    int m_processId = 0;
    int m_generation = 0; // counts reloads: events of an older renderer are stale
    QString m_program;    // what start() ran, for reload()
    QStringList m_arguments;
    RendererLauncher *m_launcher;
    IpcMain *m_globalIpc;
    std::unique_ptr<IpcMain> m_ipc;
    QObject *m_linkContext; // owns what waits on the current renderer (async handlers)
    QString m_token;
    QString m_serverName;
    QProcess *m_process = nullptr;
    qint64 m_spawnedPid = 0; // the renderer's pid, kept after it is gone: its process group
    QList<ProcessTree::Process> m_descendants; // seen while it lived, swept once it is gone
    Connection *m_connection = nullptr;
    Outbox m_outbox; // frames waiting for the handshake
    qsizetype m_maxFrameSize;
    qint64 m_maxPendingWriteBytes;
    int m_unresponsiveTimeout;
    PendingCalls m_calls;
    QHash<qint64, IpcMainInvokeEvent> m_incoming;
    QSet<qint64> m_incomingSync; // sendSync ids not yet answered (and not cancelled)
    bool m_closeRequested = false;
    bool m_closed = false;    // close() was called: Electron's webContents is then destroyed
    bool m_destroyed = false; // the destructor is running
    RenderProcessGoneDetails m_exit;
    bool m_linkClosed = false;   // nothing more can reach the renderer
    bool m_goneReported = false; // renderProcessGone() has been emitted
    QString m_badMessage; // "bad-message: ..." once the renderer broke the protocol
    bool m_killedByMain = false; // killProcess() sent the current process SIGKILL
    ChannelPolicy m_policy;
    int m_rejected = 0;
    // Frames relayed to this renderer from others (sendTo, port messages) it has not taken yet,
    // by where they end in the connection's stream (or in the outbox, before it connects).
    struct Relay
    {
        int sender;
        qint64 end;
        qint64 bytes;
        bool inOutbox;
    };
    std::deque<Relay> m_relays;
    QHash<int, qint64> m_relayedBytes; // by sender
    QSet<int> m_relayTargets;          // windows this renderer relayed to
    bool m_relayRefused = false;       // told its sendTo was over the budget
};
