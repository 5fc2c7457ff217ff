#include "messagechannel.h"

#include "ipcrenderer.h"
#include "rendererports.h"

MessageChannel::MessageChannel(IpcRenderer *ipcRenderer)
{
    if (RendererPorts *router = ipcRenderer->portRouter())
        std::tie(port1, port2) = router->createChannel();
}
