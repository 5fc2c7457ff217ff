#include "patternrunner.h"

#include "agentsteps.h"
#include "demorunner.h"
#include "ipcmain.h"
#include "ipcmanager.h"
#include "ipcreply.h"
#include "messagechannelmain.h"
#include "rendererlauncher.h"
#include "sharedobject.h"
#include "webcontents.h"

#include <QDebug>
#include <QPromise>
#include <QTimer>

using AgentSteps::step;

PatternRunner::PatternRunner(RendererLauncher *launcher, DemoRunner *demo, QObject *parent)
    : QObject(parent), m_launcher(launcher), m_demo(demo)
{
    // Main's half of the timeout pattern: a task that answers after args[0] ms.
    m_launcher->ipcMain()->handle(QStringLiteral("slow-task"),
                                  [this](IpcMainInvokeEvent &, const QJsonArray &args) -> QFuture<IpcResult> {
                                      auto promise = std::make_shared<QPromise<IpcResult>>();
                                      promise->start();
                                      QTimer::singleShot(qBound(0, args.at(0).toInt(), 60000), this, [promise] {
                                          promise->addResult(IpcResult(QStringLiteral("done")));
                                          promise->finish();
                                      });
                                      return promise->future();
                                  });
    registerLibraryHandlers();
}

PatternRunner::~PatternRunner()
{
    m_launcher->ipcMain()->removeHandler(QStringLiteral("slow-task"));
    unregisterLibraryHandlers();
    if (m_cleanup)
        m_cleanup();
}

bool PatternRunner::refuse(const QString &reason)
{
    m_errorString = reason;
    return false;
}

bool PatternRunner::run(const Request &request)
{
    static const QStringList fromRenderer{
            QStringLiteral("send"),        QStringLiteral("invoke"),       QStringLiteral("send-reply"),
            QStringLiteral("send-sync"),   QStringLiteral("sender-send"),  QStringLiteral("relay"),
            QStringLiteral("send-to"),     QStringLiteral("message-port"), QStringLiteral("shared-object"),
            QStringLiteral("invoke-error"), QStringLiteral("invoke-timeout")};
    static const QStringList withTarget{
            QStringLiteral("webcontents-send"), QStringLiteral("relay"), QStringLiteral("send-to"),
            QStringLiteral("message-port"), QStringLiteral("shared-object"), QStringLiteral("main-invoke"),
            QStringLiteral("renderer-crash")};
    const QString &p = request.pattern;
    if (m_running)
        return refuse(tr("A pattern is still running."));
    static const QStringList fromMain{QStringLiteral("uniform-module")};
    const bool library = isLibraryPattern(p);
    if (!fromRenderer.contains(p) && !withTarget.contains(p) && !fromMain.contains(p) && !library)
        return refuse(tr("Unknown pattern '%1'.").arg(p));
    if ((fromRenderer.contains(p) || library) && !(request.source && request.source->isReady()))
        return refuse(tr("Choose a source window that is open and ready."));
    if (withTarget.contains(p) && !(request.target && request.target->isReady()))
        return refuse(tr("Choose a target window that is open and ready."));
    if (withTarget.contains(p) && fromRenderer.contains(p) && request.source == request.target)
        return refuse(tr("Choose two different windows."));

    if (library && !libraryRefusal(request).isEmpty())
        return refuse(libraryRefusal(request));
    if (library && request.target && request.source == request.target)
        return refuse(tr("Choose two different windows."));

    m_running = true;
    m_pattern = p;
    m_errorString.clear();
    const int generation = ++m_generation;
    Q_EMIT started(p, request.source ? request.source->id() : -1, request.target ? request.target->id() : -1,
                   request.channel);
    QTimer::singleShot(runTimeoutMs, this, [this, generation] {
        if (m_running && generation == m_generation)
            finish(false, [] { return tr("No answer within %1 s.").arg(runTimeoutMs / 1000); });
    });

    const QString &ch = request.channel;
    const QJsonArray &args = request.args;
    auto reportOutcome = [this](const QJsonObject &o) {
        const QString text = AgentSteps::describe(o);
        finish(!AgentSteps::failed(o), [text] { return text.isEmpty() ? tr("Sent.") : tr("Answer: %1").arg(text); });
    };
    if (p == QLatin1String("send") || p == QLatin1String("send-reply") || p == QLatin1String("sender-send")
        || p == QLatin1String("invoke") || p == QLatin1String("send-sync")) {
        const QString op = p == QLatin1String("invoke") ? QStringLiteral("invoke")
                : p == QLatin1String("send-sync")       ? QStringLiteral("sendSync")
                                                        : QStringLiteral("send");
        perform(request.source, {step(op, ch, args)}, reportOutcome);
    } else if (p == QLatin1String("relay")) {
        m_demo->setRelayTarget(request.target);
        perform(request.source, {step(QStringLiteral("send"), ch, args)}, reportOutcome);
    } else if (p == QLatin1String("send-to")) {
        QJsonObject s = step(QStringLiteral("sendTo"), ch, args);
        s.insert(QStringLiteral("to"), request.target->id());
        perform(request.source, {s}, reportOutcome);
    } else if (p == QLatin1String("invoke-error")) {
        perform(request.source, {step(QStringLiteral("invoke"), ch, args)}, [this](const QJsonObject &o) {
            // The point of the pattern is the error: it is ok when the invoke is rejected.
            finish(AgentSteps::failed(o), [o] {
                return AgentSteps::failed(o) ? tr("Rejected: %1").arg(AgentSteps::describe(o))
                                             : tr("Unexpected answer: %1").arg(AgentSteps::describe(o));
            });
        });
    } else if (p == QLatin1String("invoke-timeout")) {
        QJsonObject s = step(QStringLiteral("invoke"), ch, args);
        s.insert(QStringLiteral("timeout"), 500);
        perform(request.source, {s}, [this](const QJsonObject &o) {
            const bool timedOut = o.value(QLatin1String("error")).toObject().value(QLatin1String("name"))
                    == QLatin1String("TimeoutError");
            finish(timedOut, [timedOut, o] {
                return timedOut ? tr("Rejected: %1").arg(AgentSteps::describe(o))
                                : tr("Unexpected answer: %1").arg(AgentSteps::describe(o));
            });
        });
    } else if (p == QLatin1String("webcontents-send")) {
        const IpcError error = request.target->send(ch, args);
        QTimer::singleShot(0, this, [this, error] {
            finish(error.isNull(), [error] { return error.isNull() ? tr("Sent.") : error.message(); });
        });
    } else if (p == QLatin1String("uniform-module")) {
        // IpcManager's send: the payload's first value, as one argument, to every window.
        const IpcError error = IpcManager(m_launcher).send(ch, args.isEmpty() ? QJsonValue() : args.at(0));
        QTimer::singleShot(0, this, [this, error] {
            finish(error.isNull(), [error] { return error.isNull() ? tr("Sent.") : error.message(); });
        });
    } else if (p == QLatin1String("main-invoke")) {
        request.target->invoke(ch, args, 5000)->then(this, [this, generation](const IpcResult &result) {
            if (generation != m_generation)
                return;
            // The notes' console.log(result)
            qDebug().noquote() << AgentSteps::describe(result.isError() ? QJsonObject{{QStringLiteral("error"), result.error().toJson()}}
                                                                        : QJsonObject{{QStringLiteral("value"), result.value()}});
            finish(!result.isError(), [result] {
                return result.isError() ? result.error().message()
                                        : tr("Answer: %1").arg(AgentSteps::describe({{QStringLiteral("value"), result.value()}}));
            });
        });
    } else if (p == QLatin1String("message-port")) {
        runMessagePort(request);
    } else if (p == QLatin1String("shared-object")) {
        runSharedObject(request);
    } else if (p == QLatin1String("renderer-crash")) {
        runCrash(request.target);
    } else if (library) {
        runLibraryPattern(request);
    }
    return true;
}

void PatternRunner::perform(WebContents *webContents, const QJsonArray &steps,
                            std::function<void(const QJsonObject &)> done)
{
    const int generation = m_generation;
    webContents->invoke(QStringLiteral("ipclab:perform"), QJsonArray{QJsonValue(steps)}, runTimeoutMs)
            ->then(this, [this, generation, done = std::move(done)](const IpcResult &result) {
                if (generation != m_generation || !m_running)
                    return;
                const QJsonArray outcomes = result.value().toArray();
                if (result.isError())
                    finish(false, result.error().message());
                else
                    done(outcomes.isEmpty() ? QJsonObject() : outcomes.last().toObject());
            });
}

// The seeds' MessagePort scenario with the chosen windows: main hands one end of a channel to
// each, waits until they are connected directly, then the source posts.
void PatternRunner::runMessagePort(const Request &request)
{
    MessageChannelMain channel(m_launcher);
    const IpcError first = request.source->postMessage(request.channel, QJsonValue(), {channel.port1});
    const IpcError second = request.target->postMessage(request.channel, QJsonValue(), {channel.port2});
    if (!first.isNull() || !second.isNull()) {
        const QString message = (first.isNull() ? second : first).message();
        QTimer::singleShot(0, this, [this, message] { finish(false, message); });
        return;
    }
    postWhenDirect(request.source, request.args.at(0), 40, m_generation);
}

// generation is the run's own, carried through every retry: a retry of a run that has timed
// out must not act for the run after it.
void PatternRunner::postWhenDirect(WebContents *source, const QJsonValue &message, int triesLeft, int generation)
{
    QPointer<WebContents> guard(source);
    source->invoke(QStringLiteral("ipclab:port-state"), {}, runTimeoutMs)
            ->then(this, [=, this](const IpcResult &state) {
                if (generation != m_generation || !m_running || !guard)
                    return;
                const bool direct = state.value().toObject().value(QLatin1String("direct")).toBool();
                if (!direct && triesLeft > 0) {
                    QTimer::singleShot(25, this, [=, this] {
                        if (guard && generation == m_generation && m_running)
                            postWhenDirect(source, message, triesLeft - 1, generation);
                    });
                    return;
                }
                perform(source, {step(QStringLiteral("portPost"), QString(), {message})},
                        [this, direct](const QJsonObject &o) {
                            finish(!AgentSteps::failed(o), [o, direct] {
                                return AgentSteps::failed(o) ? AgentSteps::describe(o)
                                        : direct             ? tr("Posted straight to the other window.")
                                                             : tr("Posted (through main: the direct pipe was not ready).");
                            });
                        });
            });
}

void PatternRunner::runSharedObject(const Request &request)
{
    const QString property = request.channel;
    WebContents *target = request.target;
    QPointer<WebContents> targetGuard(target);
    perform(request.source, {step(QStringLiteral("globalSet"), QString(), {property, request.args.at(0)})},
            [this, property, target, targetGuard](const QJsonObject &set) {
                if (AgentSteps::failed(set) || !targetGuard) {
                    finish(false, AgentSteps::describe(set));
                    return;
                }
                perform(target, {step(QStringLiteral("globalGet"), QString(), {property})},
                        [this](const QJsonObject &get) {
                            finish(!AgentSteps::failed(get), [get] { return tr("The target reads: %1").arg(AgentSteps::describe(get)); });
                        });
            });
}

void PatternRunner::runCrash(WebContents *target)
{
    const int generation = m_generation;
    connect(target, &WebContents::renderProcessGone, this,
            [this, generation](const RenderProcessGoneDetails &details) {
                if (generation != m_generation || !m_running)
                    return;
                qDebug().noquote() << details.reason << details.exitCode; // the notes' console.log
                finish(details.reason == QLatin1String("crashed"), [details] {
                    return tr("render-process-gone: reason '%1', exit code %2").arg(details.reason).arg(details.exitCode);
                });
            }, Qt::SingleShotConnection);
    // The reply fails when the process dies; renderProcessGone() is the outcome.
    target->invoke(QStringLiteral("ipclab:perform"),
                   QJsonArray{QJsonValue(QJsonArray{step(QStringLiteral("crash"), QString())})})
            ->then(this, [](const IpcResult &) {});
}

void PatternRunner::finish(bool ok, const QString &outcome)
{
    finish(ok, [outcome] { return outcome; });
}

void PatternRunner::finish(bool ok, std::function<QString()> outcome)
{
    if (!m_running)
        return;
    m_running = false;
    if (m_cleanup)
        std::exchange(m_cleanup, {})();
    m_lastOutcome = std::move(outcome);
    Q_EMIT finished(m_pattern, ok, m_lastOutcome());
}
