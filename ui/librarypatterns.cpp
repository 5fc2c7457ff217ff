// PatternRunner's runs for the catalogue's "What the library adds" group: a channel policy that
// refuses a call, an error with its name and data, handleOnce, a window's own webContents.ipc,
// and a MessageChannel a renderer makes and hands to main.

#include "patternrunner.h"

#include "agentsteps.h"
#include "channelpolicy.h"
#include "ipcmain.h"
#include "ipcmainevent.h"
#include "messageport.h"
#include "rendererlauncher.h"
#include "webcontents.h"

#include <QJsonDocument>
#include <QPointer>

using AgentSteps::step;

namespace {

QString errorName(const QJsonObject &outcome)
{
    return outcome.value(QLatin1String("error")).toObject().value(QLatin1String("name")).toString();
}

} // namespace

void PatternRunner::registerLibraryHandlers()
{
    // Main's half of the error pattern: a handler that rejects an empty file name with a named
    // error carrying data.
    m_launcher->ipcMain()->handle(QStringLiteral("save-file"), [](IpcMainInvokeEvent &, const QJsonArray &args) {
        const QString name = args.at(0).toObject().value(QLatin1String("name")).toString();
        if (name.trimmed().isEmpty())
            return IpcResult(IpcError(QStringLiteral("ValidationError"), QStringLiteral("The file name is empty"),
                                      QJsonObject{{QStringLiteral("field"), QStringLiteral("name")},
                                                  {QStringLiteral("code"), 42}}));
        return IpcResult(QStringLiteral("saved %1").arg(name));
    });
    // The binary pattern's: says what arrived, so that the answer shows the bytes were bytes.
    m_launcher->ipcMain()->handle(QStringLiteral("echo-binary"), [](IpcMainInvokeEvent &event, const QJsonArray &) {
        const QVariant first = event.arguments().value(0);
        const bool binary = first.typeId() == QMetaType::QByteArray;
        return IpcResult(QJsonObject{{QStringLiteral("binary"), binary},
                                     {QStringLiteral("byteLength"), binary ? int(first.toByteArray().size()) : 0}});
    });
}

void PatternRunner::unregisterLibraryHandlers()
{
    m_launcher->ipcMain()->removeHandler(QStringLiteral("save-file"));
    m_launcher->ipcMain()->removeHandler(QStringLiteral("echo-binary"));
}

bool PatternRunner::isLibraryPattern(const QString &pattern)
{
    static const QStringList ids{QStringLiteral("channel-policy"), QStringLiteral("error-data"),
                                 QStringLiteral("handle-once"), QStringLiteral("webcontents-ipc"),
                                 QStringLiteral("renderer-port"), QStringLiteral("binary-data"),
                                 QStringLiteral("data-clone-error")};
    return ids.contains(pattern);
}

// Refuses what would clash with main's own handlers; an empty string if the run may start.
QString PatternRunner::libraryRefusal(const Request &request) const
{
    const bool ownsTheHandler = request.pattern == QLatin1String("handle-once")
            || request.pattern == QLatin1String("webcontents-ipc")
            || request.pattern == QLatin1String("renderer-port");
    if (ownsTheHandler
        && (m_launcher->ipcMain()->hasHandler(request.channel) || m_launcher->ipcMain()->listenerCount(request.channel) > 0))
        return tr("Main already handles '%1': choose another channel.").arg(request.channel);
    if (request.pattern == QLatin1String("webcontents-ipc") && !(request.target && request.target->isReady()))
        return tr("Choose a target window that is open and ready.");
    return {};
}

void PatternRunner::runLibraryPattern(const Request &request)
{
    const QString &p = request.pattern;
    const QString &ch = request.channel;
    const QJsonArray &args = request.args;
    if (p == QLatin1String("channel-policy")) {
        // As if the window's preload exposed invoke for these channels only. Main checks every
        // message against it, so the call is refused in main even though this renderer learned
        // its policy (none) when it connected.
        QPointer<WebContents> source(request.source);
        const ChannelPolicy previous = source->channelPolicy();
        ChannelPolicy policy = previous;
        policy.allow(ChannelPolicy::Use::Invoke,
                     {QStringLiteral("my_channel"), QStringLiteral("add"), QStringLiteral("ipclab:*")});
        source->setChannelPolicy(policy);
        m_cleanup = [source, previous] {
            if (source)
                source->setChannelPolicy(previous);
        };
        perform(source, {step(QStringLiteral("invoke"), ch, args)}, [this](const QJsonObject &o) {
            const bool refused = errorName(o) == QLatin1String("SecurityError");
            finish(refused, refused ? tr("The policy refused it, as it should: %1").arg(AgentSteps::describe(o))
                                    : tr("Unexpected answer: %1").arg(AgentSteps::describe(o)));
        });
    } else if (p == QLatin1String("error-data")) {
        perform(request.source, {step(QStringLiteral("invoke"), ch, args)}, [this](const QJsonObject &o) {
            const QJsonValue data = o.value(QLatin1String("error")).toObject().value(QLatin1String("data"));
            const bool named = errorName(o) == QLatin1String("ValidationError") && data.isObject();
            const QString dataText = QString::fromUtf8(QJsonDocument(data.toObject()).toJson(QJsonDocument::Compact));
            finish(named, named ? tr("The error arrived whole: %1, data %2").arg(AgentSteps::describe(o), dataText)
                                : tr("Unexpected answer: %1").arg(AgentSteps::describe(o)));
        });
    } else if (p == QLatin1String("handle-once")) {
        IpcMain *ipcMain = m_launcher->ipcMain();
        ipcMain->handleOnce(ch, [](IpcMainInvokeEvent &, const QJsonArray &callArgs) {
            return IpcResult(QStringLiteral("handled once: %1").arg(callArgs.at(0).toString()));
        });
        m_cleanup = [ipcMain, ch] { ipcMain->removeHandler(ch); };
        QPointer<WebContents> source(request.source);
        perform(source, {step(QStringLiteral("invoke"), ch, args)}, [this, source, ch](const QJsonObject &first) {
            if (!source)
                return finish(false, tr("The window went away."));
            perform(source, {step(QStringLiteral("invoke"), ch, {QStringLiteral("again")})},
                    [this, first](const QJsonObject &second) {
                        const bool ok = !AgentSteps::failed(first) && AgentSteps::failed(second);
                        finish(ok, tr("First call: %1; second call: %2")
                                           .arg(AgentSteps::describe(first), AgentSteps::describe(second)));
                    });
        });
    } else if (p == QLatin1String("webcontents-ipc")) {
        QPointer<WebContents> source(request.source);
        QPointer<WebContents> target(request.target);
        const int id = source->id();
        source->ipc()->handle(ch, [id](IpcMainInvokeEvent &, const QJsonArray &) {
            return IpcResult(QStringLiteral("handled by window %1's own ipc").arg(id));
        });
        m_cleanup = [source, ch] {
            if (source)
                source->ipc()->removeHandler(ch);
        };
        perform(source, {step(QStringLiteral("invoke"), ch, args)}, [this, target, ch, args](const QJsonObject &own) {
            if (!target)
                return finish(false, tr("The window went away."));
            perform(target, {step(QStringLiteral("invoke"), ch, args)}, [this, own](const QJsonObject &other) {
                const bool ok = !AgentSteps::failed(own) && AgentSteps::failed(other);
                finish(ok, tr("Its own window: %1; the other window: %2")
                                   .arg(AgentSteps::describe(own), AgentSteps::describe(other)));
            });
        });
    } else if (p == QLatin1String("renderer-port")) {
        // Main's half: take the port that comes with the message, and answer every message on it.
        if (m_mainPort) {
            m_mainPort->close();
            m_mainPort->deleteLater();
        }
        IpcMain *ipcMain = m_launcher->ipcMain();
        const int generation = m_generation;
        const IpcMain::ListenerId listener = ipcMain->once(ch, [this, generation](IpcMainEvent &event, const QJsonArray &) {
            if (event.ports().isEmpty())
                return;
            MessagePort *port = event.ports().first();
            m_mainPort = port;
            connect(port, &MessagePort::message, this, [this, port, generation](const QJsonValue &data) {
                port->postMessage(QJsonValue(QStringLiteral("pong: %1").arg(data.toString())));
                if (generation == m_generation)
                    finish(true, tr("Main answered on its end of the window's channel."));
            });
            port->start();
        }, this);
        m_cleanup = [ipcMain, ch, listener] { ipcMain->off(ch, listener); };
        perform(request.source, {step(QStringLiteral("newChannel"), ch), step(QStringLiteral("portPost"), QString(), args)},
                [this](const QJsonObject &o) {
                    // Done when main's end answers; only a failure to post ends the run here.
                    if (AgentSteps::failed(o))
                        finish(false, AgentSteps::describe(o));
                });
    } else if (p == QLatin1String("binary-data")) {
        perform(request.source, {step(QStringLiteral("invokeBinary"), ch, args)}, [this](const QJsonObject &o) {
            const QJsonObject value = o.value(QLatin1String("value")).toObject();
            const bool ok = value.value(QLatin1String("binary")).toBool();
            finish(ok, ok ? tr("Answer: %1").arg(AgentSteps::describe(o))
                          : tr("Unexpected answer: %1").arg(AgentSteps::describe(o)));
        });
    } else if (p == QLatin1String("data-clone-error")) {
        // First what cannot be cloned (refused at the call, nothing crosses), then plain data.
        QPointer<WebContents> source(request.source);
        perform(source, {step(QStringLiteral("sendUncloneable"), ch)}, [this, source, ch, args](const QJsonObject &refused) {
            if (!source)
                return finish(false, tr("The window went away."));
            perform(source, {step(QStringLiteral("send"), ch, args)}, [this, refused](const QJsonObject &sent) {
                const bool ok = errorName(refused) == QLatin1String("DataCloneError") && !AgentSteps::failed(sent);
                finish(ok, ok ? tr("Refused at the call: %1; the plain data was sent.").arg(AgentSteps::describe(refused))
                              : tr("Unexpected answer: %1").arg(AgentSteps::describe(refused)));
            });
        });
    }
}
