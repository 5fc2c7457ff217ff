#include "ipclabcontenders.h"

#include "ipcmain.h"
#include "messagechannelmain.h"
#include "monotonicclock.h"
#include "rendererlauncher.h"
#include "webcontents.h"

#include <QEventLoop>
#include <QPointer>
#include <QTimer>

namespace {

// Runs an event loop until done() or timeout; the listeners call loop.quit() when done() may
// have turned true.
bool spinUntil(QEventLoop *loop, const std::function<bool()> &done, int timeout)
{
    QTimer timer;
    timer.setSingleShot(true);
    QObject::connect(&timer, &QTimer::timeout, loop, &QEventLoop::quit);
    timer.start(timeout);
    while (!done() && timer.isActive())
        loop->exec();
    return done();
}

QPointer<QEventLoop> g_waiting; // the loop a run waits in, quit by the listeners

void wake()
{
    if (g_waiting)
        g_waiting->quit();
}

} // namespace

IpcLabFixture::IpcLabFixture(const QString &rendererProgram, const QString &payload)
    : m_rendererProgram(rendererProgram), m_payload(payload)
{
}

IpcLabFixture::~IpcLabFixture()
{
    if (m_a)
        m_a->close();
    if (m_b)
        m_b->close();
    m_channel.reset();
    m_launcher.reset();
    m_ipcMain.reset();
}

bool IpcLabFixture::start(QString *why)
{
    if (m_started)
        return true;
    m_ipcMain = std::make_unique<IpcMain>();
    m_launcher = std::make_unique<RendererLauncher>(m_ipcMain.get());
    m_launcher->setRendererProgram(m_rendererProgram);

    // The main half of each pattern, as an Electron app would write it.
    m_ipcMain->handle(QStringLiteral("bench:echo"), [](IpcMainInvokeEvent &, const QJsonArray &args) -> IpcResult {
        return args.at(0);
    });
    m_ipcMain->on(QStringLiteral("bench:sync"), [](IpcMainEvent &event, const QJsonArray &args) {
        event.returnValue = args.at(0);
    });
    m_ipcMain->on(QStringLiteral("bench:relay-a"), [this](IpcMainEvent &, const QJsonArray &args) {
        m_b->send(QStringLiteral("bench:relay-b"), args);
    });
    m_ipcMain->on(QStringLiteral("bench:relay-b-back"), [this](IpcMainEvent &, const QJsonArray &args) {
        m_a->send(QStringLiteral("bench:relay-a-back"), args);
    });
    m_ipcMain->on(QStringLiteral("bench:result"), [this](IpcMainEvent &, const QJsonArray &args) {
        m_result = args;
        m_resultArrived = true;
        wake();
    });
    m_ipcMain->on(QStringLiteral("bench:flood"), [this](IpcMainEvent &, const QJsonArray &) {
        ++m_floodReceived;
    });

    QEventLoop loop;
    g_waiting = &loop;
    int ready = 0;
    QString gone;
    const qint64 t0 = monotonicNanoseconds();
    for (WebContents **slot : {&m_a, &m_b}) {
        WebContents *win = m_launcher->launch();
        if (!win) {
            *why = QStringLiteral("could not launch %1: %2").arg(m_rendererProgram, m_launcher->errorString());
            return false;
        }
        *slot = win;
        QObject::connect(win, &WebContents::didFinishLoad, &loop, [this, t0, &ready] {
            m_startupMs.append(double(monotonicNanoseconds() - t0) / 1e6);
            ++ready;
            wake();
        });
        QObject::connect(win, &WebContents::renderProcessGone, &loop,
                         [&gone](const RenderProcessGoneDetails &details) {
                             gone = QStringLiteral("%1 (exit code %2)").arg(details.reason).arg(details.exitCode);
                             wake();
                         });
    }
    spinUntil(&loop, [&] { return ready == 2 || !gone.isEmpty(); }, 20000);
    if (ready != 2) {
        *why = gone.isEmpty() ? QStringLiteral("the bench renderers did not connect within 20 s")
                              : QStringLiteral("a bench renderer went away: %1").arg(gone);
        return false;
    }

    // A direct MessagePort channel between the two renderers: A times, B echoes.
    m_channel = std::make_unique<MessageChannelMain>(m_launcher.get());
    m_a->postMessage(QStringLiteral("bench:port"), QStringLiteral("time"), {m_channel->port1});
    m_b->postMessage(QStringLiteral("bench:port"), QStringLiteral("echo"), {m_channel->port2});
    m_a->send(QStringLiteral("bench:payload"), {m_payload});
    m_b->send(QStringLiteral("bench:payload"), {m_payload});
    m_started = true;
    return true;
}

bool IpcLabFixture::runInRenderer(const QString &pattern, int count, std::vector<double> *samples,
                                  QString *error)
{
    QEventLoop loop;
    g_waiting = &loop;
    m_resultArrived = false;
    m_a->send(QStringLiteral("bench:run"), {pattern, count});
    if (!spinUntil(&loop, [this] { return m_resultArrived; }, 120000)) {
        *error = QStringLiteral("renderer A did not report %1 within 120 s").arg(pattern);
        return false;
    }
    if (m_result.at(0).toString() != pattern) {
        *error = QStringLiteral("renderer A reported %1 for %2: %3")
                         .arg(m_result.at(0).toString(), pattern, m_result.at(1).toString());
        return false;
    }
    const QJsonArray values = m_result.at(1).toArray();
    if (values.size() != count) {
        *error = QStringLiteral("renderer A returned %1 samples for %2").arg(values.size()).arg(count);
        return false;
    }
    for (const QJsonValue &value : values)
        samples->push_back(value.toDouble());
    return true;
}

bool IpcLabFixture::runPush(int count, std::vector<double> *samples, QString *error)
{
    QEventLoop loop;
    g_waiting = &loop;
    int done = 0;
    qint64 t0 = 0;
    const QJsonArray args{m_payload};
    auto next = [&] {
        t0 = monotonicNanoseconds();
        m_a->send(QStringLiteral("bench:push"), args);
    };
    const IpcMain::ListenerId id = m_ipcMain->on(QStringLiteral("bench:pushed"),
                                                 [&](IpcMainEvent &, const QJsonArray &) {
        samples->push_back(double(monotonicNanoseconds() - t0));
        if (++done == count)
            wake();
        else
            next();
    });
    next();
    const bool finished = spinUntil(&loop, [&] { return done == count; }, 120000);
    m_ipcMain->off(QStringLiteral("bench:pushed"), id);
    if (!finished)
        *error = QStringLiteral("the push round trips stalled after %1 of %2").arg(done).arg(count);
    return finished;
}

bool IpcLabFixture::runFlood(int count, std::vector<double> *samples, QString *error)
{
    QEventLoop loop;
    g_waiting = &loop;
    m_floodReceived = 0;
    qint64 sentAt = 0;
    qint64 doneAt = 0;
    const IpcMain::ListenerId id = m_ipcMain->on(QStringLiteral("bench:flood-done"),
                                                 [&](IpcMainEvent &, const QJsonArray &args) {
        doneAt = monotonicNanoseconds();
        sentAt = qint64(args.at(0).toDouble());
        wake();
    });
    m_a->send(QStringLiteral("bench:run"), {QStringLiteral("flood"), count});
    const bool finished = spinUntil(&loop, [&] { return doneAt != 0; }, 120000);
    m_ipcMain->off(QStringLiteral("bench:flood-done"), id);
    if (!finished || m_floodReceived != count) {
        *error = QStringLiteral("main received %1 of %2 flood messages").arg(m_floodReceived).arg(count);
        return false;
    }
    // From the renderer's first send (shared monotonic clock) to main dispatching the last.
    samples->push_back(double(doneAt - sentAt));
    return true;
}

bool IpcLabContender::start(QString *why)
{
    return m_fixture->start(why);
}

bool IpcLabContender::run(int count, std::vector<double> *samples, QString *error)
{
    switch (m_kind) {
    case Kind::InRenderer:
        return m_fixture->runInRenderer(m_pattern, count, samples, error);
    case Kind::Push:
        return m_fixture->runPush(count, samples, error);
    case Kind::Flood:
        return m_fixture->runFlood(count, samples, error);
    }
    return false;
}
