// ipclab-soak-renderer: the renderer half of ipclab-soak. Each "soak:go" [peer id, sends,
// invokes, sendSyncs, sendTos, port messages] from main is one batch: that many sends, invokes
// (all issued, then awaited), sendSyncs and sendTos to the peer window, and a new
// MessageChannel whose second port goes to main ("soak:port-offer", moved on to the peer), over
// which that many messages go and come back echoed; then the port is closed. When all of it is
// done (or the peer went away and closed the port), "soak:done" [messages] tells main how many
// messages the batch made, replies and echoes included. Ports that arrive ("soak:port") are
// echo ends, dropped when closed. Pushes from main ("soak:push") and sendTos from peers are only
// taken.

#include "ipcrenderer.h"
#include "ipcreply.h"
#include "messagechannel.h"
#include "messageport.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QPointer>
#include <QTimer>

#include <cstdio>

namespace {

class SoakRenderer : public QObject
{
public:
    explicit SoakRenderer(IpcRenderer *ipc) : m_ipc(ipc)
    {
        m_ipc->on(QStringLiteral("soak:go"), [this](IpcRendererEvent &, const QJsonArray &args) {
            // Leave the listener first: sendSync must not run nested inside a dispatch.
            QTimer::singleShot(0, this, [this, args] { run(args); });
        });
        m_ipc->on(QStringLiteral("soak:push"), [](IpcRendererEvent &, const QJsonArray &) {});
        m_ipc->on(QStringLiteral("soak:to"), [](IpcRendererEvent &, const QJsonArray &) {});
        m_ipc->on(QStringLiteral("soak:port"), [this](IpcRendererEvent &event, const QJsonArray &) {
            for (MessagePort *port : event.ports()) {
                connect(port, &MessagePort::message, port,
                        [port](const QJsonValue &data, const QList<MessagePort *> &) {
                            port->postMessage(data);
                        });
                connect(port, &MessagePort::closed, port, &QObject::deleteLater);
                port->start();
            }
        });
    }

private:
    void run(const QJsonArray &args)
    {
        const int peer = args.at(0).toInt();
        const int sends = args.at(1).toInt();
        const int invokes = args.at(2).toInt();
        const int syncs = args.at(3).toInt();
        const int sendTos = args.at(4).toInt();
        const int portMessages = args.at(5).toInt();
        const QString small(48, QLatin1Char('s'));
        m_messages = 0;
        m_waiting = 0;

        for (int i = 0; i < sends; ++i) {
            if (m_ipc->send(QStringLiteral("soak:send"), {i, small}).isNull())
                ++m_messages;
        }
        for (int i = 0; i < syncs; ++i) {
            if (!m_ipc->sendSync(QStringLiteral("soak:sync"), {i}).isError())
                m_messages += 2;
        }
        for (int i = 0; peer > 0 && i < sendTos; ++i) {
            if (m_ipc->sendTo(peer, QStringLiteral("soak:to"), {i, small}).isNull())
                ++m_messages;
        }
        for (int i = 0; i < invokes; ++i) {
            // One invoke a batch carries a few KiB, the rest are small.
            const QJsonValue payload
                    = i == 0 ? QJsonValue(QString(4096, QLatin1Char('b'))) : QJsonValue(small);
            IpcReply *reply = m_ipc->invoke(QStringLiteral("soak:invoke"), {i, payload}, 60000);
            ++m_waiting;
            connect(reply, &IpcReply::finished, this, [this, reply] {
                reply->deleteLater();
                m_messages += reply->isError() ? 1 : 2;
                finished();
            });
        }
        if (peer > 0 && portMessages > 0) {
            MessageChannel channel(m_ipc);
            if (channel.port1 && channel.port2) {
                QPointer<MessagePort> port = channel.port1;
                m_port = port;
                ++m_waiting;
                auto echoes = std::make_shared<int>(0);
                const auto done = [this, port] {
                    if (!port || port != m_port)
                        return;
                    m_port = nullptr;
                    port->close();
                    port->deleteLater();
                    finished();
                };
                connect(port, &MessagePort::message, this, [this, echoes, portMessages, done] {
                    m_messages += 2;
                    if (++*echoes == portMessages)
                        done();
                });
                connect(port, &MessagePort::closed, this, done);
                m_ipc->postMessage(QStringLiteral("soak:port-offer"), peer, {channel.port2});
                port->start();
                for (int i = 0; i < portMessages; ++i)
                    port->postMessage(i);
            }
        }
        ++m_waiting; // the batch itself, so that it ends once
        finished();
    }

    void finished()
    {
        if (--m_waiting == 0)
            m_ipc->send(QStringLiteral("soak:done"), {m_messages});
    }

    IpcRenderer *m_ipc;
    QPointer<MessagePort> m_port;
    qint64 m_messages = 0;
    int m_waiting = 0;
};

// A sendTo racing a restart fails by design; main counts them, this one need not log them.
QtMessageHandler defaultHandler = nullptr;

void filterMessages(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (type != QtWarningMsg || !message.contains(QLatin1String("sendTo: ")))
        defaultHandler(type, context, message);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    defaultHandler = qInstallMessageHandler(filterMessages);
    IpcRenderer ipcRenderer;
    QObject::connect(&ipcRenderer, &IpcRenderer::disconnected, &app,
                     [] { QCoreApplication::exit(0); });
    if (!ipcRenderer.connectToMain()) {
        std::fprintf(stderr, "ipclab-soak-renderer: %s\n", qPrintable(ipcRenderer.errorString()));
        return 2;
    }
    SoakRenderer soak(&ipcRenderer);
    return QCoreApplication::exec();
}
