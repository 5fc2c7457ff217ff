#pragma once

//
//  W A R N I N G
//  -------------
//
// This file is not part of IPC Lab's API and is not installed. It may change from version to
// version without notice, or even be removed.
//

#include "ipcmanager.h"

#include <QPointer>

class IpcManagerPrivate
{
public:
    QPointer<RendererLauncher> m_launcher;
};
