#include "rendereragent.h"

#include "ipcrenderer.h"
#include "ipcreply.h"
#include "messagechannel.h"
#include "messageport.h"
#include "remoteglobal.h"
#include "rendererports.h"
#include "messagetrace.h"
#include "monotonicclock.h"
#include "processstats.h"

#include <QCoreApplication>
#include <QDebug>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPromise>
#include <QTimer>

#include <csignal>
#include <cstdio>
#include <memory>

namespace {

QJsonObject outcomeOf(const IpcResult &result)
{
    QJsonObject outcome;
    if (result.isError())
        outcome.insert(QStringLiteral("error"), result.error().toJson());
    else
        outcome.insert(QStringLiteral("value"), result.value());
    return outcome;
}

QJsonObject outcomeOf(const IpcError &error)
{
    return error.isNull() ? QJsonObject() : QJsonObject{{QStringLiteral("error"), error.toJson()}};
}

// sendSync with its own timeout (ms; < 0: the renderer's default) for this one call.
IpcResult sendSyncWithTimeout(IpcRenderer *ipc, const QString &channel, const QJsonArray &args, int timeout)
{
    const int defaultTimeout = ipc->sendSyncTimeout();
    if (timeout >= 0)
        ipc->setSendSyncTimeout(timeout);
    const IpcResult result = ipc->sendSync(channel, args);
    ipc->setSendSyncTimeout(defaultTimeout);
    return result;
}

// For the window's log: one line, never so long that laying it out stalls the window.
QString compact(const QJsonArray &args)
{
    constexpr qsizetype shown = 200;
    const QByteArray json = QJsonDocument(args).toJson(QJsonDocument::Compact);
    if (json.size() <= shown)
        return QString::fromUtf8(json);
    return QString::fromUtf8(json.left(shown)) + QStringLiteral("… (%1 bytes)").arg(json.size());
}

// A value as the notes' qDebug() shows it: a string in quotes, anything else as compact JSON.
QString valueText(const QJsonValue &value)
{
    const QByteArray json = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(json.mid(1, json.size() - 2));
}

QString errorText(const QJsonObject &outcome)
{
    const QJsonObject error = outcome.value(QLatin1String("error")).toObject();
    return QStringLiteral("%1: %2").arg(error.value(QLatin1String("name")).toString(),
                                        error.value(QLatin1String("message")).toString());
}

} // namespace

RendererAgent::RendererAgent(IpcRenderer *ipcRenderer, QObject *parent)
    : QObject(parent), m_ipc(ipcRenderer)
{
    connect(m_ipc, &IpcRenderer::message, this,
            [this](const QString &channel, const QJsonArray &args, int senderId) {
                if (isInternalChannel(channel))
                    return;
                const qint64 receivedAt = monotonicNanoseconds();
                say([=] { return tr("received %1 %2 from %3")
                                        .arg(channel, compact(args),
                                             senderId ? tr("renderer %1").arg(senderId)
                                                      : tr("main")); });
                consoleLogReceived(channel, args, senderId);
                m_ipc->send(QStringLiteral("ipclab:received"),
                            {QJsonObject{{QStringLiteral("channel"), channel},
                                         {QStringLiteral("args"), args},
                                         {QStringLiteral("senderId"), senderId},
                                         {QStringLiteral("receivedAt"), receivedAt}}});
            });

    m_ipc->handle(QStringLiteral("ipclab:perform"),
                  [this](IpcRendererEvent &, const QJsonArray &args) -> QFuture<IpcResult> {
                      auto promise = std::make_shared<QPromise<IpcResult>>();
                      promise->start();
                      // Run from the event loop, as a click would, not from inside the
                      // socket's readyRead() where this request was decoded.
                      QTimer::singleShot(0, this, [this, promise, steps = args.at(0).toArray()] {
                          perform(steps, [promise](const QJsonArray &outcomes) {
                              promise->addResult(IpcResult(outcomes));
                              promise->finish();
                          });
                      });
                      return promise->future();
                  });

    m_ipc->handle(QStringLiteral("ipclab:delay"),
                  [this](IpcRendererEvent &, const QJsonArray &args) -> QFuture<IpcResult> {
                      auto promise = std::make_shared<QPromise<IpcResult>>();
                      promise->start();
                      const int delay = args.at(0).toInt();
                      // Main's side may give up first (its timeout): this side cannot know.
                      say([=] { return tr("main invoked a slow task: answering %1 in %2 ms")
                                              .arg(compact(QJsonArray{args.at(1)}), QString::number(delay)); });
                      QTimer::singleShot(delay, this, [this, promise, value = args.at(1)] {
                          say([=] { return tr("answered the slow task with %1 (if main still waits)")
                                                  .arg(compact(QJsonArray{value})); });
                          promise->addResult(IpcResult(value));
                          promise->finish();
                      });
                      return promise->future();
                  });

    // The seeds' preload: ipcRenderer.on('port', e => { window.electronMessagePort = e.ports[0]; ... })
    m_ipc->on(QStringLiteral("port"), [this](IpcRendererEvent &event, const QJsonArray &) {
        if (!event.ports().isEmpty())
            usePort(event.ports().first());
    });

    m_ipc->handle(QStringLiteral("ipclab:port-state"), [this](IpcRendererEvent &, const QJsonArray &args) {
        return QJsonObject{{QStringLiteral("hasPort"), !m_port.isNull()},
                           {QStringLiteral("direct"), m_port && m_ipc->portRouter()->isDirect(m_port)},
                           {QStringLiteral("closed"), m_portClosed},
                           {QStringLiteral("received"), m_portReceived},
                           {QStringLiteral("receivedAt"), m_portReceivedAt},
                           {QStringLiteral("carriedClosed"), m_carriedClosed},
                           {QStringLiteral("posted"), m_portPosted},
                           {QStringLiteral("bookkeeping"), qint64(m_ipc->portRouter()->bookkeepingSize())},
                           // malloc_trim(0) only when asked: tests poll this state often.
                           {QStringLiteral("trimmedRssKiB"),
                            args.at(0).toObject().value(QLatin1String("memory")).toBool() ? trimmedResidentKilobytes() : -1}};
    });
    // Ports that are only passed through this window (tests of churn): closed and deleted.
    m_ipc->on(QStringLiteral("ipclab:close-ports"), [](IpcRendererEvent &event, const QJsonArray &) {
        for (MessagePort *port : event.ports()) {
            port->close();
            delete port;
        }
    });

    m_sharedObject = new RemoteGlobal(m_ipc, QStringLiteral("sharedObject"), this);
    connect(m_sharedObject, &RemoteGlobal::changed, this, [this](const QString &key, const QJsonValue &value, int by) {
        m_globalChanges.append(QJsonArray{key, value, by});
        say([=] { return tr("sharedObject.%1 is now %2").arg(key, compact(QJsonArray{value})); });
        qDebug().noquote() << key << valueText(value) << by;
    });
    m_ipc->handle(QStringLiteral("ipclab:global-state"), [this](IpcRendererEvent &, const QJsonArray &) {
        return QJsonObject{{QStringLiteral("changes"), m_globalChanges}};
    });

    m_ipc->handle(QStringLiteral("get-renderer-info"), [this](IpcRendererEvent &, const QJsonArray &args) {
        const QJsonObject info{{QStringLiteral("id"), m_ipc->id()},
                               {QStringLiteral("pid"), QCoreApplication::applicationPid()}};
        say([=] { return tr("main invoked %1 %2 → answered %3")
                                .arg(QStringLiteral("get-renderer-info"), compact(args), compact(QJsonArray{info})); });
        return info;
    });

    m_ipc->on(QStringLiteral("ipclab:windows"), [this](IpcRendererEvent &, const QJsonArray &args) {
        m_otherWindows.clear();
        for (const QJsonValue &id : args.at(0).toArray()) {
            if (id.toInt() != m_ipc->id())
                m_otherWindows.append(id.toInt());
        }
        Q_EMIT otherWindowsChanged(m_otherWindows);
    });
    m_ipc->on(QStringLiteral("ipclab:set-language"), [this](IpcRendererEvent &, const QJsonArray &args) {
        Q_EMIT languageRequested(args.at(0).toString());
    });
}

RendererAgent::~RendererAgent()
{
    if (m_forwardingTrace)
        MessageTrace::setObserver({});
}

void RendererAgent::forwardTraceToMain()
{
    m_forwardingTrace = true;
    // Called from inside the socket's read handler (even while a sendSync waits): queue here,
    // send from the event loop.
    MessageTrace::setObserver([this](const TraceRecord &record) {
        if (m_trace.isEmpty())
            QMetaObject::invokeMethod(this, &RendererAgent::flushTrace, Qt::QueuedConnection);
        // A log line needs the start of a payload, not megabytes of it: batches stay small.
        TraceRecord shortened = record;
        shortened.shortenPayload(4096);
        m_trace.append(shortened.toJson());
    });
}

MessagePort *RendererAgent::port() const
{
    return m_port;
}

void RendererAgent::flushTrace()
{
    if (m_trace.isEmpty())
        return;
    const IpcError error = m_ipc->send(QStringLiteral("ipclab:trace"), QJsonArray{QJsonValue(m_trace)});
    if (!error.isNull())
        qWarning("ipclab-renderer: %d traced messages not reported: %s", int(m_trace.size()), qPrintable(error.message()));
    m_trace = QJsonArray();
}

void RendererAgent::usePort(MessagePort *port)
{
    // The window's previous port, if any, is no longer its port: its events are not this one's.
    if (m_port)
        m_port->disconnect(this);
    m_port = port;
    m_portReceived = QJsonArray();
    m_portReceivedAt = QJsonArray();
    m_portClosed = false;
    connect(port, &MessagePort::message, this, [this](const QJsonValue &data, const QList<MessagePort *> &) {
        m_portReceived.append(data);
        m_portReceivedAt.append(monotonicNanoseconds());
        printPortEvent(QStringLiteral("port-message"), data);
        if (m_portReceived.size() <= 20) { // a window log, not a flood
            say([=] { return tr("port message %1").arg(compact(QJsonArray{data})); });
            qDebug().noquote() << valueText(data); // the notes' console.log(messageEvent.data)
        }
    });
    connect(port, &MessagePort::closed, this, [this] {
        m_portClosed = true;
        printPortEvent(QStringLiteral("port-close"));
        say([=] { return tr("port closed by the other end"); });
        Q_EMIT portChanged();
    });
    port->start();
    say([=] { return tr("received a MessagePort"); });
    Q_EMIT portChanged();
}

void RendererAgent::printPortEvent(const QString &what, const QJsonValue &data)
{
    if (!m_printPortTraffic)
        return;
    const QByteArray json = QJsonDocument(QJsonArray{data}).toJson(QJsonDocument::Compact);
    std::printf("%s %d %s\n", qPrintable(what), m_ipc->id(), json.constData());
    std::fflush(stdout);
}

QJsonObject RendererAgent::performPortStep(const QString &op, const QJsonObject &step)
{
    const QString channel = step.value(QStringLiteral("channel")).toString();
    const QJsonValue first = step.value(QStringLiteral("args")).toArray().at(0);
    if (op == QLatin1String("newChannel")) {
        MessageChannel channelPair(m_ipc);
        usePort(channelPair.port1);
        return outcomeOf(m_ipc->postMessage(channel, first, {channelPair.port2}));
    }
    if (op == QLatin1String("portChurn")) {
        performChurn(channel, step.value(QStringLiteral("count")).toInt());
        return {};
    }
    if (!m_port)
        return outcomeOf(IpcError(QStringLiteral("Error"), QStringLiteral("this window has no port")));
    if (op == QLatin1String("portPost")) {
        // As in Electron, a post on a port whose other end has closed is dropped without an
        // error: say so here, since nothing else will.
        if (m_portClosed)
            say([=] { return tr("port post %1: not delivered, the other end closed this port").arg(valueText(first)); });
        else
            say([=] { return tr("port post %1").arg(valueText(first)); });
        return outcomeOf(m_port->postMessage(first));
    }
    if (op == QLatin1String("portClose")) {
        m_port->close();
        return {};
    }
    if (op == QLatin1String("portToMain")) {
        MessagePort *port = m_port;
        m_port = nullptr;
        Q_EMIT portChanged();
        return outcomeOf(m_ipc->postMessage(channel, first, {port}));
    }
    if (op == QLatin1String("portHandOver")) {
        // For tests of hand-overs: the port goes to main with everything delivered on it here,
        // so that what this process saw is not lost with it when it exits or is killed.
        MessagePort *port = m_port;
        m_port = nullptr;
        return outcomeOf(m_ipc->postMessage(channel, m_portReceived, {port}));
    }
    // portPostMany
    const int count = step.value(QStringLiteral("count")).toInt();
    const int interval = step.value(QStringLiteral("intervalMs")).toInt();
    const int perTick = qMax(1, step.value(QStringLiteral("perTick")).toInt(1));
    if (interval <= 0) {
        for (int i = 0; i < count; ++i)
            m_port->postMessage(QJsonObject{{QStringLiteral("n"), i}});
        return {};
    }
    const int withPortEvery = step.value(QStringLiteral("withPortEvery")).toInt();
    auto *timer = new QTimer(this);
    auto next = std::make_shared<int>(0);
    connect(timer, &QTimer::timeout, this, [this, timer, next, count, perTick, withPortEvery] {
        for (int i = 0; i < perTick && m_port && *next < count; ++i) {
            const int n = (*next)++;
            ++m_portPosted;
            if (withPortEvery > 0 && n % withPortEvery == 0) {
                // Carries port2 of a fresh channel; port1 stays here to hear its close.
                MessageChannel carried(m_ipc);
                connect(carried.port1, &MessagePort::closed, this, [this] { ++m_carriedClosed; });
                carried.port1->start(); // a port that is not started holds its events back
                m_port->postMessage(QJsonObject{{QStringLiteral("n"), n}}, {carried.port2});
            } else {
                m_port->postMessage(QJsonObject{{QStringLiteral("n"), n}});
            }
        }
        if (*next >= count || !m_port)
            timer->deleteLater();
    });
    timer->start(interval);
    return {};
}

// count times: a channel, port2 to main on channel, port1 closed, both objects deleted, as an
// application that is done with them does; batches from the event loop, then "<channel>:done".
void RendererAgent::performChurn(const QString &channel, int count)
{
    auto *timer = new QTimer(this);
    auto made = std::make_shared<int>(0);
    connect(timer, &QTimer::timeout, this, [this, timer, made, count, channel] {
        for (int i = 0; i < 100 && *made < count; ++i, ++*made) {
            MessageChannel pair(m_ipc);
            m_ipc->postMessage(channel, QJsonValue(), {pair.port2});
            pair.port1->close();
            delete pair.port1;
            delete pair.port2;
        }
        if (*made >= count) {
            timer->deleteLater();
            m_ipc->send(channel + QLatin1String(":done"), QJsonArray{count});
        }
    });
    timer->start(0);
}

namespace {

// One "flood" step under way. It sends from the event loop in batches (about 1 MiB or 256
// messages each), so pushes from main, invoke answers and everything else keep being handled
// while it runs; a full invoke window stops the batches until an answer comes.
struct Flood : std::enable_shared_from_this<Flood>
{
    IpcRenderer *ipc = nullptr;
    QObject *context = nullptr;
    QString channel;
    qint64 count = 0;
    QStringList mix;
    QString payload;
    int windowSize = 1;
    int timeout = -1;
    int batch = 1;
    qint64 next = 0;
    int unanswered = 0;
    bool pumpQueued = false;
    bool finished = false;
    qint64 sendErrors = 0;
    qint64 invokesAnswered = 0;
    qint64 invokeErrors = 0;
    qint64 syncAnswered = 0;
    qint64 syncErrors = 0;
    qint64 answerMismatches = 0;
    qint64 startedAt = 0;
    std::function<void(const Flood &)> done;

    void queuePump()
    {
        if (pumpQueued)
            return;
        pumpQueued = true;
        QTimer::singleShot(0, context, [self = shared_from_this()] { self->pump(); });
    }

    void pump()
    {
        pumpQueued = false;
        for (int i = 0; i < batch && next < count; ++i) {
            const QString &kind = mix.at(next % mix.size());
            if (kind == QLatin1String("invoke") && unanswered >= windowSize)
                return; // the next answer starts the pump again
            const qint64 seq = next++;
            QJsonArray args{seq};
            if (!payload.isEmpty())
                args.append(payload);
            if (kind == QLatin1String("invoke")) {
                ++unanswered;
                ipc->invoke(channel, args, timeout)
                        ->then(context, [self = shared_from_this(), seq](const IpcResult &result) {
                            self->answered(seq, result);
                        });
            } else if (kind == QLatin1String("sendSync")) {
                tally(seq, sendSyncWithTimeout(ipc, channel, args, timeout), syncAnswered, syncErrors);
            } else if (!ipc->send(channel, args).isNull()) {
                ++sendErrors;
            }
        }
        if (next < count)
            queuePump();
        else
            finishIfDone();
    }

    void answered(qint64 seq, const IpcResult &result)
    {
        --unanswered;
        tally(seq, result, invokesAnswered, invokeErrors);
        if (next < count)
            queuePump();
        else
            finishIfDone();
    }

    // An answer must be the message's own sequence number.
    void tally(qint64 seq, const IpcResult &result, qint64 &answeredCount, qint64 &errorCount)
    {
        if (result.isError()) {
            ++errorCount;
            return;
        }
        ++answeredCount;
        if (result.value().toInteger(-1) != seq)
            ++answerMismatches;
    }

    void finishIfDone()
    {
        if (finished || next < count || unanswered > 0)
            return;
        finished = true;
        done(*this);
    }
};

} // namespace

void RendererAgent::performFlood(const QJsonObject &step,
                                 std::function<void(const QJsonObject &)> done)
{
    const QString channel = step.value(QStringLiteral("channel")).toString();
    auto flood = std::make_shared<Flood>();
    flood->ipc = m_ipc;
    flood->context = this;
    flood->channel = channel;
    flood->count = qMax<qint64>(0, step.value(QStringLiteral("count")).toInteger());
    for (const QJsonValue &kind : step.value(QStringLiteral("mix")).toArray())
        flood->mix.append(kind.toString());
    const qint64 payloadBytes
            = qMax<qint64>(0, step.value(QStringLiteral("payloadBytes")).toInteger());
    flood->payload = QString(payloadBytes, QLatin1Char('x'));
    flood->windowSize = qMax(1, step.value(QStringLiteral("windowSize")).toInt(64));
    flood->timeout = step.value(QStringLiteral("timeout")).toInt(-1);
    flood->batch = int(qBound(qint64(1), (qint64(1) << 20) / (payloadBytes + 64), qint64(256)));

    for (const QString &kind : std::as_const(flood->mix)) {
        if (kind != QLatin1String("send") && kind != QLatin1String("invoke")
            && kind != QLatin1String("sendSync")) {
            QTimer::singleShot(0, this, [done, kind] {
                done(outcomeOf(IpcError(QStringLiteral("Error"),
                                        QStringLiteral("unknown flood kind '%1'").arg(kind))));
            });
            return;
        }
    }
    if (flood->mix.isEmpty())
        flood->mix.append(QStringLiteral("send"));

    if (m_floodPushes.isEmpty()) {
        m_ipc->handle(QStringLiteral("ipclab:flood-state"),
                      [this](IpcRendererEvent &, const QJsonArray &args) {
                          const FloodPushes pushes = m_floodPushes.value(args.at(0).toString());
                          return QJsonObject{{QStringLiteral("pushesReceived"), pushes.received},
                                             {QStringLiteral("pushOutOfOrder"), pushes.outOfOrder},
                                             {QStringLiteral("vmHwmKb"), peakResidentKilobytes()}};
                      });
    }
    if (!m_floodPushes.contains(channel)) {
        m_floodPushes.insert(channel, {});
        m_ipc->on(channel + QStringLiteral(":push"),
                  [this, channel](IpcRendererEvent &, const QJsonArray &args) {
                      FloodPushes &pushes = m_floodPushes[channel];
                      const qint64 seq = args.at(0).toInteger(-1);
                      if (seq != pushes.last + 1)
                          ++pushes.outOfOrder;
                      pushes.last = seq;
                      ++pushes.received;
                  });
    }

    flood->done = [this, channel, done = std::move(done)](const Flood &f) {
        const FloodPushes pushes = m_floodPushes.value(channel);
        done(QJsonObject{{QStringLiteral("sent"), f.next},
                         {QStringLiteral("sendErrors"), f.sendErrors},
                         {QStringLiteral("invokesAnswered"), f.invokesAnswered},
                         {QStringLiteral("invokeErrors"), f.invokeErrors},
                         {QStringLiteral("syncAnswered"), f.syncAnswered},
                         {QStringLiteral("syncErrors"), f.syncErrors},
                         {QStringLiteral("answerMismatches"), f.answerMismatches},
                         {QStringLiteral("pushesReceived"), pushes.received},
                         {QStringLiteral("pushOutOfOrder"), pushes.outOfOrder},
                         {QStringLiteral("elapsedNs"), monotonicNanoseconds() - f.startedAt},
                         {QStringLiteral("vmHwmKb"), peakResidentKilobytes()}});
    };
    flood->startedAt = monotonicNanoseconds();
    // Always from the event loop, never before perform() has recorded this step.
    flood->queuePump();
}

// The seeds' renderer listeners print what they get (console.log(arg)); so does this window.
void RendererAgent::consoleLogReceived(const QString &channel, const QJsonArray &args, int senderId)
{
    if (channel == QLatin1String("port") || channel.endsWith(QLatin1String(":push")))
        return; // the preload keeps the port; a flood's pushes are counted, not printed
    const QString value = valueText(args.at(0));
    if (channel == QLatin1String("ping"))
        qDebug().noquote() << senderId << value; // console.log(event.senderId, arg)
    else if (channel == QLatin1String("backToRender"))
        qDebug().noquote() << "data" << value;
    else
        qDebug().noquote() << value;
}

// One line for the window as a step starts (so that a sender's line is never later than the
// receiver's), and one with its answer when it has one.
void RendererAgent::announceStep(const QString &op, const QString &channel, const QJsonArray &args)
{
    if (op == QLatin1String("send") || op == QLatin1String("sendTo"))
        say([=] { return tr("%1 %2 %3").arg(op, channel, compact(args)); });
    else if (op == QLatin1String("invoke"))
        say([=] { return tr("invoke %1 %2: waiting for main's answer").arg(channel, compact(args)); });
    else if (op == QLatin1String("sendSync"))
        say([=] { return tr("sendSync %1 %2: blocked until main answers").arg(channel, compact(args)); });
    else if (op == QLatin1String("globalGet"))
        say([=] { return tr("reading sharedObject.%1").arg(args.at(0).toString()); });
    else if (op == QLatin1String("globalSet"))
        say([=] { return tr("sharedObject.%1 = %2").arg(args.at(0).toString(), compact({args.at(1)})); });
    else if (op == QLatin1String("flood"))
        say([=] { return tr("flood %1").arg(channel); });
}

void RendererAgent::reportAnswer(const QString &what, const QJsonObject &outcome)
{
    if (outcome.contains(QLatin1String("error"))) {
        say([=] { return tr("%1 failed: %2").arg(what, errorText(outcome)); });
        qDebug().noquote() << errorText(outcome); // the notes' console.log(err.message)
    } else if (outcome.contains(QLatin1String("value"))) {
        const QString value = valueText(outcome.value(QLatin1String("value")));
        say([=] { return tr("%1 → %2").arg(what, value); });
        qDebug().noquote() << value; // the notes' console.log(result)
    }
}

// A line for the window, worded again in whatever language is current when it is shown.
void RendererAgent::say(const std::function<QString()> &describe)
{
    Q_EMIT activity(describe());
    Q_EMIT described(describe);
}

bool RendererAgent::isInternalChannel(const QString &channel)
{
    return channel.startsWith(QLatin1String("ipclab:"));
}

void RendererAgent::perform(const QJsonArray &steps, std::function<void(const QJsonArray &)> done)
{
    // Outcomes fill in as invokes finish; the answer goes out when the last one has.
    struct Run
    {
        QJsonArray outcomes;
        int waiting = 1; // this function's own pass counts as one
        std::function<void(const QJsonArray &)> done;
        void settle()
        {
            if (--waiting == 0)
                done(outcomes);
        }
    };
    auto run = std::make_shared<Run>();
    run->done = std::move(done);

    for (const QJsonValue &stepValue : steps) {
        const QJsonObject step = stepValue.toObject();
        const QString op = step.value(QStringLiteral("op")).toString();
        const QString channel = step.value(QStringLiteral("channel")).toString();
        const QJsonArray args = step.value(QStringLiteral("args")).toArray();
        announceStep(op, channel, args);
        const qint64 sentAt = monotonicNanoseconds();
        QJsonObject outcome;
        if (op == QLatin1String("send")) {
            outcome = outcomeOf(m_ipc->send(channel, args));
        } else if (op == QLatin1String("sendTo")) {
            outcome = outcomeOf(m_ipc->sendTo(step.value(QStringLiteral("to")).toInt(), channel, args));
        } else if (op == QLatin1String("sendSync")) {
            Q_EMIT sendSyncStarted(channel);
            outcome = outcomeOf(sendSyncWithTimeout(m_ipc, channel, args, step.value(QStringLiteral("timeout")).toInt(-1)));
            Q_EMIT sendSyncFinished(channel);
            reportAnswer(QStringLiteral("sendSync %1").arg(channel), outcome);
        } else if (op == QLatin1String("invoke")) {
            const int index = int(run->outcomes.size());
            IpcReply *reply = m_ipc->invoke(channel, args, step.value(QStringLiteral("timeout")).toInt(-1));
            ++run->waiting;
            reply->then(this, [this, run, index, sentAt, channel](const IpcResult &result) {
                QJsonObject o = outcomeOf(result);
                reportAnswer(QStringLiteral("invoke %1").arg(channel), o);
                o.insert(QStringLiteral("sentAt"), sentAt);
                o.insert(QStringLiteral("finishedAt"), monotonicNanoseconds());
                run->outcomes.replace(index, o);
                run->settle();
            });
        } else if (op == QLatin1String("invokeBinary")) {
            // args[0] bytes as one binary argument: a frame attachment, not JSON.
            const int index = int(run->outcomes.size());
            const QByteArray bytes(qBound(0, args.at(0).toInt(), 64 << 20), '*');
            IpcReply *reply = m_ipc->invoke(channel, QVariantList{bytes}, step.value(QStringLiteral("timeout")).toInt(-1));
            ++run->waiting;
            reply->then(this, [run, index, sentAt](const IpcResult &result) {
                QJsonObject o = outcomeOf(result);
                o.insert(QStringLiteral("sentAt"), sentAt);
                o.insert(QStringLiteral("finishedAt"), monotonicNanoseconds());
                run->outcomes.replace(index, o);
                run->settle();
            });
        } else if (op == QLatin1String("sendUncloneable")) {
            // A value with no wire form, as a function or a DOM node is in Electron.
            outcome = outcomeOf(m_ipc->send(channel, QVariantList{QVariant::fromValue<QObject *>(this)}));
        } else if (op == QLatin1String("flood")) {
            const int index = int(run->outcomes.size());
            ++run->waiting;
            performFlood(step, [run, index, sentAt](const QJsonObject &result) {
                QJsonObject o = result;
                o.insert(QStringLiteral("sentAt"), sentAt);
                o.insert(QStringLiteral("finishedAt"), monotonicNanoseconds());
                run->outcomes.replace(index, o);
                run->settle();
            });
        } else if (op == QLatin1String("globalGet")) {
            const QJsonValue value = m_sharedObject->value(args.at(0).toString());
            outcome = value.isUndefined() ? QJsonObject() : QJsonObject{{QStringLiteral("value"), value}};
            reportAnswer(QStringLiteral("sharedObject.%1").arg(args.at(0).toString()), outcome);
        } else if (op == QLatin1String("globalSet")) {
            outcome = outcomeOf(m_sharedObject->setValue(args.at(0).toString(), args.at(1)));
        } else if (op.startsWith(QLatin1String("port")) || op == QLatin1String("newChannel")) {
            outcome = performPortStep(op, step);
        } else if (op == QLatin1String("exit")) {
            QCoreApplication::exit(step.value(QStringLiteral("code")).toInt());
        } else if (op == QLatin1String("crash")) {
            std::raise(SIGSEGV);
        } else {
            outcome = outcomeOf(IpcError(QStringLiteral("Error"),
                                         QStringLiteral("unknown step op '%1'").arg(op)));
        }
        if (op != QLatin1String("invoke") && op != QLatin1String("invokeBinary")) {
            // Steps other than invoke are done when they return (sendSync and the shared object
            // wait for main's answer).
            outcome.insert(QStringLiteral("finishedAt"), monotonicNanoseconds());
            if (outcome.contains(QLatin1String("error")) && op != QLatin1String("sendSync")
                && op != QLatin1String("globalGet"))
                say([=] { return tr("%1 failed: %2").arg(op, errorText(outcome)); });
        }
        outcome.insert(QStringLiteral("sentAt"), sentAt);
        run->outcomes.append(outcome);
    }
    run->settle();
}
