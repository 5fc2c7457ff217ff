#pragma once

#include <QLoggingCategory>

// One category per layer, as Qt Remote Objects does: enable a layer with
// QT_LOGGING_RULES="ipclab.protocol.debug=true".
Q_DECLARE_LOGGING_CATEGORY(lcProtocol)   // ipclab.protocol: frames and their validation
Q_DECLARE_LOGGING_CATEGORY(lcConnection) // ipclab.connection: sockets, handshakes, disconnects
Q_DECLARE_LOGGING_CATEGORY(lcMain)       // ipclab.main: IpcMain, WebContents, the launcher
Q_DECLARE_LOGGING_CATEGORY(lcRenderer)   // ipclab.renderer: IpcRenderer
