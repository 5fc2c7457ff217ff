#include "utilityprocess.h"
#include "utilityprocess_p.h"

#include "ipcmain.h"
#include "parentportchannel.h"
#include "rendererlauncher.h"
#include "webcontents.h"

#include <csignal>

UtilityProcess::UtilityProcess(WebContents *contents, QObject *parent)
    : QObject(parent), d_ptr(std::make_unique<UtilityProcessPrivate>())
{
    Q_D(UtilityProcess);
    d->m_contents = contents;
    d->m_contents->setParent(this);
    d->m_contents->ipc()->on(
            QLatin1String(ParentPortChannel::name),
            [this](IpcMainEvent &, const QJsonArray &args) { Q_EMIT message(args.at(0)); });
    connect(d->m_contents, &WebContents::renderProcessGone, this, &UtilityProcess::onGone);
}

UtilityProcess::~UtilityProcess() = default;

UtilityProcess *UtilityProcess::fork(RendererLauncher *launcher, const QString &program,
                                     const QStringList &arguments)
{
    WebContents *contents = launcher->newWebContents(true);
    if (!contents)
        return nullptr;
    auto *child = new UtilityProcess(contents, launcher);
    contents->start(program, arguments);
    connect(contents->process(), &QProcess::started, child, &UtilityProcess::spawn);
    return child;
}

IpcError UtilityProcess::postMessage(const QJsonValue &message,
                                     const QList<MessagePort *> &transfer)
{
    Q_D(UtilityProcess);
    return d->m_contents->postMessage(QLatin1String(ParentPortChannel::name), message, transfer);
}

bool UtilityProcess::kill()
{
    Q_D(UtilityProcess);
    QProcess *process = d->m_contents->process();
    if (!process || process->state() != QProcess::Running || d->m_exited)
        return false;
    d->m_killRequested = true;
    process->terminate();
    return true;
}

qint64 UtilityProcess::pid() const
{
    Q_D(const UtilityProcess);
    return d->m_exited ? 0 : d->m_contents->getOSProcessId();
}

void UtilityProcess::onGone(const RenderProcessGoneDetails &details)
{
    Q_D(UtilityProcess);
    if (d->m_exited)
        return;
    d->m_exited = true;
    const bool killedByUs = d->m_killRequested && details.exitCode == SIGTERM
            && details.reason == QLatin1String("killed");
    Q_EMIT exit(killedByUs ? 0 : details.exitCode);
}
