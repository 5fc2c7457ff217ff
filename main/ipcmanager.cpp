#include "ipcmanager.h"
#include "ipcmanager_p.h"

#include <algorithm>

IpcManager::IpcManager(RendererLauncher *launcher, QObject *parent)
    : QObject(parent), d_ptr(std::make_unique<IpcManagerPrivate>())
{
    Q_D(IpcManager);
    d->m_launcher = launcher;
}

IpcManager::~IpcManager() = default;

RendererLauncher *IpcManager::launcher() const
{
    Q_D(const IpcManager);
    return d->m_launcher;
}

IpcMain *IpcManager::ipcMain() const
{
    Q_D(const IpcManager);
    return d->m_launcher ? d->m_launcher->ipcMain() : nullptr;
}

IpcError IpcManager::broadcast(const QString &channel, const QVariantList &arguments)
{
    Q_D(IpcManager);
    IpcError first;
    // In id order, so that windows hear a broadcast in the order they were created.
    QList<WebContents *> windows = d->m_launcher->allWebContents();
    std::sort(windows.begin(), windows.end(),
              [](WebContents *a, WebContents *b) { return a->id() < b->id(); });
    for (WebContents *window : std::as_const(windows)) {
        const IpcError error = window->send(channel, arguments);
        if (first.isNull())
            first = error;
    }
    return first;
}

IpcError IpcManager::noWindowError(int webContentsId)
{
    // The text WebContents uses for a renderer's sendTo to an unknown id.
    return IpcError(QStringLiteral("Error"),
                    QStringLiteral("sendTo: no WebContents with id %1").arg(webContentsId));
}
