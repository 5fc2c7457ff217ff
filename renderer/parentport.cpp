#include "parentport.h"
#include "parentport_p.h"

#include "ipcrenderer.h"
#include "parentportchannel.h"

ParentPort::ParentPort(QObject *parent)
    : QObject(parent), d_ptr(std::make_unique<ParentPortPrivate>())
{
    Q_D(ParentPort);
    d->m_ipc = new IpcRenderer(this);
    d->m_ipc->on(QLatin1String(ParentPortChannel::name),
              [this](IpcRendererEvent &event, const QJsonArray &args) {
                  Q_EMIT message(args.at(0), event.ports());
              });
    connect(d->m_ipc, &IpcRenderer::disconnected, this, &ParentPort::disconnected);
}

ParentPort::~ParentPort() = default;

IpcRenderer *ParentPort::ipcRenderer() const
{
    Q_D(const ParentPort);
    return d->m_ipc;
}

bool ParentPort::connectToParent()
{
    Q_D(ParentPort);
    return d->m_ipc->connectToMain();
}

QString ParentPort::errorString() const
{
    Q_D(const ParentPort);
    return d->m_ipc->errorString();
}

IpcError ParentPort::postMessage(const QJsonValue &message)
{
    Q_D(ParentPort);
    return d->m_ipc->send(QLatin1String(ParentPortChannel::name), QJsonArray {message});
}
