#pragma once

#include <QHash>
#include <QJsonArray>
#include <QObject>
#include <QPointer>

#include <functional>

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
// (args[0] is the message), "portPostMany" (count, intervalMs, perTick: posts {"n": i}),
// "portClose", "portToMain" (sends this window's port to main on channel), "portHandOver" (sends
// it to main on channel, with everything received on it as the message),
// "newChannel" (keeps port1, sends port2 to main on channel with args[0]). invoke "ipclab:port-state" answers
// {hasPort, direct, closed, received: [...], receivedAt: [ns, ...], carriedClosed,
// bookkeeping (entries the port router keeps), trimmedRssKiB (with args [{memory: true}], else
// -1), posted (messages a paced
// portPostMany posted so far)}. "portPostMany" with
// withPortEvery k sends port2 of a fresh channel with every k-th message; carriedClosed counts
// the port1s that heard 'close'. "portChurn" (count): count times a channel whose port2 goes to
// main on channel and whose port1 closes, then send "<channel>:done" [count]. A window closes
// and deletes the ports main sends on "ipclab:close-ports". With --print-port-traffic every port event is
// also printed on stdout, which needs no main process to reach whoever reads it.
//
// For IPC Lab's main window: with MessageTrace on, every message this renderer receives is
// described to main in batches (send "ipclab:trace" [records]); main tells the window which
// other windows exist (send "ipclab:windows" [[id, ...]]) and which language to show (send
// "ipclab:set-language" [locale]).
//
// Shared data, the seeds' remote.getGlobal('sharedObject'): steps "globalGet" (args[0]: the
// property) and "globalSet" (args: property, value); invoke "ipclab:global-state" answers
// {changes: [[property, value, byWebContentsId], ...]} for every change this window was told of.
//
// Load (tests/auto/load): step "flood" {channel, count, mix: ["send", "invoke", "sendSync"],
// payloadBytes, windowSize, timeout} sends count messages on channel, cycling through mix, each
// with args [seq, <payloadBytes of 'x' as a string, left out when 0>], seq counting from 0
// across all kinds. It keeps at most windowSize invokes unanswered and sends in batches from
// the event loop, so the window stays alive; each sendSync blocks as it must. Sends alone have
// no back-pressure: a mix of only "send" can outrun the socket. It also counts what main
// pushes on channel + ":push" ([seq, ...], seq from 0) and how many pushes were not the
// previous seq + 1. Like invoke, it finishes later: {sent, sendErrors, invokesAnswered,
// invokeErrors, syncAnswered, syncErrors, answerMismatches (answers that were not the seq),
// pushesReceived, pushOutOfOrder, elapsedNs, vmHwmKb (this process's peak resident memory)}.
// Pushes may still arrive after it: invoke "ipclab:flood-state" [channel] answers
// {pushesReceived, pushOutOfOrder, vmHwmKb}.
class RendererAgent : public QObject
{
    Q_OBJECT
public:
    explicit RendererAgent(IpcRenderer *ipcRenderer, QObject *parent = nullptr);
    ~RendererAgent() override;

    void setPrintPortTraffic(bool print) { m_printPortTraffic = print; }

    // Becomes the process's MessageTrace observer and reports what it sees to main in batches.
    // For a renderer process of its own (ipclab-renderer does it when tracing is on).
    void forwardTraceToMain();

    IpcRenderer *ipcRenderer() const { return m_ipc; }
    // This window's MessagePort (window.electronMessagePort), if it has one.
    MessagePort *port() const;
    bool isPortClosed() const { return m_portClosed; } // the other end closed port()
    RemoteGlobal *sharedObject() const { return m_sharedObject; }
    // The other renderer windows main has told this one about.
    QList<int> otherWindows() const { return m_otherWindows; }

    static bool isInternalChannel(const QString &channel);

    // Runs steps (as "ipclab:perform" does) and calls done with one outcome per step:
    // {"value"} or {"error"}, with "sentAt" and "finishedAt".
    void perform(const QJsonArray &steps, std::function<void(const QJsonArray &)> done);

Q_SIGNALS:
    // For the window: something arrived or was sent, described in one line.
    void activity(const QString &line);
    // The same line as a function that words it in the current language (for a window that
    // shows its log again after a language switch).
    void described(const std::function<QString()> &line);
    void portChanged();
    // A sendSync step is about to block this process until main answers, and has returned.
    void sendSyncStarted(const QString &channel);
    void sendSyncFinished(const QString &channel);
    void otherWindowsChanged(const QList<int> &ids);
    void languageRequested(const QString &locale);

private:
    QJsonObject performPortStep(const QString &op, const QJsonObject &step);
    void say(const std::function<QString()> &describe);
    void consoleLogReceived(const QString &channel, const QJsonArray &args, int senderId);
    void announceStep(const QString &op, const QString &channel, const QJsonArray &args);
    void reportAnswer(const QString &what, const QJsonObject &outcome);
    void usePort(MessagePort *port);
    void performChurn(const QString &channel, int count);
    void printPortEvent(const QString &what, const QJsonValue &data = {});
    void flushTrace();
    void performFlood(const QJsonObject &step, std::function<void(const QJsonObject &)> done);

    IpcRenderer *m_ipc;
    QPointer<MessagePort> m_port;
    QJsonArray m_portReceived;
    QJsonArray m_portReceivedAt; // monotonic ns, one per message
    bool m_portClosed = false;
    int m_carriedClosed = 0; // port1s of channels whose port2 a portPostMany carried
    int m_portPosted = 0;    // messages a paced portPostMany posted so far
    bool m_printPortTraffic = false;
    RemoteGlobal *m_sharedObject = nullptr;
    QJsonArray m_globalChanges;
    QList<int> m_otherWindows;
    QJsonArray m_trace; // records not yet sent to main
    bool m_forwardingTrace = false;
    struct FloodPushes
    {
        qint64 received = 0;
        qint64 outOfOrder = 0;
        qint64 last = -1;
    };
    QHash<QString, FloodPushes> m_floodPushes; // by flood channel
};
