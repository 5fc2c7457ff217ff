#pragma once

#include <QLoggingCategory>

// One category per layer, as Qt Remote Objects does: enable a layer with
// QT_LOGGING_RULES="ipclab.protocol.debug=true".
Q_DECLARE_LOGGING_CATEGORY(lcProtocol)   // ipclab.protocol: frames and their validation
Q_DECLARE_LOGGING_CATEGORY(lcConnection) // ipclab.connection: sockets, handshakes, disconnects
Q_DECLARE_LOGGING_CATEGORY(lcMain)       // ipclab.main: IpcMain, WebContents, the launcher
Q_DECLARE_LOGGING_CATEGORY(lcRenderer)   // ipclab.renderer: IpcRenderer

// Text a peer chose (a channel, a reason, an id), made safe to put in a log line: control
// characters, ESC, CR, LF, NUL, DEL, C1 controls, line separators and bidirectional overrides
// become \n, \r, \t, \xNN or \uNNNN (and a backslash \\), so that no renderer can forge a line,
// colour the terminal or cut a line short; past maxLength characters the rest is left out.
QString loggable(QStringView text, qsizetype maxLength = 256);
