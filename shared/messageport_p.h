#pragma once

//
//  W A R N I N G
//  -------------
//
// This file is not part of IPC Lab's API and is not installed. It may change from version to
// version without notice, or even be removed.
//

#include "messageport.h"
#include <QPointer>

class MessagePortPrivate
{
public:
    QPointer<PortRouter> m_router;
    qint64 m_id;
    bool m_neutered = false;
};
