#pragma once

#include "ipcerror.h"

#include <QJsonValue>
#include <QList>
#include <QObject>
#include <QStringList>

#include <memory>

class MessagePort;
class RendererLauncher;
class WebContents;
struct RenderProcessGoneDetails;

class UtilityProcessPrivate;

// Electron's utilityProcess: a child process with no window that main talks to over the same
// protocol, handshake and MessagePort machinery as a renderer. The child reaches back with
// ParentPort (Electron's process.parentPort).
//
//     UtilityProcess *child = UtilityProcess::fork(&launcher, "/path/to/worker");
//     MessageChannelMain channel(&launcher);
//     child->postMessage(QJsonObject{{"message", "hello"}}, {channel.port1});
//     connect(child, &UtilityProcess::message, [](const QJsonValue &message) { ... });
//     connect(child, &UtilityProcess::exit, [](int code) { ... });
//
// Beyond the launcher's own bookkeeping it is not a window: RendererLauncher::allWebContents(),
// webContentsCreated() and renderProcessGone() leave it out.
class UtilityProcess : public QObject
{
    Q_OBJECT
public:
    // Electron's utilityProcess.fork(modulePath, args): starts program with arguments. Owned by
    // the launcher; delete it to end the child at once.
    static UtilityProcess *fork(RendererLauncher *launcher, const QString &program,
                                const QStringList &arguments = {});
    ~UtilityProcess() override;

    // Electron's child.postMessage(message, [transfer]): the child finds message and the ports
    // in its ParentPort::message(). Queued until the child has connected; Electron's errors for
    // a bad transfer list. With no message, the message is undefined, which arrives as null.
    IpcError postMessage(const QJsonValue &message = QJsonValue(QJsonValue::Undefined),
                         const QList<MessagePort *> &transfer = {});

    // Electron's child.kill(): SIGTERM. False if the process is not running. exit() follows,
    // with code 0 as in Electron.
    bool kill();

    // Electron's child.pid: the system pid, 0 (Electron: undefined) before the process has
    // started, if it failed to, and after exit().
    qint64 pid() const;

Q_SIGNALS:
    // The process has started.
    void spawn();
    // The child called parentPort.postMessage(message).
    void message(const QJsonValue &message);
    // The process ended: its exit code, the signal number if a signal other than kill()'s ended
    // it, -1 if it could not be started.
    void exit(int code);

private:
    UtilityProcess(WebContents *contents, QObject *parent);
    void onGone(const RenderProcessGoneDetails &details);

    std::unique_ptr<UtilityProcessPrivate> d_ptr;
    Q_DECLARE_PRIVATE(UtilityProcess)
};
