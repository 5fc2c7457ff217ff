#include "parentport.h"

#include "ipcrenderer.h"
#include "parentportchannel.h"

ParentPort::ParentPort(QObject *parent) : QObject(parent), m_ipc(new IpcRenderer(this))
{
    m_ipc->on(QLatin1String(ParentPortChannel::name),
              [this](IpcRendererEvent &event, const QJsonArray &args) {
                  Q_EMIT message(args.at(0), event.ports());
              });
    connect(m_ipc, &IpcRenderer::disconnected, this, &ParentPort::disconnected);
}

ParentPort::~ParentPort() = default;

bool ParentPort::connectToParent()
{
    return m_ipc->connectToMain();
}

QString ParentPort::errorString() const
{
    return m_ipc->errorString();
}

IpcError ParentPort::postMessage(const QJsonValue &message)
{
    return m_ipc->send(QLatin1String(ParentPortChannel::name), QJsonArray {message});
}
