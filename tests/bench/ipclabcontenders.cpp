#include "ipclabcontenders.h"

#include "ipcmain.h"
#include "messagechannelmain.h"
#include "monotonicclock.h"
#include "rendererlauncher.h"
#include "webcontents.h"

#include <QEventLoop>
#include <QPointer>
#include <QTimer>

#include <algorithm>

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
    closeExtraRenderers();
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
    m_ipcMain->handle(QStringLiteral("bench:echo-binary"),
                      [](IpcMainInvokeEvent &event, const QJsonArray &) -> IpcResult {
                          return event.arguments().value(0).toByteArray();
                      });
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
    m_ipcMain->on(QStringLiteral("bench:result"),
                  [this](IpcMainEvent &event, const QJsonArray &args) {
                      m_results.insert(event.senderId(), args);
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
    // For sendTo A->B->A: A needs B's webContents id; B answers whoever sent to it.
    m_a->send(QStringLiteral("bench:peer"), {m_b->id()});
    m_started = true;
    return true;
}

bool IpcLabFixture::waitForResults(const QList<WebContents *> &renderers, const QString &pattern,
                                   int count, QString *error)
{
    QEventLoop loop;
    g_waiting = &loop;
    QString gone;
    QList<QMetaObject::Connection> watches;
    for (WebContents *win : renderers) {
        watches << QObject::connect(win, &WebContents::renderProcessGone, &loop,
                                    [&gone, win](const RenderProcessGoneDetails &details) {
                                        gone = QStringLiteral("renderer %1 went away: %2 "
                                                              "(exit code %3)")
                                                       .arg(win->id())
                                                       .arg(details.reason)
                                                       .arg(details.exitCode);
                                        wake();
                                    });
    }
    const auto allArrived = [&] {
        for (WebContents *win : renderers) {
            if (!m_results.contains(win->id()))
                return false;
        }
        return true;
    };
    const bool arrived = spinUntil(&loop, [&] { return allArrived() || !gone.isEmpty(); }, 300000)
            && gone.isEmpty();
    for (const auto &watch : watches)
        QObject::disconnect(watch);
    if (!arrived) {
        *error = !gone.isEmpty() ? gone
                                 : QStringLiteral("%1 renderer(s) did not report %2 within 300 s")
                                           .arg(renderers.size())
                                           .arg(pattern);
        return false;
    }
    for (WebContents *win : renderers) {
        const QJsonArray result = m_results.value(win->id());
        if (result.at(0).toString() != pattern) {
            *error = QStringLiteral("renderer %1 reported %2 for %3: %4")
                             .arg(win->id())
                             .arg(result.at(0).toString(), pattern, result.at(1).toString());
            return false;
        }
        if (result.at(1).toArray().size() != count) {
            *error = QStringLiteral("renderer %1 returned %2 samples for %3")
                             .arg(win->id())
                             .arg(result.at(1).toArray().size())
                             .arg(count);
            return false;
        }
    }
    return true;
}

bool IpcLabFixture::runInRenderer(const QString &pattern, int count, std::vector<double> *samples,
                                  QString *error, qint64 payloadBytes)
{
    m_results.remove(m_a->id());
    QJsonArray run{pattern, count};
    if (payloadBytes >= 0)
        run.append(double(payloadBytes));
    m_a->send(QStringLiteral("bench:run"), run);
    if (!waitForResults({m_a}, pattern, count, error))
        return false;
    const QJsonArray values = m_results.take(m_a->id()).at(1).toArray();
    for (const QJsonValue &value : values)
        samples->push_back(value.toDouble());
    return true;
}

bool IpcLabFixture::launchExtraRenderers(int count, QList<double> *startupMs, QString *why)
{
    QEventLoop loop;
    g_waiting = &loop;
    for (int i = 0; i < count; ++i) {
        bool ready = false;
        QString gone;
        const qint64 t0 = monotonicNanoseconds();
        qint64 readyAt = 0;
        WebContents *win = m_launcher->launch();
        if (!win) {
            *why = QStringLiteral("could not launch %1: %2")
                           .arg(m_rendererProgram, m_launcher->errorString());
            return false;
        }
        m_extra.append(win);
        QObject::connect(win, &WebContents::didFinishLoad, &loop, [&] {
            readyAt = monotonicNanoseconds();
            ready = true;
            wake();
        });
        const auto onGone = [&gone](const RenderProcessGoneDetails &details) {
            gone = QStringLiteral("%1 (exit code %2)").arg(details.reason).arg(details.exitCode);
            wake();
        };
        const auto goneWatch = QObject::connect(win, &WebContents::renderProcessGone, &loop, onGone);
        spinUntil(&loop, [&] { return ready || !gone.isEmpty(); }, 20000);
        QObject::disconnect(win, &WebContents::didFinishLoad, &loop, nullptr);
        QObject::disconnect(goneWatch);
        if (!ready) {
            *why = gone.isEmpty()
                    ? QStringLiteral("bench renderer %1 did not connect within 20 s").arg(i + 1)
                    : QStringLiteral("bench renderer %1 went away: %2").arg(i + 1).arg(gone);
            return false;
        }
        startupMs->append(double(readyAt - t0) / 1e6);
        win->send(QStringLiteral("bench:payload"), {m_payload});
    }
    return true;
}

bool IpcLabFixture::runConcurrentInvokes(int renderers, int perRenderer,
                                         std::vector<double> *samples, double *windowNs,
                                         QString *error)
{
    const QList<WebContents *> running = m_extra.mid(0, renderers);
    if (running.size() != renderers) {
        *error = QStringLiteral("only %1 extra renderers are running").arg(m_extra.size());
        return false;
    }
    for (WebContents *win : running) {
        m_results.remove(win->id());
        win->send(QStringLiteral("bench:run"), {QStringLiteral("invoke"), perRenderer});
    }
    if (!waitForResults(running, QStringLiteral("invoke"), perRenderer, error))
        return false;
    double first = 0;
    double last = 0;
    for (WebContents *win : running) {
        const QJsonArray result = m_results.take(win->id());
        for (const QJsonValue &value : result.at(1).toArray())
            samples->push_back(value.toDouble());
        const double begin = result.at(2).toDouble();
        const double end = result.at(3).toDouble();
        first = first == 0 ? begin : std::min(first, begin);
        last = std::max(last, end);
    }
    *windowNs = last - first;
    return true;
}

void IpcLabFixture::closeExtraRenderers()
{
    if (m_extra.isEmpty())
        return;
    QEventLoop loop;
    g_waiting = &loop;
    int gone = 0;
    for (WebContents *win : std::as_const(m_extra)) {
        if (win->isCrashed()) {
            ++gone;
            continue;
        }
        QObject::connect(win, &WebContents::renderProcessGone, &loop, [&gone] {
            ++gone;
            wake();
        });
        win->close();
    }
    const int count = int(m_extra.size());
    spinUntil(&loop, [&] { return gone == count; }, 10000);
    for (WebContents *win : std::as_const(m_extra)) {
        QObject::disconnect(win, nullptr, &loop, nullptr);
        win->deleteLater();
    }
    m_extra.clear();
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

qint64 IpcLabContender::payloadBytes() const
{
    if (m_wireBytes >= 0)
        return m_wireBytes;
    return m_payloadBytes >= 0 ? m_payloadBytes : m_fixture->payload().toUtf8().size();
}

bool IpcLabContender::start(QString *why)
{
    return m_fixture->start(why);
}

bool IpcLabContender::run(int count, std::vector<double> *samples, QString *error)
{
    switch (m_kind) {
    case Kind::InRenderer:
        return m_fixture->runInRenderer(m_pattern, count, samples, error, m_payloadBytes);
    case Kind::InvokeBinary:
        return m_fixture->runInRenderer(m_pattern, count, samples, error, m_payloadBytes);
    case Kind::Push:
        return m_fixture->runPush(count, samples, error);
    case Kind::Flood:
        return m_fixture->runFlood(count, samples, error);
    }
    return false;
}
