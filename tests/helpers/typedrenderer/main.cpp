// A renderer written with the uniform module (IpcService) and typed handlers, for tst_typed and
// tst_module. What it does:
//   handles "renderer-add" (int a, int b) and "renderer-reverse" (QByteArray);
//   on "sync-probe" (int id) asks main "sync-add" (2, 3) with a variadic sendSync, sends the sum
//   and "x" to window id with a variadic sendTo, and reports the sum on "sync-result";
//   on "probe-sendto" (int, QString) reports them, with the sender's id, on "sendto-seen";
//   on "news" (QString) sends "news-seen" (its id, the text) back to main;
//   on "try-bridge" uses the facade exposeInMainWorld({"news", "bridge-*"}) gives its UI code,
//   inside and outside the allow-list, and reports each outcome on "bridge-report" (what, text).
// It exits when main closes the connection.

#include "ipcbridge.h"
#include "ipcrenderer.h"
#include "ipcservice.h"

#include <QCoreApplication>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    IpcRenderer renderer;
    QObject::connect(&renderer, &IpcRenderer::disconnected, &app, &QCoreApplication::quit);
    if (!renderer.connectToMain())
        return 1;
    IpcService ipc(&renderer);

    ipc.handle("renderer-add", [](int a, int b) { return a + b; }, {"a", "b"});
    ipc.handle("renderer-reverse", [](const QByteArray &bytes) {
        QByteArray reversed(bytes);
        std::reverse(reversed.begin(), reversed.end());
        return reversed;
    });
    ipc.on("sync-probe", [&](int peer) {
        const IpcResult sum = renderer.sendSync("sync-add", 2, 3);
        renderer.sendTo(peer, "probe-sendto", sum.value().toInt(), QStringLiteral("x"));
        ipc.send("sync-result", sum.value().toInt());
    });
    ipc.on("probe-sendto", [&](IpcRendererEvent &event, int n, const QString &s) {
        ipc.send("sendto-seen", n, s, event.senderId());
    });
    ipc.on("news", [&](const QString &text) { ipc.send("news-seen", renderer.id(), text); });

    const IpcBridge api = ipc.exposeInMainWorld({"news", "bridge-*"});
    auto report = [&ipc](const QString &what, const QString &text) {
        ipc.send("bridge-report", what, text);
    };
    auto text = [](const IpcError &error) { return error.isNull() ? QString() : error.toString(); };
    ipc.on("try-bridge", [&] {
        report("send", text(api.send("bridge-send", 1)));
        report("refused send", text(api.send("secret-send", 1)));
        api.invoke<int>("bridge-add", 2, 3).then([report](int sum) {
            report("invoke", QString::number(sum));
        });
        api.invoke<int>("secret-add", 2, 3).onFailed([report](const IpcException &e) {
            report("refused invoke", e.error().message());
            return 0;
        });
        report("refused on", QString::number(api.on("secret-news", [](const QString &) {})));
        report("refused handle", text(api.handle("secret-handle", [] { return 1; })));
    });
    return app.exec();
}
