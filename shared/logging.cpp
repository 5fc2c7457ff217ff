#include "logging.h"

Q_LOGGING_CATEGORY(lcProtocol, "ipclab.protocol", QtInfoMsg)
Q_LOGGING_CATEGORY(lcConnection, "ipclab.connection", QtInfoMsg)
Q_LOGGING_CATEGORY(lcMain, "ipclab.main", QtInfoMsg)
Q_LOGGING_CATEGORY(lcRenderer, "ipclab.renderer", QtInfoMsg)
