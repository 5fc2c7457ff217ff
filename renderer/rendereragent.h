#pragma once

#include <QJsonArray>
#include <QObject>
#include <QPointer>

class IpcRenderer;
class MessagePort;
class RemoteGlobal;

// What makes ipclab-renderer a lab instrument: main (the demo, the GUI, the tests) asks it to
// perform the renderer half of a pattern, and it reports everything it receives.
//
// Channels (all under the reserved "ipclab:" prefix, which it never reports back):
//   invoke "ipclab:perform" [steps]   run steps in order, answer with one outcome per step
//   invoke "ipclab:delay" [ms, value] answer value after ms (for timeout and cancel tests)
//   send   "ipclab:received" {...}    to main, for every message this renderer receives
// plus the seeds' "get-renderer-info" handler for main -> renderer invoke.
//
// A step is {"op": "send"|"invoke"|"sendSync"|"sendTo"|"exit"|"crash", "channel", "args",
// "to", "timeout", "code"}. Invokes are all issued before any is awaited, so a script of mixed
// steps goes out back to back, in order.
//
// MessagePorts, as the seeds' preload does it: a port that arrives on channel "port" becomes
// this window's port (window.electronMessagePort), started at once. Port steps: "portPost"
// (args[0] is the message), "portPostMany" (count, intervalMs: posts {"n": i}), "portClose",
// "portToMain" (sends this window's port to main on channel), "newChannel" (keeps port1, sends
// port2 to main on channel with args[0]). invoke "ipclab:port-state" answers
// {hasPort, direct, closed, received: [...], receivedAt: [ns, ...]}. With --print-port-traffic every port event is
// also printed on stdout, which needs no main process to reach whoever reads it.
//
// Shared data, the seeds' remote.getGlobal('sharedObject'): steps "globalGet" (args[0]: the
// property) and "globalSet" (args: property, value); invoke "ipclab:global-state" answers
// {changes: [[property, value, byWebContentsId], ...]} for every change this window was told of.
class RendererAgent : public QObject
{
    Q_OBJECT
public:
    explicit RendererAgent(IpcRenderer *ipcRenderer, QObject *parent = nullptr);

    void setPrintPortTraffic(bool print) { m_printPortTraffic = print; }

    static bool isInternalChannel(const QString &channel);

Q_SIGNALS:
    // For the window: something arrived or was sent, described in one line.
    void activity(const QString &line);

private:
    void perform(const QJsonArray &steps, std::function<void(const QJsonArray &)> done);
    QJsonObject performPortStep(const QString &op, const QJsonObject &step);
    void usePort(MessagePort *port);
    void printPortEvent(const QString &what, const QJsonValue &data = {});

    IpcRenderer *m_ipc;
    QPointer<MessagePort> m_port;
    QJsonArray m_portReceived;
    QJsonArray m_portReceivedAt; // monotonic ns, one per message
    bool m_portClosed = false;
    bool m_printPortTraffic = false;
    RemoteGlobal *m_sharedObject = nullptr;
    QJsonArray m_globalChanges;
};
