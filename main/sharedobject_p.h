#pragma once

//
//  W A R N I N G
//  -------------
//
// This file is not part of IPC Lab's API and is not installed. It may change from version to
// version without notice, or even be removed.
//

#include "sharedobject.h"

class SharedObjectPrivate
{
public:
    QString m_name;
    RendererLauncher *m_launcher;
    QJsonObject m_values;
    quint64 m_getListener = 0;
    quint64 m_setListener = 0;
};
