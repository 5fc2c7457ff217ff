// ipclab-bench-renderer: the renderer half of ipclab-bench. Started by ipclab-bench through
// RendererLauncher, it connects with IpcRenderer::connectToMain() and, when main sends
// "bench:run" [pattern, count, payload bytes (optional)], runs that pattern count times back to
// back, timing each round trip itself on the shared monotonic clock ("invoke-records" invokes
// with the object payload of benchpayload.h, that many records), and sends "bench:result"
// [pattern, [ns...], batch start ns, batch end ns]. It also answers the patterns main times or
// relays (push, relay leg B, sendTo leg B, MessagePort echo).
//
// "bench:paced" [kind, count, interval µs] paces instead of running back to back, for
// ipclab-guistall: "invoke" starts one invoke every interval (skipping a tick while one is
// pending) and reports its round trips like bench:run; "send" sends so that count messages
// leave at one per interval on average, then "bench:paced-done".

#include "benchpayload.h"
#include "ipcrenderer.h"
#include "ipcreply.h"
#include "messageport.h"
#include "messagetrace.h"
#include "monotonicclock.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QTimer>

#include <algorithm>
#include <cmath>
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
        m_ipc->on(QStringLiteral("bench:peer"), [this](IpcRendererEvent &, const QJsonArray &args) {
            m_peerId = args.at(0).toInt();
        });
        m_ipc->on(QStringLiteral("bench:run"), [this](IpcRendererEvent &, const QJsonArray &args) {
            const QString pattern = args.at(0).toString();
            const int count = args.at(1).toInt();
            const qint64 payloadBytes = args.size() > 2 ? qint64(args.at(2).toDouble()) : -1;
            // Leave the listener first: sendSync must not run nested inside a dispatch.
            QTimer::singleShot(0, this, [this, pattern, count, payloadBytes] {
                begin(pattern, count, payloadBytes);
            });
        });
        m_ipc->on(QStringLiteral("bench:paced"), [this](IpcRendererEvent &, const QJsonArray &args) {
            startPaced(args.at(0).toString(), args.at(1).toInt(), args.at(2).toInt());
        });
        m_pacer.setTimerType(Qt::PreciseTimer);
        connect(&m_pacer, &QTimer::timeout, this, &BenchRenderer::pacedTick);
        // sendTo's second leg: straight back to the renderer that sent it, through main.
        m_ipc->on(QStringLiteral("bench:sendto"),
                  [this](IpcRendererEvent &event, const QJsonArray &args) {
                      m_ipc->sendTo(event.senderId(), QStringLiteral("bench:sendto-back"), args);
                  });
        m_ipc->on(QStringLiteral("bench:sendto-back"),
                  [this](IpcRendererEvent &, const QJsonArray &) {
                      if (m_pattern == QLatin1String("sendTo"))
                          roundTripDone();
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
    void startPaced(const QString &kind, int count, int intervalUs)
    {
        m_pacedKind = kind;
        m_pacedCount = count;
        m_pacedDone = 0;
        m_pacedIntervalNs = qint64(intervalUs) * 1000;
        m_pacedPending = false;
        m_samples = QJsonArray();
        m_batchStart = monotonicNanoseconds();
        // A tick every millisecond at most; a send tick sends what the clock says is due.
        m_pacer.start(std::max(1, intervalUs / 1000));
        pacedTick();
    }

    void pacedTick()
    {
        if (m_pacedKind == QLatin1String("send")) {
            const qint64 due = std::min<qint64>(
                    m_pacedCount, (monotonicNanoseconds() - m_batchStart) / m_pacedIntervalNs + 1);
            for (; m_pacedDone < due; ++m_pacedDone)
                m_ipc->send(QStringLiteral("bench:flood"), m_args);
            if (m_pacedDone >= m_pacedCount) {
                m_pacer.stop();
                m_ipc->send(QStringLiteral("bench:paced-done"), {m_pacedDone});
            }
            return;
        }
        if (m_pacedPending)
            return;
        m_pacedPending = true;
        const qint64 t0 = monotonicNanoseconds();
        IpcReply *reply = m_ipc->invoke(QStringLiteral("bench:echo"), m_args);
        connect(reply, &IpcReply::finished, this, [this, reply, t0] {
            const qint64 t1 = monotonicNanoseconds();
            reply->deleteLater();
            m_pacedPending = false;
            if (reply->isError()) {
                m_pacer.stop();
                return fail(reply->error().message());
            }
            m_samples.append(double(t1 - t0));
            if (++m_pacedDone >= m_pacedCount) {
                m_pacer.stop();
                m_pattern = QStringLiteral("paced-invoke");
                report();
            }
        });
    }

    void begin(const QString &pattern, int count, qint64 payloadBytes)
    {
        m_pattern = pattern;
        m_count = count;
        m_samples = QJsonArray();
        m_batchStart = monotonicNanoseconds();
        if (payloadBytes < 0) {
            m_runArgs = m_args;
        } else if (pattern == QLatin1String("invoke-binary")) {
            if (m_binary.size() != payloadBytes) {
                m_binary = QByteArray(qsizetype(payloadBytes), Qt::Uninitialized);
                for (qsizetype i = 0; i < m_binary.size(); ++i)
                    m_binary[i] = char(i * 31 + i / 251);
            }
        } else if (pattern == QLatin1String("invoke-records")) {
            if (m_runArgs.isEmpty() || m_runArgs.at(0).toArray().size() != payloadBytes)
                m_runArgs = QJsonArray{benchRecords(int(payloadBytes))};
        } else if (m_runArgs.isEmpty() || !m_runArgs.at(0).isString()
                   || m_runArgs.at(0).toString().size() != payloadBytes) {
            m_runArgs = QJsonArray{QString(qsizetype(payloadBytes), QLatin1Char('x'))};
        }
        if (pattern == QLatin1String("sendSync")) {
            for (int i = 0; i < count; ++i) {
                const qint64 t0 = monotonicNanoseconds();
                const IpcResult result = m_ipc->sendSync(QStringLiteral("bench:sync"), m_runArgs);
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
                m_ipc->send(QStringLiteral("bench:flood"), m_runArgs);
            m_ipc->send(QStringLiteral("bench:flood-done"), {double(t0)});
            m_pattern.clear();
            return;
        }
        if (pattern == QLatin1String("port") && !m_port)
            return fail(QStringLiteral("no MessagePort arrived"));
        if (pattern == QLatin1String("sendTo") && m_peerId == 0)
            return fail(QStringLiteral("main never said which renderer to sendTo"));
        if (pattern != QLatin1String("invoke") && pattern != QLatin1String("invoke-binary")
            && pattern != QLatin1String("invoke-records")
            && pattern != QLatin1String("relay")
            && pattern != QLatin1String("port") && pattern != QLatin1String("sendTo"))
            return fail(QStringLiteral("unknown pattern"));
        next();
    }

    void next()
    {
        m_t0 = monotonicNanoseconds();
        // invoke-records is the same echo with the object payload as its argument.
        if (m_pattern == QLatin1String("invoke") || m_pattern == QLatin1String("invoke-records")) {
            IpcReply *reply = m_ipc->invoke(QStringLiteral("bench:echo"), m_runArgs);
            connect(reply, &IpcReply::finished, this, [this, reply] {
                const qint64 t1 = monotonicNanoseconds();
                reply->deleteLater();
                if (reply->isError())
                    return fail(reply->error().message());
                // Once per batch, after the clock is read: main really echoed the argument.
                if (m_samples.isEmpty() && reply->value() != m_runArgs.at(0))
                    return fail(QStringLiteral("main's echo handler answered %1 bytes for %2")
                                        .arg(reply->value().toString().size())
                                        .arg(m_runArgs.at(0).toString().size()));
                roundTripDone(t1);
            });
        } else if (m_pattern == QLatin1String("invoke-binary")) {
            // The bytes go raw, as a frame attachment, and come back the same way.
            IpcReply *reply = m_ipc->invoke(QStringLiteral("bench:echo-binary"), QVariantList{m_binary});
            connect(reply, &IpcReply::finished, this, [this, reply] {
                const qint64 t1 = monotonicNanoseconds();
                reply->deleteLater();
                if (reply->isError())
                    return fail(reply->error().message());
                if (m_samples.isEmpty() && reply->bytes() != m_binary)
                    return fail(QStringLiteral("main's binary echo answered %1 bytes for %2, or other bytes")
                                        .arg(reply->bytes().size())
                                        .arg(m_binary.size()));
                roundTripDone(t1);
            });
        } else if (m_pattern == QLatin1String("relay")) {
            m_ipc->send(QStringLiteral("bench:relay-a"), m_runArgs);
        } else if (m_pattern == QLatin1String("sendTo")) {
            m_ipc->sendTo(m_peerId, QStringLiteral("bench:sendto"), m_runArgs);
        } else {
            m_port->postMessage(m_runArgs.at(0));
        }
    }

    void roundTripDone(qint64 t1 = 0)
    {
        m_samples.append(double((t1 ? t1 : monotonicNanoseconds()) - m_t0));
        if (m_samples.size() < m_count)
            next();
        else
            report();
    }

    void report()
    {
        const double batchEnd = double(monotonicNanoseconds());
        m_ipc->send(QStringLiteral("bench:result"),
                    {m_pattern, m_samples, double(m_batchStart), batchEnd});
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
    QJsonArray m_runArgs; // this batch's: m_args, or a string of the size main asked for
    QByteArray m_binary;  // invoke-binary's argument, of the size main asked for
    int m_peerId = 0;     // renderer B's webContents id, for sendTo
    QString m_pattern;
    int m_count = 0;
    qint64 m_t0 = 0;
    qint64 m_batchStart = 0;
    QJsonArray m_samples;
    QTimer m_pacer; // bench:paced
    QString m_pacedKind;
    int m_pacedCount = 0;
    qint64 m_pacedDone = 0;
    qint64 m_pacedIntervalNs = 1000000;
    bool m_pacedPending = false;
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    // As ipclab-renderer does: frames carry their send time when main traces (ipclab-guistall).
    MessageTrace::enableFromEnvironment();
    IpcRenderer ipcRenderer;
    QObject::connect(&ipcRenderer, &IpcRenderer::disconnected, &app, [] { QCoreApplication::exit(0); });
    if (!ipcRenderer.connectToMain()) {
        std::fprintf(stderr, "ipclab-bench-renderer: %s\n", qPrintable(ipcRenderer.errorString()));
        return 2;
    }
    BenchRenderer bench(&ipcRenderer);
    return QCoreApplication::exec();
}
