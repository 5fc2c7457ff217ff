// The main side of the out-of-tree app: launches installed-renderer (built against the installed
// IpcLab::Renderer), answers its invoke, then invokes the renderer in turn. Exits 0 when both
// round trips gave the right answers, 1 (with the reason) otherwise.
#include <ipclab/ipcmain.h>
#include <ipclab/ipcreply.h>
#include <ipclab/rendererlauncher.h>
#include <ipclab/webcontents.h>

#include <QCoreApplication>
#include <QTimer>

#include <cstdio>

static void fail(const QString &reason)
{
    std::fprintf(stderr, "installed-main: %s\n", qPrintable(reason));
    QCoreApplication::exit(1);
}

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);

    IpcMain ipcMain;
    ipcMain.handle("add", [](IpcMainInvokeEvent &, const QJsonArray &args) -> IpcResult {
        return args.at(0).toInt() + args.at(1).toInt();
    });

    RendererLauncher launcher(&ipcMain);
    launcher.setRendererProgram(QStringLiteral(RENDERER_PATH));
    WebContents *win = launcher.launch();
    if (!win) {
        std::fprintf(stderr, "installed-main: %s\n", qPrintable(launcher.errorString()));
        return 1;
    }
    QObject::connect(win, &WebContents::renderProcessGone, &app,
                     [](const RenderProcessGoneDetails &details) {
                         fail(QStringLiteral("the renderer is gone: %1").arg(details.reason));
                     });

    // The renderer sends the sum it was given back; main then asks it to negate it.
    ipcMain.on("sum", [win](IpcMainEvent &, const QJsonArray &args) {
        if (args.at(0).toInt() != 5)
            return fail(QStringLiteral("add(2, 3) reached the renderer as %1").arg(args.at(0).toInt()));
        win->invoke("negate", {5})->then(win, [](const IpcResult &result) {
            if (result.isError())
                return fail(QStringLiteral("negate failed: %1").arg(result.error().message()));
            if (result.value().toInt() != -5)
                return fail(QStringLiteral("negate(5) gave %1").arg(result.value().toInt()));
            std::printf("installed-main: add(2, 3) = 5 and negate(5) = -5 across the processes\n");
            QCoreApplication::exit(0);
        });
    });

    QTimer::singleShot(60000, &app, [] { fail(QStringLiteral("no answer within 60 s")); });
    return app.exec();
}
