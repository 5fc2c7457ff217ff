#pragma once

//
//  W A R N I N G
//  -------------
//
// This file is not part of IPC Lab's API and is not installed. It may change from version to
// version without notice, or even be removed.
//

#include "protocol.h"
#include "rendererlauncher.h"

#include <QHash>
#include <QSet>
#include <QTemporaryDir>

#include <memory>

class RendererLauncherPrivate
{
public:
    IpcMain *m_ipcMain = nullptr;
    PortBroker *m_portBroker = nullptr;
    std::unique_ptr<QTemporaryDir> m_directory;
    QLocalServer *m_server = nullptr;
    QString m_serverPath;
    QString m_rendererProgram;
    QStringList m_rendererArguments;
    QString m_errorString;
    qsizetype m_maxFrameSize = Protocol::defaultMaxFrameSize;
    qint64 m_maxPendingWriteBytes = Protocol::defaultMaxPendingWriteBytes;
    int m_unresponsiveTimeout = Protocol::unresponsiveTimeoutMs;
    qint64 m_maxRelayedBytes = Protocol::defaultMaxRelayedBytes;
    int m_handshakeTimeout = Protocol::handshakeTimeoutMs;
    int m_maxUnauthenticatedConnections = Protocol::maxUnauthenticatedConnections;
    QSet<Connection *> m_handshaking; // accepted, no hello accepted yet
    int m_overCap = 0; // connections closed at once since the last one accepted
    QHash<int, WebContents *> m_webContents;
    QSet<int> m_utilityIds; // WebContents that stand for a UtilityProcess
    int m_nextId = 1;
    int m_nextProcessId = 1;
};
