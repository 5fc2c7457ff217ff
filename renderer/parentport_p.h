#pragma once

//
//  W A R N I N G
//  -------------
//
// This file is not part of IPC Lab's API and is not installed. It may change from version to
// version without notice, or even be removed.
//

#include "parentport.h"

class ParentPortPrivate
{
public:
    IpcRenderer *m_ipc;
};
