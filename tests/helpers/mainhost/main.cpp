// A minimal main process for tst_lifecycle: launches N headless renderers, prints
// "ready <pid> <pid> ..." once all have connected, then waits. It exits when its standard
// input closes, or when it is killed; the test checks that no renderer outlives it.

#include "ipcmain.h"
#include "quitonstdinclose.h"
#include "rendererlauncher.h"
#include "webcontents.h"

#include <QCoreApplication>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int count = argc > 1 ? atoi(argv[1]) : 2;
    IpcMain ipcMain;
    RendererLauncher launcher(&ipcMain);
    launcher.setRendererProgram(QStringLiteral(IPCLAB_RENDERER_PATH));
    QList<WebContents *> renderers;
    int ready = 0;
    for (int i = 0; i < count; ++i) {
        WebContents *w = launcher.launch({QStringLiteral("--headless")});
        renderers.append(w);
        QObject::connect(w, &WebContents::didFinishLoad, &app, [&] {
            if (++ready < count)
                return;
            std::printf("ready");
            for (WebContents *r : renderers)
                std::printf(" %lld", r->osProcessId());
            std::printf("\n");
            std::fflush(stdout);
        });
    }
    quitOnStdinClose(&app);
    return app.exec();
}
