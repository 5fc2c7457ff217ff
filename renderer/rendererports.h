#pragma once

#include "portrouter.h"

#include <QHash>

#include <functional>
#include <memory>

class Connection;
class QLocalServer;
class QTemporaryDir;
struct Message;

// A renderer's PortRouter. Port messages go through main until main introduces this renderer
// to the one holding the other end; from then on they travel over a direct pipe between the two
// processes, and main is out of the path. The lower-numbered renderer of a pair listens on a
// private socket of its own; the other connects and proves the secret main gave both.
class RendererPorts : public PortRouter
{
    Q_OBJECT
public:
    using SendToMain = std::function<IpcError(const Message &)>;
    RendererPorts(int location, SendToMain sendToMain, QObject *parent);
    ~RendererPorts() override;

    void listen(int peer, const QString &secret);
    void connectPipe(int peer, const QString &path, const QString &secret);

    // True when messages posted on port go straight to the process holding its other end.
    bool isDirect(const MessagePort *port) const;

protected:
    IpcError transmit(int location, const PortMessage &message) override;
    bool holdDeathClose(int peerAt) const override;

private:
    void onNewConnection();
    void onPipeMessage(Connection *pipe, const Message &message);
    void openPipe(int peer, Connection *pipe);

    SendToMain m_sendToMain;
    std::unique_ptr<QTemporaryDir> m_directory;
    QLocalServer *m_server = nullptr;
    QHash<int, QString> m_expected;   // peer -> secret it must present
    QHash<int, Connection *> m_pipes; // open pipes by peer
};
