// Compiled and linked with only what `pkg-config --cflags --libs ipclab-main ipclab-renderer`
// gives; run, it checks both libraries load.
#include <ipclab/ipcmain.h>
#include <ipclab/ipcrenderer.h>

#include <QCoreApplication>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    IpcMain ipcMain;
    IpcRenderer ipcRenderer;
    return ipcMain.listenerCount("ch") + ipcRenderer.listenerCount("ch");
}
