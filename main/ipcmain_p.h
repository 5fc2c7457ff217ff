#pragma once

//
//  W A R N I N G
//  -------------
//
// This file is not part of IPC Lab's API and is not installed. It may change from version to
// version without notice, or even be removed.
//

#include "handlermap.h"
#include "ipcmain.h"
#include "listenerlist.h"

class IpcMainPrivate
{
public:
    ListenerList<IpcMainEvent> m_listeners;
    HandlerMap<IpcMainInvokeEvent> m_handlers;
};

// The public header spells these types out, so that it needs neither template.
static_assert(std::is_same_v<IpcMain::Listener, ListenerList<IpcMainEvent>::Listener>);
static_assert(std::is_same_v<IpcMain::ListenerId, ListenerList<IpcMainEvent>::Id>);
static_assert(std::is_same_v<IpcMain::Handler, HandlerMap<IpcMainInvokeEvent>::Handler>);
static_assert(std::is_same_v<IpcMain::AsyncHandler, HandlerMap<IpcMainInvokeEvent>::AsyncHandler>);
static_assert(std::is_same_v<std::function<void(const IpcResult &)>,
                             HandlerMap<IpcMainInvokeEvent>::Done>);
