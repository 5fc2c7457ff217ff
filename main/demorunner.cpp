#include "demorunner.h"

#include "ipcmain.h"
#include "ipcreply.h"
#include "messagechannelmain.h"
#include "monotonicclock.h"
#include "rendererlauncher.h"
#include "sharedobject.h"
#include "webcontents.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QEventLoop>
#include <QScopeGuard>
#include <QTimer>

namespace {

QString endpoint(int id)
{
    return id == 0 ? QStringLiteral("main") : QStringLiteral("renderer-%1").arg(id);
}

QJsonObject step(const QString &op, const QString &channel, const QJsonArray &args = {})
{
    return {{QStringLiteral("op"), op}, {QStringLiteral("channel"), channel}, {QStringLiteral("args"), args}};
}

qint64 field(const QJsonObject &outcome, const char *name)
{
    return outcome.value(QLatin1String(name)).toInteger();
}

// A value as qDebug() shows a QString: in quotes; anything else as compact JSON.
QString valueText(const QJsonValue &value)
{
    const QByteArray json = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(json.mid(1, json.size() - 2));
}

const QJsonObject poetries{{QStringLiteral("name"), QStringLiteral("poetries")}, {QStringLiteral("age"), 23}};

} // namespace

DemoRunner::DemoRunner(RendererLauncher *launcher, IpcMain *ipcMain, QObject *parent)
    : QObject(parent), m_launcher(launcher), m_ipcMain(ipcMain),
      m_sharedObject(new SharedObject(QStringLiteral("sharedObject"), launcher, this))
{
    installSeedHandlers();
}

DemoRunner::~DemoRunner()
{
    // Its listeners go with it (they have it as context); its one handler goes here.
    m_ipcMain->removeHandler(QStringLiteral("my_channel"));
}

// The main-process half of every snippet in the notes, as an Electron developer would write it
// (with this runner as the listeners' context, so that they leave with it).
void DemoRunner::installSeedHandlers()
{
    IpcMain &ipcMain = *m_ipcMain;

    // Everything main hears, and every receipt a renderer reports, for the log.
    connect(&ipcMain, &IpcMain::message, this,
            [this](WebContents *sender, const QString &channel, const QJsonArray &args) {
                if (!m_running)
                    return; // between tours (e.g. the main window's own runs) nothing is kept
                const qint64 now = monotonicNanoseconds();
                if (channel == QLatin1String("ipclab:received")) {
                    const QJsonObject r = args.at(0).toObject();
                    m_observations.append({sender->id(), r.value(QLatin1String("senderId")).toInt(),
                                           r.value(QLatin1String("channel")).toString(),
                                           r.value(QLatin1String("args")).toArray(),
                                           r.value(QLatin1String("receivedAt")).toInteger()});
                } else if (!channel.startsWith(QLatin1String("ipclab:"))) {
                    m_observations.append({0, sender->id(), channel, args, now});
                }
            });

    // 1. renderer -> main
    ipcMain.on(QStringLiteral("my_channel"), [](IpcMainEvent &, const QJsonArray &args) {
        qDebug() << "receive message from render:" << args.at(0).toString();
    }, this);
    // 2. renderer <-> main, invoke/handle
    ipcMain.handle(QStringLiteral("my_channel"), [this](IpcMainInvokeEvent &, const QJsonArray &args) {
        qDebug() << "receive message from render:" << args.at(0).toString();
        if (m_running)
            m_handlerTimes.append(monotonicNanoseconds());
        return "replay";
    });
    // send + event.reply
    ipcMain.on(QStringLiteral("asynchronous-message"), [this](IpcMainEvent &event, const QJsonArray &args) {
        qDebug() << args.at(0).toString();
        stampSend(QStringLiteral("asynchronous-reply"));
        Q_EMIT answered(event.sender()->id(), QStringLiteral("asynchronous-reply"), QStringLiteral("event.reply"),
                        monotonicNanoseconds());
        event.reply(QStringLiteral("asynchronous-reply"), {"pong"});
    }, this);
    // sendSync + event.returnValue
    ipcMain.on(QStringLiteral("synchronous-message"), [](IpcMainEvent &event, const QJsonArray &args) {
        qDebug() << args.at(0).toString();
        event.returnValue = "pong";
    }, this);
    ipcMain.on(QStringLiteral("sendsync"), [](IpcMainEvent &event, const QJsonArray &args) {
        event.returnValue = args.at(0);
    }, this);
    // 3. main -> renderer via event.sender.send
    ipcMain.on(QStringLiteral("messageFromMain"), [this](IpcMainEvent &event, const QJsonArray &) {
        stampSend(QStringLiteral("messageToRenderer"));
        Q_EMIT answered(event.sender()->id(), QStringLiteral("messageToRenderer"), QStringLiteral("event.sender.send"),
                        monotonicNanoseconds());
        event.sender()->send(QStringLiteral("messageToRenderer"), {"Hello from Main!"});
    }, this);
    ipcMain.on(QStringLiteral("sendMsg"), [this](IpcMainEvent &event, const QJsonArray &args) {
        qDebug().noquote() << "data" << valueText(args.at(0));
        stampSend(QStringLiteral("backToRender"));
        Q_EMIT answered(event.sender()->id(), QStringLiteral("backToRender"), QStringLiteral("event.sender.send"),
                        monotonicNanoseconds());
        event.sender()->send(QStringLiteral("backToRender"), {QStringLiteral("来自主进程的反馈")});
    }, this);
    // 4. renderer -> renderer, relayed by main
    ipcMain.on(QStringLiteral("win1-msg"), [this](IpcMainEvent &, const QJsonArray &args) {
        qDebug() << "name inside main process is:" << args.at(0).toString();
        stampSend(QStringLiteral("forWin2"));
        if (WebContents *win2 = relayTarget())
            win2->send(QStringLiteral("forWin2"), args);
    }, this);
    ipcMain.on(QStringLiteral("ping-event"), [this](IpcMainEvent &, const QJsonArray &) {
        stampSend(QStringLiteral("pong-event"));
        if (WebContents *win2 = relayTarget())
            win2->send(QStringLiteral("pong-event"), {"something"});
    }, this);
}

void DemoRunner::setRelayTarget(WebContents *target)
{
    m_relayTarget = target;
}

WebContents *DemoRunner::relayTarget() const
{
    return m_relayTarget ? m_relayTarget.data() : m_window2.data();
}

bool DemoRunner::run()
{
    // The tour relays to its own second window, whatever the catalogue chose.
    const QPointer<WebContents> chosenTarget = std::exchange(m_relayTarget, nullptr);
    m_running = true;
    const auto restore = qScopeGuard([this, chosenTarget] {
        m_relayTarget = chosenTarget;
        m_running = false;
    });
    // Only what this tour sees counts: an earlier tour's messages must not satisfy its checks.
    m_observations.clear();
    m_handlerTimes.clear();
    m_mainSentAt.clear();
    m_failures.clear();
    // The windows it opened for itself go when it is over (with an opener: the main window's).
    const auto closeOwnWindows = qScopeGuard([this] {
        for (const QPointer<WebContents> &window : std::as_const(m_ownWindows)) {
            if (window && !window->isCrashed())
                window->close();
        }
        m_ownWindows.clear();
        if (m_opener) {
            m_window1 = nullptr;
            m_window2 = nullptr;
        }
    });
    if (!ensureWindows())
        return false;
    const std::pair<QLatin1String, std::function<void()>> tour[] = {
            {QLatin1String("send"), [this] { renderToMainSend(); }},
            {QLatin1String("invoke"), [this] { renderToMainInvoke(); }},
            {QLatin1String("send-reply"), [this] { sendAndReply(); }},
            {QLatin1String("send-sync"), [this] { sendSync(); }},
            {QLatin1String("webcontents-send"), [this] { mainToRenderer(); }},
            {QLatin1String("relay"), [this] { relayThroughMain(); }},
            {QLatin1String("send-to"), [this] { sendTo(); }},
            {QLatin1String("main-invoke"), [this] { mainInvokesRenderer(); }},
            {QLatin1String("invoke-error"), [this] { invokeErrors(); }},
            {QLatin1String("message-port"), [this] { messagePortPing(); }},
            {QLatin1String("shared-object"), [this] { sharedObjectRound(); }},
            {QLatin1String("renderer-crash"), [this] { renderProcessGone(); }}};
    const int count = int(std::size(tour));
    for (int index = 0; index < count; ++index) {
        if (index > 0)
            pause(m_stepDelay);
        Q_EMIT patternStarted(index, count, tour[index].first);
        tour[index].second();
    }
    return m_failures.isEmpty();
}

void DemoRunner::setWindowOpener(std::function<WebContents *()> opener)
{
    m_opener = std::move(opener);
}

WebContents *DemoRunner::openWindow()
{
    if (!m_opener)
        return m_launcher->launch();
    WebContents *window = m_opener();
    if (window)
        m_ownWindows.append(window);
    return window;
}

void DemoRunner::pause(int milliseconds)
{
    if (milliseconds <= 0)
        return;
    QEventLoop loop;
    QTimer::singleShot(milliseconds, &loop, &QEventLoop::quit);
    loop.exec();
}

bool DemoRunner::ensureWindows()
{
    if (m_opener) {
        // The windows on screen, oldest first, so that the person watching sees the tour there.
        QList<WebContents *> live;
        for (WebContents *w : m_launcher->allWebContents()) {
            if (w->isReady() && !w->isCrashed())
                live.append(w);
        }
        std::sort(live.begin(), live.end(), [](WebContents *a, WebContents *b) { return a->id() < b->id(); });
        m_window1 = live.value(0);
        m_window2 = live.value(1);
    }
    for (QPointer<WebContents> *window : {&m_window1, &m_window2}) {
        if (*window && !(*window)->isCrashed())
            continue;
        *window = openWindow();
        if (!*window)
            return check(false, m_launcher->errorString());
    }
    return check(waitFor([this] { return m_window1->isReady() && m_window2->isReady(); }, 10000),
                 QStringLiteral("both renderers complete their handshake"));
}

QJsonArray DemoRunner::perform(WebContents *webContents, const QJsonArray &steps)
{
    return invokeAndWait(webContents, QStringLiteral("ipclab:perform"), QJsonArray{QJsonValue(steps)}).toArray();
}

bool DemoRunner::waitFor(const std::function<bool()> &condition, int timeout)
{
    QDeadlineTimer deadline(timeout);
    while (!condition()) {
        if (deadline.hasExpired())
            return false;
        QEventLoop loop;
        QTimer::singleShot(5, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return true;
}

std::optional<DemoRunner::Observation> DemoRunner::observed(int where, const QString &channel)
{
    std::optional<Observation> found;
    waitFor([&] {
        for (const Observation &o : std::as_const(m_observations)) {
            if (o.where == where && o.channel == channel)
                found = o;
        }
        return found.has_value();
    });
    check(found.has_value(), QStringLiteral("%1 receives '%2'").arg(endpoint(where), channel));
    return found;
}

void DemoRunner::stampSend(const QString &channel)
{
    m_mainSentAt.insert(channel, monotonicNanoseconds());
}

void DemoRunner::log(int from, int to, const QString &pattern, const QString &channel,
                     const QJsonValue &payload, qint64 latencyNs, qint64 roundTripNs)
{
    // Microseconds with one decimal; null where this run could not measure it.
    auto micros = [](qint64 ns) { return ns < 0 ? QJsonValue() : QJsonValue(double(ns / 100) / 10.0); };
    QJsonObject entry{
            {QStringLiteral("time"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)},
            {QStringLiteral("from"), endpoint(from)},
            {QStringLiteral("to"), endpoint(to)},
            {QStringLiteral("pattern"), pattern},
            {QStringLiteral("channel"), channel},
            {QStringLiteral("payload"), payload},
            {QStringLiteral("latencyUs"), micros(latencyNs)}};
    if (roundTripNs >= 0)
        entry.insert(QStringLiteral("roundTripUs"), micros(roundTripNs));
    Q_EMIT logged(entry);
}

bool DemoRunner::check(bool ok, const QString &what)
{
    if (!ok)
        m_failures.append(what);
    return ok;
}

void DemoRunner::renderToMainSend()
{
    const int w1 = m_window1->id();
    const QJsonArray out = perform(m_window1, {step(QStringLiteral("send"), QStringLiteral("my_channel"), {"my_data"}),
                                               step(QStringLiteral("send"), QStringLiteral("sendMsg"), {poetries})});
    for (int i = 0; i < 2 && i < out.size(); ++i) {
        const QString channel = i == 0 ? QStringLiteral("my_channel") : QStringLiteral("sendMsg");
        if (auto o = observed(0, channel))
            log(w1, 0, QStringLiteral("send"), channel, o->args, o->at - field(out[i].toObject(), "sentAt"));
    }
    // The seeds' main answers sendMsg with event.sender.send('backToRender', ...).
    if (auto o = observed(w1, QStringLiteral("backToRender")))
        log(0, w1, QStringLiteral("event.sender.send"), o->channel, o->args, o->at - m_mainSentAt.value(o->channel));
}

void DemoRunner::renderToMainInvoke()
{
    m_handlerTimes.clear();
    const QJsonArray out = perform(m_window1, {step(QStringLiteral("invoke"), QStringLiteral("my_channel"), {"my_data"})});
    const QJsonObject o = out.at(0).toObject();
    check(o.value(QLatin1String("value")) == QJsonValue(QStringLiteral("replay")),
          QStringLiteral("invoke('my_channel') resolves to 'replay'"));
    const qint64 handledAt = m_handlerTimes.value(0, field(o, "sentAt"));
    log(m_window1->id(), 0, QStringLiteral("invoke"), QStringLiteral("my_channel"), QJsonArray{"my_data"},
        handledAt - field(o, "sentAt"));
    log(0, m_window1->id(), QStringLiteral("invoke"), QStringLiteral("my_channel"), o.value(QLatin1String("value")),
        field(o, "finishedAt") - handledAt);
}

void DemoRunner::sendAndReply()
{
    const int w1 = m_window1->id();
    const QJsonArray out = perform(m_window1, {step(QStringLiteral("send"), QStringLiteral("asynchronous-message"), {"ping"})});
    if (auto o = observed(0, QStringLiteral("asynchronous-message")))
        log(w1, 0, QStringLiteral("send-reply"), o->channel, o->args, o->at - field(out.at(0).toObject(), "sentAt"));
    if (auto o = observed(w1, QStringLiteral("asynchronous-reply"))) {
        check(o->args == QJsonArray{"pong"}, QStringLiteral("event.reply sends 'pong'"));
        log(0, w1, QStringLiteral("send-reply"), o->channel, o->args, o->at - m_mainSentAt.value(o->channel));
    }
}

void DemoRunner::sendSync()
{
    const int w1 = m_window1->id();
    const QJsonArray out = perform(m_window1, {step(QStringLiteral("sendSync"), QStringLiteral("synchronous-message"), {"ping"}),
                                               step(QStringLiteral("sendSync"), QStringLiteral("sendsync"), {poetries})});
    const QStringList channels{QStringLiteral("synchronous-message"), QStringLiteral("sendsync")};
    const QJsonValue expected[] = {QStringLiteral("pong"), poetries};
    for (int i = 0; i < 2 && i < out.size(); ++i) {
        const QJsonObject r = out.at(i).toObject();
        check(r.value(QLatin1String("value")) == expected[i],
              QStringLiteral("sendSync('%1') returns the returnValue").arg(channels[i]));
        auto o = observed(0, channels[i]);
        const qint64 at = o ? o->at : field(r, "sentAt");
        log(w1, 0, QStringLiteral("sendSync"), channels[i], o ? QJsonValue(o->args) : QJsonValue(), at - field(r, "sentAt"));
        log(0, w1, QStringLiteral("sendSync"), channels[i], r.value(QLatin1String("value")), field(r, "finishedAt") - at);
    }
}

void DemoRunner::mainToRenderer()
{
    const int w1 = m_window1->id();
    const qint64 sentAt = monotonicNanoseconds();
    m_window1->send(QStringLiteral("messageToRenderer"), {"Hello from Main!"});
    if (auto o = observed(w1, QStringLiteral("messageToRenderer")))
        log(0, w1, QStringLiteral("webContents.send"), o->channel, o->args, o->at - sentAt);

    m_observations.clear();
    const QJsonArray out = perform(m_window1, {step(QStringLiteral("send"), QStringLiteral("messageFromMain"))});
    if (auto o = observed(0, QStringLiteral("messageFromMain")))
        log(w1, 0, QStringLiteral("event.sender.send"), o->channel, o->args, o->at - field(out.at(0).toObject(), "sentAt"));
    if (auto o = observed(w1, QStringLiteral("messageToRenderer")))
        log(0, w1, QStringLiteral("event.sender.send"), o->channel, o->args, o->at - m_mainSentAt.value(o->channel));
}

void DemoRunner::relayThroughMain()
{
    const int w1 = m_window1->id();
    const int w2 = m_window2->id();
    const QJsonArray out = perform(m_window1, {step(QStringLiteral("send"), QStringLiteral("win1-msg"), {"msg from win1"}),
                                               step(QStringLiteral("send"), QStringLiteral("ping-event"))});
    const qint64 sent0 = field(out.at(0).toObject(), "sentAt");
    auto in = observed(0, QStringLiteral("win1-msg"));
    auto outMsg = observed(w2, QStringLiteral("forWin2"));
    if (in && outMsg) {
        check(outMsg->args == QJsonArray{"msg from win1"}, QStringLiteral("window 2 gets 'msg from win1'"));
        log(w1, 0, QStringLiteral("relay"), in->channel, in->args, in->at - sent0);
        log(0, w2, QStringLiteral("relay"), outMsg->channel, outMsg->args, outMsg->at - m_mainSentAt.value(outMsg->channel));
    }
    auto ping = observed(0, QStringLiteral("ping-event"));
    auto pong = observed(w2, QStringLiteral("pong-event"));
    if (ping && pong) {
        log(w1, 0, QStringLiteral("relay"), ping->channel, ping->args, ping->at - field(out.at(1).toObject(), "sentAt"));
        log(0, w2, QStringLiteral("relay"), pong->channel, pong->args, pong->at - m_mainSentAt.value(pong->channel));
    }
}

void DemoRunner::sendTo()
{
    const int w1 = m_window1->id();
    const int w2 = m_window2->id();
    QJsonObject s = step(QStringLiteral("sendTo"), QStringLiteral("ping"), {"someThing"});
    s.insert(QStringLiteral("to"), w2);
    const QJsonArray out = perform(m_window1, {s});
    if (auto o = observed(w2, QStringLiteral("ping"))) {
        check(o->from == w1, QStringLiteral("event.senderId is window 1's id"));
        log(w1, w2, QStringLiteral("sendTo"), o->channel, o->args, o->at - field(out.at(0).toObject(), "sentAt"));
    }
}

void DemoRunner::mainInvokesRenderer()
{
    const qint64 sentAt = monotonicNanoseconds();
    IpcReply *reply = m_window2->invoke(QStringLiteral("get-renderer-info"), {}, 5000);
    reply->waitForFinished();
    const qint64 doneAt = monotonicNanoseconds();
    check(reply->value().toObject().value(QLatin1String("id")).toInt() == m_window2->id(),
          QStringLiteral("webContents.invoke('get-renderer-info') answers with the renderer's id"));
    // The renderer does not report when its handler ran, so only the round trip is known.
    log(0, m_window2->id(), QStringLiteral("main-invoke"), reply->channel(), QJsonArray(), notMeasured);
    log(m_window2->id(), 0, QStringLiteral("main-invoke"), reply->channel(), reply->value(), notMeasured,
        doneAt - sentAt);
    reply->deleteLater();
}

void DemoRunner::invokeErrors()
{
    const int w1 = m_window1->id();
    const QJsonArray out = perform(m_window1, {step(QStringLiteral("invoke"), QStringLiteral("no-such-channel"), {"x"})});
    const IpcError noHandler = IpcError::fromJson(out.at(0).toObject().value(QLatin1String("error")).toObject());
    check(noHandler.message()
                  == QLatin1String("Error invoking remote method 'no-such-channel': Error: No handler registered for 'no-such-channel'"),
          QStringLiteral("an invoke with no handler fails with Electron's text"));
    const QJsonObject o = out.at(0).toObject();
    log(0, w1, QStringLiteral("invoke-error"), QStringLiteral("no-such-channel"), noHandler.toJson(), notMeasured,
        field(o, "finishedAt") - field(o, "sentAt"));

    IpcReply *late = m_window1->invoke(QStringLiteral("ipclab:delay"), {1000, "late"}, 100);
    late->waitForFinished();
    check(late->error().name() == QLatin1String("TimeoutError"), QStringLiteral("a 100 ms timeout fires"));
    log(0, w1, QStringLiteral("invoke-timeout"), QStringLiteral("ipclab:delay"), late->error().toJson(), notMeasured);
    late->deleteLater();

    IpcReply *cancelled = m_window1->invoke(QStringLiteral("ipclab:delay"), {1000, "late"});
    cancelled->cancel();
    check(cancelled->error().name() == QLatin1String("AbortError"), QStringLiteral("cancel() aborts an invoke"));
    log(0, w1, QStringLiteral("invoke-cancel"), QStringLiteral("ipclab:delay"), cancelled->error().toJson(), notMeasured);
    cancelled->deleteLater();
}

QJsonValue DemoRunner::invokeAndWait(WebContents *webContents, const QString &channel, const QJsonArray &args)
{
    IpcReply *reply = webContents->invoke(channel, args, 10000);
    reply->waitForFinished();
    check(!reply->isError(), reply->error().message());
    const QJsonValue value = reply->value();
    reply->deleteLater();
    return value;
}

// The seeds' MessagePort scenario: main hands one port of a MessageChannelMain to each window
// ('port'), and window 1 posts 'ping' straight to window 2.
void DemoRunner::messagePortPing()
{
    const int w1 = m_window1->id();
    const int w2 = m_window2->id();
    MessageChannelMain channel(m_launcher);
    const qint64 handedAt = monotonicNanoseconds();
    m_window1->postMessage(QStringLiteral("port"), QJsonValue(), {channel.port1});
    m_window2->postMessage(QStringLiteral("port"), QJsonValue(), {channel.port2});
    for (int w : {w1, w2}) {
        if (auto o = observed(w, QStringLiteral("port")))
            log(0, w, QStringLiteral("MessagePort"), o->channel,
                QJsonObject{{QStringLiteral("ports"), 1}}, o->at - handedAt);
    }
    check(waitFor([this] {
              return invokeAndWait(m_window1, QStringLiteral("ipclab:port-state")).toObject().value(QLatin1String("direct")).toBool();
          }),
          QStringLiteral("the two windows get a direct pipe"));
    const QJsonArray out = perform(m_window1, {step(QStringLiteral("portPost"), QString(), {"ping"})});
    QJsonObject state;
    check(waitFor([&] {
              state = invokeAndWait(m_window2, QStringLiteral("ipclab:port-state")).toObject();
              return state.value(QLatin1String("received")).toArray().contains(QJsonValue("ping"));
          }),
          QStringLiteral("window 2 gets 'ping' on its port"));
    const QJsonArray at = state.value(QLatin1String("receivedAt")).toArray();
    log(w1, w2, QStringLiteral("MessagePort"), QStringLiteral("port"), QJsonValue("ping"),
        at.isEmpty() ? notMeasured : at.last().toInteger() - field(out.at(0).toObject(), "sentAt"));
}

// The seeds' remote.getGlobal('sharedObject'): render1 writes, render2 reads, both are told.
void DemoRunner::sharedObjectRound()
{
    const int w1 = m_window1->id();
    const int w2 = m_window2->id();
    m_sharedObject->setValue(QStringLiteral("someProperty"), QStringLiteral("default value"));
    const QJsonObject set = perform(m_window1, {step(QStringLiteral("globalSet"), QString(),
                                                     {"someProperty", "new value"})}).at(0).toObject();
    log(w1, 0, QStringLiteral("shared-object"), QStringLiteral("sharedObject.someProperty"),
        QJsonValue("new value"), notMeasured, field(set, "finishedAt") - field(set, "sentAt"));
    const QJsonObject get = perform(m_window2, {step(QStringLiteral("globalGet"), QString(),
                                                     {"someProperty"})}).at(0).toObject();
    check(get.value(QLatin1String("value")) == QJsonValue("new value"),
          QStringLiteral("render2 reads 'new value'"));
    log(0, w2, QStringLiteral("shared-object"), QStringLiteral("sharedObject.someProperty"),
        get.value(QLatin1String("value")), notMeasured, field(get, "finishedAt") - field(get, "sentAt"));
}

void DemoRunner::renderProcessGone()
{
    WebContents *doomed = openWindow();
    if (!check(doomed && waitFor([doomed] { return doomed->isReady(); }, 10000),
               QStringLiteral("a third renderer starts")))
        return;
    RenderProcessGoneDetails details;
    connect(doomed, &WebContents::renderProcessGone, this,
            [&details](const RenderProcessGoneDetails &d) { details = d; });
    doomed->invoke(QStringLiteral("ipclab:perform"),
                   QJsonArray{QJsonValue(QJsonArray{step(QStringLiteral("crash"), QString())})})
            ->then(this, [](const IpcResult &) {});
    check(waitFor([&details] { return !details.reason.isEmpty(); }), QStringLiteral("render-process-gone fires"));
    check(details.reason == QLatin1String("crashed"), QStringLiteral("a SIGSEGV is reported as 'crashed'"));
    log(doomed->id(), 0, QStringLiteral("render-process-gone"), QStringLiteral("render-process-gone"),
        QJsonObject{{QStringLiteral("reason"), details.reason}, {QStringLiteral("exitCode"), details.exitCode}},
        notMeasured);
    doomed->deleteLater();
}
