#pragma once

#include "ipcerror.h"
#include "messageport.h"

#include <QJsonValue>
#include <QList>
#include <QObject>

#include <memory>

class IpcRenderer;

class ParentPortPrivate;

// Electron's process.parentPort, in a child started with UtilityProcess::fork(): messages from
// main with the ports it transferred (e.data, e.ports), and postMessage() back. It speaks
// IPC Lab's renderer protocol underneath, without a window.
//
//     ParentPort parentPort;
//     QObject::connect(&parentPort, &ParentPort::message,
//                      [&](const QJsonValue &data, const QList<MessagePort *> &ports) { ... });
//     parentPort.connectToParent();
//     parentPort.postMessage("ready");
class ParentPort : public QObject
{
    Q_OBJECT
public:
    explicit ParentPort(QObject *parent = nullptr);
    ~ParentPort() override;

    // Connects with what main put in this process's environment. Connect to message() before
    // returning to the event loop: nothing is delivered before then.
    bool connectToParent();
    QString errorString() const;

    // Electron's parentPort.postMessage(message): main's UtilityProcess::message(). With no
    // message, the message is undefined, which arrives as null.
    IpcError postMessage(const QJsonValue &message = QJsonValue(QJsonValue::Undefined));

    // The connection underneath, for what ParentPort does not wrap (its MessagePorts).
    IpcRenderer *ipcRenderer() const;

Q_SIGNALS:
    // Electron's parentPort.on('message', e => …): e.data and e.ports.
    void message(const QJsonValue &data, const QList<MessagePort *> &ports);
    // Main went away (or refused this child): a child usually exits then.
    void disconnected();

private:
    std::unique_ptr<ParentPortPrivate> d_ptr;
    Q_DECLARE_PRIVATE(ParentPort)
};
