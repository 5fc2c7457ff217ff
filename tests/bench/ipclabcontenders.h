#pragma once

#include "contender.h"

#include <QJsonArray>
#include <QString>

#include <memory>

class IpcMain;
class MessageChannelMain;
class RendererLauncher;
class WebContents;

// IPC Lab's side of the bench: this process is main, with two bench renderers (A and B,
// ipclab-bench-renderer) started through RendererLauncher. Each pattern is one contender that
// shares this fixture.
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
    bool runInRenderer(const QString &pattern, int count, std::vector<double> *samples, QString *error);
    // main -> renderer A push (webContents.send), answered with a send; timed here in main.
    bool runPush(int count, std::vector<double> *samples, QString *error);
    // Renderer A sends count small messages; the batch ends when main has dispatched the last.
    bool runFlood(int count, std::vector<double> *samples, QString *error);

private:
    QString m_rendererProgram;
    QString m_payload;
    bool m_started = false;
    std::unique_ptr<IpcMain> m_ipcMain;
    std::unique_ptr<RendererLauncher> m_launcher;
    std::unique_ptr<MessageChannelMain> m_channel;
    WebContents *m_a = nullptr;
    WebContents *m_b = nullptr;
    QList<double> m_startupMs;

    // What the listeners hand over to the run that is waiting.
    QJsonArray m_result;
    bool m_resultArrived = false;
    int m_floodReceived = 0;
};

// One IPC Lab pattern as a row.
class IpcLabContender : public Contender
{
public:
    enum class Kind { InRenderer, Push, Flood };
    IpcLabContender(IpcLabFixture *fixture, const QString &name, Kind kind, const QString &pattern = {})
        : m_fixture(fixture), m_name(name), m_kind(kind), m_pattern(pattern)
    {
    }
    QString name() const override { return m_name; }
    bool isThroughput() const override { return m_kind == Kind::Flood; }
    bool start(QString *why) override;
    bool run(int count, std::vector<double> *samples, QString *error) override;

private:
    IpcLabFixture *m_fixture;
    QString m_name;
    Kind m_kind;
    QString m_pattern;
};
