// ipclab-hostile-good: a well-behaved window for ipclab-hostile-matrix. It invokes main's "ping"
// every --interval ms (default 200; 0: back to back) with a sequence number and times each
// answer on its own clock; it checks main's "good:seq" sends arrive numbered 1, 2, 3... from
// main (sender id 0); and on "good:report" it sends "good:stats" [p50 ms, samples, lost,
// forged, sender ids of anything else it was sent] and starts counting afresh (an invoke not
// answered yet counts with the time it has waited so far).

#include "ipcrenderer.h"
#include "ipcreply.h"
#include "monotonicclock.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonArray>
#include <QSet>
#include <QTimer>

#include <algorithm>
#include <vector>

namespace {

class GoodWindow : public QObject
{
public:
    GoodWindow(IpcRenderer *ipc, int interval) : m_ipc(ipc), m_interval(interval)
    {
        m_ipc->on(QStringLiteral("good:seq"),
                  [this](IpcRendererEvent &event, const QJsonArray &args) {
                      const qint64 seq = args.at(0).toInteger();
                      if (event.senderId() != 0 || seq <= m_lastSeq)
                          ++m_forged;
                      else
                          m_lost += seq - m_lastSeq - 1;
                      m_lastSeq = qMax(seq, m_lastSeq);
                  });
        m_ipc->on(QStringLiteral("good:report"),
                  [this](IpcRendererEvent &, const QJsonArray &) { report(); });
        // Whatever else arrives (an attacker's sendTo) is counted by who sent it.
        m_ipc->on(QStringLiteral("flood"), [this](IpcRendererEvent &event, const QJsonArray &) {
            m_others.insert(event.senderId());
        });
        m_ipc->on(QStringLiteral("forged"), [this](IpcRendererEvent &event, const QJsonArray &) {
            m_others.insert(event.senderId());
        });
        QTimer::singleShot(0, this, &GoodWindow::ping);
    }

private:
    void ping()
    {
        const qint64 seq = ++m_pingSeq;
        const qint64 start = monotonicNanoseconds();
        m_pendingSince = start;
        IpcReply *reply = m_ipc->invoke(QStringLiteral("ping"), {seq});
        reply->then(this, [this, seq, start](const IpcResult &result) {
            m_pendingSince = 0;
            m_latencies.push_back(double(monotonicNanoseconds() - start) / 1e6);
            if (result.isError() || result.value().toInteger() != seq)
                ++m_forged;
            if (m_interval > 0)
                QTimer::singleShot(m_interval, this, &GoodWindow::ping);
            else
                QTimer::singleShot(0, this, &GoodWindow::ping);
        });
    }

    void report()
    {
        // An invoke still unanswered counts with the time it has waited so far: a window starved
        // of answers must not look idle.
        if (m_pendingSince > 0)
            m_latencies.push_back(double(monotonicNanoseconds() - m_pendingSince) / 1e6);
        double p50 = -1;
        if (!m_latencies.empty()) {
            std::sort(m_latencies.begin(), m_latencies.end());
            p50 = m_latencies[m_latencies.size() / 2];
        }
        QJsonArray others;
        for (int id : std::as_const(m_others))
            others.append(id);
        m_ipc->send(QStringLiteral("good:stats"),
                    {p50, qint64(m_latencies.size()), m_lost, m_forged, others});
        m_latencies.clear();
        m_lost = 0;
        m_forged = 0;
        m_others.clear();
    }

    IpcRenderer *m_ipc;
    int m_interval;
    qint64 m_pingSeq = 0;
    qint64 m_pendingSince = 0; // when the invoke not answered yet went out
    qint64 m_lastSeq = 0;
    qint64 m_lost = 0;
    qint64 m_forged = 0;
    std::vector<double> m_latencies;
    QSet<int> m_others;
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption intervalOption(QStringLiteral("interval"),
                                            QStringLiteral("ms between invokes"),
                                            QStringLiteral("ms"), QStringLiteral("200"));
    parser.addOption(intervalOption);
    parser.process(app);
    IpcRenderer ipc;
    if (!ipc.connectToMain())
        return 1;
    QObject::connect(&ipc, &IpcRenderer::disconnected, &app, &QCoreApplication::quit);
    GoodWindow window(&ipc, parser.value(intervalOption).toInt());
    return app.exec();
}
