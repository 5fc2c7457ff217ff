// What README.md's snippets may use without declaring it. tests/readme/extract.cmake puts each
// snippet in a function whose parameters are ipcMain (IpcMain &), ipcRenderer (IpcRenderer &),
// win (WebContents *) and imageBytes (QByteArray); a snippet may declare its own instead.
#pragma once

#include <ipclab/channelpolicy.h>
#include <ipclab/ipcerror.h>
#include <ipclab/ipcexception.h>
#include <ipclab/ipcmain.h>
#include <ipclab/ipcmainevent.h>
#include <ipclab/ipcrenderer.h>
#include <ipclab/ipcrendererevent.h>
#include <ipclab/ipcreply.h>
#include <ipclab/ipcresult.h>
#include <ipclab/messagetrace.h>
#include <ipclab/rendererlauncher.h>
#include <ipclab/webcontents.h>

#include <QDebug>

// The thumbnail example's own function.
[[maybe_unused]] static QByteArray scaled(const QByteArray &image)
{
    return image;
}
