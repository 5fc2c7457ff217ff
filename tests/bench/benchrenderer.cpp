// ipclab-bench-renderer: the renderer half of ipclab-bench. Started by ipclab-bench through
// RendererLauncher, it connects with IpcRenderer::connectToMain() and, when main sends
// "bench:run" [pattern, count], runs that pattern count times back to back, timing each round
// trip itself on the shared monotonic clock, and sends "bench:result" [pattern, [ns...]].
// It also answers the patterns main times or relays (push, relay leg B, MessagePort echo).

#include "ipcrenderer.h"
#include "ipcreply.h"
#include "messageport.h"
#include "monotonicclock.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QTimer>

#include <cstdio>

namespace {

class BenchRenderer : public QObject
{
public:
    explicit BenchRenderer(IpcRenderer *ipc) : m_ipc(ipc)
    {
        m_ipc->on(QStringLiteral("bench:payload"), [this](IpcRendererEvent &, const QJsonArray &args) {
            m_args = QJsonArray{args.at(0)};
        });
        m_ipc->on(QStringLiteral("bench:run"), [this](IpcRendererEvent &, const QJsonArray &args) {
            const QString pattern = args.at(0).toString();
            const int count = args.at(1).toInt();
            // Leave the listener first: sendSync must not run nested inside a dispatch.
            QTimer::singleShot(0, this, [this, pattern, count] { begin(pattern, count); });
        });
        m_ipc->on(QStringLiteral("bench:push"), [this](IpcRendererEvent &, const QJsonArray &args) {
            m_ipc->send(QStringLiteral("bench:pushed"), args);
        });
        m_ipc->on(QStringLiteral("bench:relay-b"), [this](IpcRendererEvent &, const QJsonArray &args) {
            m_ipc->send(QStringLiteral("bench:relay-b-back"), args);
        });
        m_ipc->on(QStringLiteral("bench:relay-a-back"), [this](IpcRendererEvent &, const QJsonArray &) {
            if (m_pattern == QLatin1String("relay"))
                roundTripDone();
        });
        m_ipc->on(QStringLiteral("bench:port"), [this](IpcRendererEvent &event, const QJsonArray &args) {
            if (event.ports().isEmpty())
                return;
            m_port = event.ports().first();
            const bool echo = args.at(0).toString() == QLatin1String("echo");
            connect(m_port, &MessagePort::message, this,
                    [this, echo](const QJsonValue &data, const QList<MessagePort *> &) {
                        if (echo)
                            m_port->postMessage(data);
                        else if (m_pattern == QLatin1String("port"))
                            roundTripDone();
                    });
            m_port->start();
        });
    }

private:
    void begin(const QString &pattern, int count)
    {
        m_pattern = pattern;
        m_count = count;
        m_samples = QJsonArray();
        if (pattern == QLatin1String("sendSync")) {
            for (int i = 0; i < count; ++i) {
                const qint64 t0 = monotonicNanoseconds();
                const IpcResult result = m_ipc->sendSync(QStringLiteral("bench:sync"), m_args);
                m_samples.append(double(monotonicNanoseconds() - t0));
                if (result.isError())
                    return fail(result.error().message());
            }
            return report();
        }
        if (pattern == QLatin1String("flood")) {
            // Back to back, as an app would: the writes leave when this returns to the event loop.
            const qint64 t0 = monotonicNanoseconds();
            for (int i = 0; i < count; ++i)
                m_ipc->send(QStringLiteral("bench:flood"), m_args);
            m_ipc->send(QStringLiteral("bench:flood-done"), {double(t0)});
            m_pattern.clear();
            return;
        }
        if (pattern == QLatin1String("port") && !m_port)
            return fail(QStringLiteral("no MessagePort arrived"));
        if (pattern != QLatin1String("invoke") && pattern != QLatin1String("relay")
            && pattern != QLatin1String("port"))
            return fail(QStringLiteral("unknown pattern"));
        next();
    }

    void next()
    {
        m_t0 = monotonicNanoseconds();
        if (m_pattern == QLatin1String("invoke")) {
            IpcReply *reply = m_ipc->invoke(QStringLiteral("bench:echo"), m_args);
            connect(reply, &IpcReply::finished, this, [this, reply] {
                reply->deleteLater();
                if (reply->isError())
                    return fail(reply->error().message());
                roundTripDone();
            });
        } else if (m_pattern == QLatin1String("relay")) {
            m_ipc->send(QStringLiteral("bench:relay-a"), m_args);
        } else {
            m_port->postMessage(m_args.at(0));
        }
    }

    void roundTripDone()
    {
        m_samples.append(double(monotonicNanoseconds() - m_t0));
        if (m_samples.size() < m_count)
            next();
        else
            report();
    }

    void report()
    {
        m_ipc->send(QStringLiteral("bench:result"), {m_pattern, m_samples});
        m_pattern.clear();
    }

    void fail(const QString &why)
    {
        m_ipc->send(QStringLiteral("bench:result"), {QStringLiteral("error"), why});
        m_pattern.clear();
    }

    IpcRenderer *m_ipc;
    MessagePort *m_port = nullptr;
    QJsonArray m_args{QString(64, QLatin1Char('x'))};
    QString m_pattern;
    int m_count = 0;
    qint64 m_t0 = 0;
    QJsonArray m_samples;
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    IpcRenderer ipcRenderer;
    QObject::connect(&ipcRenderer, &IpcRenderer::disconnected, &app, [] { QCoreApplication::exit(0); });
    if (!ipcRenderer.connectToMain()) {
        std::fprintf(stderr, "ipclab-bench-renderer: %s\n", qPrintable(ipcRenderer.errorString()));
        return 2;
    }
    BenchRenderer bench(&ipcRenderer);
    return QCoreApplication::exec();
}
