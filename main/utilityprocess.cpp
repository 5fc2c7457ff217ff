#include "utilityprocess.h"

#include "ipcmain.h"
#include "parentportchannel.h"
#include "rendererlauncher.h"
#include "webcontents.h"

#include <csignal>

UtilityProcess::UtilityProcess(WebContents *contents, QObject *parent)
    : QObject(parent), m_contents(contents)
{
    m_contents->setParent(this);
    m_contents->ipc()->on(
            QLatin1String(ParentPortChannel::name),
            [this](IpcMainEvent &, const QJsonArray &args) { Q_EMIT message(args.at(0)); });
    connect(m_contents, &WebContents::renderProcessGone, this, &UtilityProcess::onGone);
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
    return m_contents->postMessage(QLatin1String(ParentPortChannel::name), message, transfer);
}

bool UtilityProcess::kill()
{
    QProcess *process = m_contents->process();
    if (!process || process->state() != QProcess::Running || m_exited)
        return false;
    m_killRequested = true;
    process->terminate();
    return true;
}

qint64 UtilityProcess::pid() const
{
    return m_exited ? 0 : m_contents->getOSProcessId();
}

void UtilityProcess::onGone(const RenderProcessGoneDetails &details)
{
    if (m_exited)
        return;
    m_exited = true;
    const bool killedByUs = m_killRequested && details.exitCode == SIGTERM
            && details.reason == QLatin1String("killed");
    Q_EMIT exit(killedByUs ? 0 : details.exitCode);
}
