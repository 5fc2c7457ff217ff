#pragma once

#include <QJsonArray>
#include <QObject>

class IpcRenderer;

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
class RendererAgent : public QObject
{
    Q_OBJECT
public:
    explicit RendererAgent(IpcRenderer *ipcRenderer, QObject *parent = nullptr);

    static bool isInternalChannel(const QString &channel);

Q_SIGNALS:
    // For the window: something arrived or was sent, described in one line.
    void activity(const QString &line);

private:
    void perform(const QJsonArray &steps, std::function<void(const QJsonArray &)> done);

    IpcRenderer *m_ipc;
};
