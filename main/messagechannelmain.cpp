#include "messagechannelmain.h"

#include "portbroker.h"
#include "rendererlauncher.h"

MessageChannelMain::MessageChannelMain(RendererLauncher *launcher)
{
    std::tie(port1, port2) = launcher->portBroker()->createChannel();
}
