#pragma once

#include "messageport.h"

class IpcRenderer;

// The web's MessageChannel, in a renderer: two entangled ports. Send one to main with
// IpcRenderer::postMessage(); main can keep it or pass it to another renderer. The renderer must
// be connected (its id is part of every port id), or both ports are null.
class MessageChannel
{
public:
    explicit MessageChannel(IpcRenderer *ipcRenderer);

    MessagePort *port1 = nullptr;
    MessagePort *port2 = nullptr;
};
