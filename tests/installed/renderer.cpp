// The renderer side of the out-of-tree app: invokes main's "add", sends the sum back, and
// answers main's "negate". Exits when main goes.
#include <ipclab/ipcrenderer.h>
#include <ipclab/ipcreply.h>

#include <QCoreApplication>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);

    IpcRenderer ipcRenderer;
    ipcRenderer.handle("negate", [](IpcRendererEvent &, const QJsonArray &args) -> IpcResult {
        return -args.at(0).toInt();
    });
    QObject::connect(&ipcRenderer, &IpcRenderer::disconnected, &app, &QCoreApplication::quit);
    if (!ipcRenderer.connectToMain()) {
        std::fprintf(stderr, "installed-renderer: %s\n", qPrintable(ipcRenderer.errorString()));
        return 1;
    }
    ipcRenderer.invoke("add", {2, 3})->then(&app, [&ipcRenderer](const IpcResult &result) {
        ipcRenderer.send("sum", {result.value()});
    });
    return app.exec();
}
