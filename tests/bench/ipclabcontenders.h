#pragma once

#include "contender.h"

#include <QHash>
#include <QJsonArray>
#include <QList>
#include <QString>

#include <memory>

class IpcMain;
class MessageChannelMain;
class RendererLauncher;
class WebContents;

// IPC Lab's side of the bench: this process is main, with two bench renderers (A and B,
// ipclab-bench-renderer) started through RendererLauncher. Each pattern is one contender that
// shares this fixture. The renderer-count sweep starts more renderers through the same
// launcher (launchExtraRenderers()) and closes them when it is done.
class IpcLabFixture
{
public:
    IpcLabFixture(const QString &rendererProgram, const QString &payload);
    ~IpcLabFixture();

    bool start(QString *why);
    bool isStarted() const { return m_started; }
    QString payload() const { return m_payload; }
    // Milliseconds from launch() to didFinishLoad, for each renderer.
    QList<double> startupMs() const { return m_startupMs; }

    // Asks renderer A to run pattern count times and waits for the samples it measured itself.
    // payloadBytes >= 0: the string argument has that many bytes instead of the payload's.
    bool runInRenderer(const QString &pattern, int count, std::vector<double> *samples,
                       QString *error, qint64 payloadBytes = -1);
    // main -> renderer A push (webContents.send), answered with a send; timed here in main.
    bool runPush(int count, std::vector<double> *samples, QString *error);
    // Renderer A sends count small messages; the batch ends when main has dispatched the last.
    bool runFlood(int count, std::vector<double> *samples, QString *error);

    // Starts count more bench renderers one after another, each after the last is ready, and
    // appends each one's launch-to-ready milliseconds (handshake done) to *startupMs.
    bool launchExtraRenderers(int count, QList<double> *startupMs, QString *why);
    QList<WebContents *> extraRenderers() const { return m_extra; }
    // The first renderers extra renderers each run perRenderer invoke round trips at the same
    // time. Appends every round trip's nanoseconds; *windowNs is from the first renderer's
    // first invoke to the last renderer's last answer (the renderers' own clock readings).
    bool runConcurrentInvokes(int renderers, int perRenderer, std::vector<double> *samples,
                              double *windowNs, QString *error);
    // Closes the extra renderers and waits for their processes to end.
    void closeExtraRenderers();

private:
    bool waitForResults(const QList<WebContents *> &renderers, const QString &pattern, int count,
                        QString *error);

    QString m_rendererProgram;
    QString m_payload;
    bool m_started = false;
    std::unique_ptr<IpcMain> m_ipcMain;
    std::unique_ptr<RendererLauncher> m_launcher;
    std::unique_ptr<MessageChannelMain> m_channel;
    WebContents *m_a = nullptr;
    WebContents *m_b = nullptr;
    QList<WebContents *> m_extra;
    QList<double> m_startupMs;

    // What the listeners hand over to the run that is waiting: each renderer's "bench:result"
    // by its webContents id.
    QHash<int, QJsonArray> m_results;
    int m_floodReceived = 0;
};

// One IPC Lab pattern as a row.
class IpcLabContender : public Contender
{
public:
    enum class Kind {
        InRenderer, // renderer A runs the pattern and times it
        Push,       // main -> renderer A -> main, timed in main
        Flood,      // one-way renderer A -> main
        // Renderer A invokes main's echo handler with a QByteArray argument that travels as a
        // raw attachment after the JSON, and gets it back the same way: the payload sweep's
        // binary series ("invoke-binary" in benchrenderer.cpp).
        InvokeBinary,
    };
    // payloadBytes >= 0 sets the string argument's size for this row (the payload sweep), or
    // the record count for invoke-records, whose JSON text has wireBytes; otherwise the
    // fixture's 64-byte payload is used.
    IpcLabContender(IpcLabFixture *fixture, const QString &name, Kind kind,
                    const QString &pattern = {}, qint64 payloadBytes = -1, qint64 wireBytes = -1)
        : m_fixture(fixture),
          m_name(name),
          m_kind(kind),
          m_pattern(pattern),
          m_payloadBytes(payloadBytes),
          m_wireBytes(wireBytes)
    {
    }
    QString name() const override { return m_name; }
    bool isThroughput() const override { return m_kind == Kind::Flood; }
    CpuSide cpuSide() const override { return CpuSide::Main; }
    qint64 payloadBytes() const override;
    bool start(QString *why) override;
    bool run(int count, std::vector<double> *samples, QString *error) override;

private:
    IpcLabFixture *m_fixture;
    QString m_name;
    Kind m_kind;
    QString m_pattern;
    qint64 m_payloadBytes;
    qint64 m_wireBytes;
};
