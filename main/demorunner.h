#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>

#include <functional>
#include <optional>

class IpcMain;
class SharedObject;
class RendererLauncher;
class WebContents;

// Runs every IPC pattern from the seed notes once, between this main process and two real
// renderer processes, with the notes' channel names and payloads, and reports each message
// that crossed as one log entry:
//   {"time", "from", "to", "pattern", "channel", "payload", "latencyUs"[, "roundTripUs"]}
// latencyUs is the one-way time from send to receipt on the shared monotonic clock, or null
// where only a round trip (roundTripUs) or nothing could be measured.
// `ipclab --demo` prints the entries as JSON lines; the main window shows them.
class DemoRunner : public QObject
{
    Q_OBJECT
public:
    DemoRunner(RendererLauncher *launcher, IpcMain *ipcMain, QObject *parent = nullptr);
    ~DemoRunner() override;

    // Runs the whole tour; returns true if every pattern behaved as the notes say. Spins local
    // event loops while it waits, so call it from the event loop, not from inside a handler.
    bool run();

    QStringList failures() const { return m_failures; }

    // The seeds' global.sharedObject, as main holds it.
    SharedObject *sharedObject() const { return m_sharedObject; }

    // Where the seeds' relay listeners ('win1-msg', 'ping-event') forward to: the tour's second
    // window unless a window is set here (the main window's catalogue sets the chosen target).
    void setRelayTarget(WebContents *target);

    // For the main window, so that a person can follow the tour: with an opener, the tour runs
    // between the first two renderer windows on screen, opens what it lacks with opener (which
    // places them) and closes those afterwards; stepDelay ms pass between two patterns.
    // Without (ipclab --demo, tests) it keeps two windows of its own and runs at full speed.
    void setWindowOpener(std::function<WebContents *()> opener);
    void setStepDelay(int milliseconds) { m_stepDelay = milliseconds; }
    int stepDelay() const { return m_stepDelay; }

Q_SIGNALS:
    void logged(const QJsonObject &entry);
    // A seed listener answered a window the way the notes do (api: "event.reply" or
    // "event.sender.send"), on channel, just before main sends it: the log can name the
    // message by that call rather than by the webContents.send it is on the wire.
    void answered(int windowId, const QString &channel, const QString &api, qint64 monotonicNs);
    // The tour starts its index-th pattern of count (a catalogue id: "send", "relay", ...).
    void patternStarted(int index, int count, const QString &pattern);

private:
    struct Observation
    {
        int where = 0; // 0: main; otherwise the renderer id that received it
        int from = 0;
        QString channel;
        QJsonArray args;
        qint64 at = 0;
    };

    void installSeedHandlers();
    bool ensureWindows();
    WebContents *openWindow();
    void pause(int milliseconds);
    QJsonArray perform(WebContents *webContents, const QJsonArray &steps);
    bool waitFor(const std::function<bool()> &condition, int timeout = 5000);
    std::optional<Observation> observed(int where, const QString &channel);
    static constexpr qint64 notMeasured = -1;
    void stampSend(const QString &channel);
    void log(int from, int to, const QString &pattern, const QString &channel,
             const QJsonValue &payload, qint64 latencyNs, qint64 roundTripNs = notMeasured);
    bool check(bool ok, const QString &what);

    void renderToMainSend();
    void renderToMainInvoke();
    void sendAndReply();
    void sendSync();
    void mainToRenderer();
    void relayThroughMain();
    void sendTo();
    void mainInvokesRenderer();
    void invokeErrors();
    void messagePortPing();
    void sharedObjectRound();
    void renderProcessGone();
    QJsonValue invokeAndWait(WebContents *webContents, const QString &channel, const QJsonArray &args = {});
    WebContents *relayTarget() const;

    RendererLauncher *m_launcher;
    IpcMain *m_ipcMain;
    QPointer<WebContents> m_window1;
    QPointer<WebContents> m_window2;
    std::function<WebContents *()> m_opener;
    QList<QPointer<WebContents>> m_ownWindows; // opened by this tour, closed after it
    int m_stepDelay = 0;
    QPointer<WebContents> m_relayTarget;
    QList<Observation> m_observations;
    QList<qint64> m_handlerTimes;        // when main's handler for "my_channel" ran
    QHash<QString, qint64> m_mainSentAt; // when main's seed listeners sent on a channel
    QStringList m_failures;
    bool m_running = false; // observations are kept only while run() runs
    SharedObject *m_sharedObject;
};
