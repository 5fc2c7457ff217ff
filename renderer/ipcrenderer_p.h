#pragma once

//
//  W A R N I N G
//  -------------
//
// This file is not part of IPC Lab's API and is not installed. It may change from version to
// version without notice, or even be removed.
//

#include "handlermap.h"
#include "ipcrenderer.h"
#include "listenerlist.h"
#include "message.h"
#include "outbox.h"
#include "pendingcalls.h"
#include "protocol.h"

#include <QHash>

class Connection;

class IpcRendererPrivate
{
public:
    explicit IpcRendererPrivate(IpcRenderer *q)
        : m_calls(q, [q](const Message &message) { return q->post(message); })
    {
    }

    Connection *m_connection = nullptr;
    RendererPorts *m_ports = nullptr;
    int m_id = 0;
    bool m_welcomed = false;
    bool m_lost = false;
    QString m_errorString;
    Outbox m_outbox; // frames waiting for the connection
    PendingCalls m_calls;
    QHash<qint64, IpcRendererEvent> m_incoming;
    ListenerList<IpcRendererEvent> m_listeners;
    HandlerMap<IpcRendererEvent> m_handlers;
    int m_sendSyncTimeout = IpcRenderer::defaultSendSyncTimeout;
    ChannelPolicy m_policy;
    qsizetype m_maxFrameSize = Protocol::defaultMaxFrameSize;
    qint64 m_firstPortNumber = 1; // Protocol::portBaseEnv
};

// The public header spells these types out, so that it needs neither template.
static_assert(std::is_same_v<IpcRenderer::Listener, ListenerList<IpcRendererEvent>::Listener>);
static_assert(std::is_same_v<IpcRenderer::ListenerId, ListenerList<IpcRendererEvent>::Id>);
static_assert(std::is_same_v<IpcRenderer::Handler, HandlerMap<IpcRendererEvent>::Handler>);
static_assert(std::is_same_v<IpcRenderer::AsyncHandler, HandlerMap<IpcRendererEvent>::AsyncHandler>);
