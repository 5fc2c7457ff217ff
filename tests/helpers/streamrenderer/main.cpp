// A renderer for tst_lowfaults: streams the numbered frames of streamframes.h to main and
// checks the ones main streams to it.
//   main -> renderer: "stream:frame" (send) and, every 50th frame, an invoke of the same name,
//     answered with the frame's number; invoke "stream:report" answers
//     {"received": frames taken in order, "error": the first thing wrong, or "", and, under
//     tst_lowfaults' shim, "shimSeen" and "shimFaulted": its calls by kind}.
//   "stream:start" [count, burst, intervalMs]: frames 0..count-1 go to main, burst of them per
//     timer tick: as "stream:frame" sends, every 50th (n % 50 == 49) as an invoke and every 50th
//     (n % 50 == 24) as a sendSync of the same name, whose answers must be n; then
//     "stream:done" [count, the first wrong answer or ""].
// sendSync waits up to 120 s (see main()). It exits when main goes away.

#include "ipcrenderer.h"
#include "ipcreply.h"
#include "streamframes.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QTimer>

#include <cstdio>
#include <dlfcn.h>

namespace {

class StreamRenderer : public QObject
{
public:
    explicit StreamRenderer(IpcRenderer *ipc) : m_ipc(ipc)
    {
        m_ipc->on(QStringLiteral("stream:frame"),
                  [this](IpcRendererEvent &event, const QJsonArray &) { take(event.arguments()); });
        m_ipc->handle(QStringLiteral("stream:frame"),
                      [this](IpcRendererEvent &event, const QJsonArray &) {
                          const QVariantList args = event.arguments();
                          take(args);
                          return IpcResult(args.value(0).toInt());
                      });
        m_ipc->handle(QStringLiteral("stream:report"),
                      [this](IpcRendererEvent &, const QJsonArray &) {
                          QJsonObject report {{"received", m_received}, {"error", m_error}};
                          // What tst_lowfaults' shim did here, if it is loaded: calls seen and
                          // faulted, by kind.
                          using Counts = void (*)(long *, long *);
                          if (const auto counts = reinterpret_cast<Counts>(
                                      dlsym(RTLD_DEFAULT, "ipclab_faultshim_counts"))) {
                              long seen[8];
                              long faulted[8];
                              counts(seen, faulted);
                              QJsonArray seenList;
                              QJsonArray faultedList;
                              for (int i = 0; i < 8; ++i) {
                                  seenList.append(double(seen[i]));
                                  faultedList.append(double(faulted[i]));
                              }
                              report.insert("shimSeen", seenList);
                              report.insert("shimFaulted", faultedList);
                          }
                          return IpcResult(report);
                      });
        m_ipc->on(QStringLiteral("stream:start"),
                  [this](IpcRendererEvent &, const QJsonArray &args) {
                      m_count = args.at(0).toInt();
                      m_burst = qMax(1, args.at(1).toInt());
                      m_next = 0;
                      m_timer.start(args.at(2).toInt());
                  });
        connect(&m_timer, &QTimer::timeout, this, &StreamRenderer::sendBurst);
    }

private:
    void take(const QVariantList &args)
    {
        if (!m_error.isEmpty())
            return;
        m_error = StreamFrames::check(m_received, args);
        if (m_error.isEmpty())
            ++m_received;
    }

    void sendBurst()
    {
        for (int i = 0; i < m_burst && m_next < m_count; ++i, ++m_next) {
            const int n = m_next;
            const QVariantList frame = StreamFrames::frame(n);
            if (n % 50 == 49) {
                IpcReply *reply = m_ipc->invoke(QStringLiteral("stream:frame"), frame);
                connect(reply, &IpcReply::finished, this, [this, reply, n] {
                    reply->deleteLater();
                    if (reply->isError() || reply->value().toInt() != n)
                        wrongAnswer(QStringLiteral("invoke of frame %1 answered %2 %3")
                                            .arg(n)
                                            .arg(reply->value().toInt())
                                            .arg(reply->error().message()));
                    ++m_answered;
                    finishIfDone();
                });
                continue;
            }
            if (n % 50 == 24) {
                const IpcResult result = m_ipc->sendSync(QStringLiteral("stream:frame"), frame);
                if (result.isError() || result.value().toInt() != n)
                    wrongAnswer(QStringLiteral("sendSync of frame %1 answered %2 %3")
                                        .arg(n)
                                        .arg(result.value().toInt())
                                        .arg(result.error().message()));
                continue;
            }
            const IpcError error = m_ipc->send(QStringLiteral("stream:frame"), frame);
            if (!error.isNull())
                wrongAnswer(
                        QStringLiteral("send of frame %1 failed: %2").arg(n).arg(error.message()));
        }
        if (m_next >= m_count) {
            m_timer.stop();
            finishIfDone();
        }
    }

    void wrongAnswer(const QString &what)
    {
        if (m_answerError.isEmpty())
            m_answerError = what;
    }

    void finishIfDone()
    {
        if (m_next < m_count || m_answered < m_count / 50 || m_done)
            return;
        m_done = true;
        m_ipc->send(QStringLiteral("stream:done"), {m_count, m_answerError});
    }

    IpcRenderer *m_ipc;
    QTimer m_timer;
    int m_received = 0;
    QString m_error;
    int m_count = 0;
    int m_burst = 1;
    int m_next = 0;
    int m_answered = 0;
    bool m_done = false;
    QString m_answerError;
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    IpcRenderer ipcRenderer;
    QObject::connect(&ipcRenderer, &IpcRenderer::disconnected, &app,
                     [] { QCoreApplication::exit(0); });
    if (!ipcRenderer.connectToMain()) {
        std::fprintf(stderr, "ipclab-test-streamrenderer: %s\n",
                     qPrintable(ipcRenderer.errorString()));
        return 2;
    }
    // tst_lowfaults stops this process for 10 s, possibly inside a sendSync, while main streams
    // tens of MiB into it that the answer waits behind: the default 10 s would fail that call.
    ipcRenderer.setSendSyncTimeout(120000);
    StreamRenderer stream(&ipcRenderer);
    return QCoreApplication::exec();
}
