#pragma once

#include "messageport.h"

class RendererLauncher;

// In the main process a port is Electron's MessagePortMain.
using MessagePortMain = MessagePort;

// Electron's MessageChannelMain: two entangled ports, made in main. Hand them to renderers with
// WebContents::postMessage(), or keep one and talk to a renderer through it.
//
//     MessageChannelMain channel(&launcher);
//     mainWindow->postMessage("port", QJsonValue(), {channel.port1});
//     secondaryWindow->postMessage("port", QJsonValue(), {channel.port2});
class MessageChannelMain
{
public:
    explicit MessageChannelMain(RendererLauncher *launcher);

    MessagePortMain *port1;
    MessagePortMain *port2;
};
