// A child process for tst_electronapi, in one of two roles.
//
// As a renderer (no arguments): listeners on "a" (twice), "b" and once on "c" (which answers
// "c-seen"); "main-nothing" answers "saw-main-nothing" with what it got; handlers "eventNames"
// (ipcRenderer.eventNames(), sorted), "postNothing" (ipcRenderer.postMessage("nothing") with no
// message) and "portBurst" (a new MessageChannel: port2 goes to main on "port-from-child", then
// port1 posts nothing, "second" and "third").
//
// As a utility process (--utility): process.parentPort. A message with ports keeps the first,
// starts it and answers each message on it with {"pong": message}, and tells main "got-port"; a
// message {"exit": code} exits with code; any other message comes back as {"echo": message}.
// It exits when main goes away.

#include "ipcrenderer.h"
#include "messagechannel.h"
#include "parentport.h"

#include <QCoreApplication>
#include <QJsonObject>

#include <algorithm>
#include <cstdio>

namespace {

int runUtility(QCoreApplication &app)
{
    ParentPort parentPort;
    QObject::connect(&parentPort, &ParentPort::message, &app,
                     [&](const QJsonValue &data, const QList<MessagePort *> &ports) {
                         if (!ports.isEmpty()) {
                             MessagePort *port = ports.first();
                             QObject::connect(
                                     port, &MessagePort::message, port,
                                     [port](const QJsonValue &m, const QList<MessagePort *> &) {
                                         port->postMessage(QJsonObject {{"pong", m}});
                                     });
                             port->start();
                             parentPort.postMessage("got-port");
                             return;
                         }
                         if (data.toObject().contains("exit")) {
                             QCoreApplication::exit(data.toObject().value("exit").toInt());
                             return;
                         }
                         parentPort.postMessage(QJsonObject {{"echo", data}});
                     });
    QObject::connect(&parentPort, &ParentPort::disconnected, &app, &QCoreApplication::quit);
    if (!parentPort.connectToParent()) {
        std::fprintf(stderr, "%s\n", qPrintable(parentPort.errorString()));
        return 2;
    }
    return app.exec();
}

int runRenderer(QCoreApplication &app)
{
    IpcRenderer ipc;
    const auto nothing = [](IpcRendererEvent &, const QJsonArray &) {};
    ipc.on("a", nothing);
    ipc.on("a", nothing);
    ipc.on("b", nothing);
    ipc.once("c", [&](IpcRendererEvent &, const QJsonArray &) { ipc.send("c-seen"); });
    ipc.on("main-nothing", [&](IpcRendererEvent &, const QJsonArray &args) {
        ipc.send("saw-main-nothing", QJsonArray {QJsonValue(args)});
    });
    ipc.handle("eventNames", [&](IpcRendererEvent &, const QJsonArray &) -> IpcResult {
        QStringList names = ipc.eventNames();
        std::sort(names.begin(), names.end());
        return QJsonArray::fromStringList(names);
    });
    ipc.handle("postNothing", [&](IpcRendererEvent &, const QJsonArray &) -> IpcResult {
        const IpcError error = ipc.postMessage("nothing");
        return error.isNull() ? IpcResult(true) : IpcResult(error);
    });
    std::unique_ptr<MessageChannel> channel;
    ipc.handle("portBurst", [&](IpcRendererEvent &, const QJsonArray &) -> IpcResult {
        channel = std::make_unique<MessageChannel>(&ipc);
        IpcError error = ipc.postMessage("port-from-child", QJsonValue(), {channel->port2});
        if (error.isNull())
            error = channel->port1->postMessage();
        channel->port1->postMessage("second");
        channel->port1->postMessage("third");
        return error.isNull() ? IpcResult(true) : IpcResult(error);
    });
    QObject::connect(&ipc, &IpcRenderer::disconnected, &app, &QCoreApplication::quit);
    if (!ipc.connectToMain()) {
        std::fprintf(stderr, "%s\n", qPrintable(ipc.errorString()));
        return 2;
    }
    return app.exec();
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (app.arguments().contains(QLatin1String("--utility")))
        return runUtility(app);
    return runRenderer(app);
}
