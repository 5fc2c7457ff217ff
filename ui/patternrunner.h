#pragma once

#include <QJsonArray>
#include <QObject>
#include <QPointer>

#include <functional>

class DemoRunner;
class MessagePort;
class RendererLauncher;
class WebContents;

// Runs one catalogue pattern between real processes, without blocking the main window: the
// source renderer does its half (through its agent), main's half is the seeds' listeners and
// handlers (DemoRunner's), and finished() says how it ended. The messages themselves reach the
// log through MessageTrace, not through this class.
class PatternRunner : public QObject
{
    Q_OBJECT
public:
    struct Request
    {
        QString pattern; // a catalogue id: "send", "invoke", "message-port", ...
        QString channel;
        QJsonArray args;
        WebContents *source = nullptr; // null for patterns main starts
        WebContents *target = nullptr; // null where none applies
    };

    PatternRunner(RendererLauncher *launcher, DemoRunner *demo, QObject *parent = nullptr);
    ~PatternRunner() override;

    // False, with errorString(), if the request cannot start (no such pattern, window missing
    // or not ready, a run still going).
    bool run(const Request &request);
    bool isRunning() const { return m_running; }
    QString errorString() const { return m_errorString; }
    // The last run's outcome line, in the current language (after a switch too).
    QString lastOutcome() const { return m_lastOutcome ? m_lastOutcome() : QString(); }

    // How long a pattern may take before it is reported as failed (ms).
    static constexpr int runTimeoutMs = 15000;

Q_SIGNALS:
    // A run was accepted; its first message follows. The ids are -1 where no window takes part.
    void started(const QString &pattern, int sourceId, int targetId, const QString &channel);
    // ok is true when the pattern behaved as the catalogue describes (an invoke-error run that
    // gets its error is ok); outcome is one line for the user.
    void finished(const QString &pattern, bool ok, const QString &outcome);

private:
    void perform(WebContents *webContents, const QJsonArray &steps,
                 std::function<void(const QJsonObject &lastOutcome)> done);
    void finish(bool ok, const QString &outcome); // a text that is the same in every language
    void finish(bool ok, std::function<QString()> outcome);
    bool refuse(const QString &reason);
    void runMessagePort(const Request &request);
    void postWhenDirect(WebContents *source, const QJsonValue &message, int triesLeft, int generation);
    void runSharedObject(const Request &request);
    void runCrash(WebContents *target);
    // librarypatterns.cpp: the patterns of what the library adds beyond the notes.
    static bool isLibraryPattern(const QString &pattern);
    QString libraryRefusal(const Request &request) const;
    void runLibraryPattern(const Request &request);
    void registerLibraryHandlers();
    void unregisterLibraryHandlers();

    RendererLauncher *m_launcher;
    DemoRunner *m_demo;
    QString m_pattern;
    QString m_errorString;
    bool m_running = false;
    std::function<QString()> m_lastOutcome;
    int m_generation = 0; // a late answer of an earlier run is ignored
    std::function<void()> m_cleanup; // undoes what a run set up in main, when it finishes
    QPointer<MessagePort> m_mainPort; // main's end of the channel a renderer made (renderer-port)
};
