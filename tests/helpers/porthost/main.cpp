// A main process for the directness test in tst_messagechannel: it gives two renderers the
// seeds' MessageChannelMain ports, waits until their pipe is direct, starts both streaming 60
// messages 20 ms apart, prints "ready", and waits for its standard input to close. The renderers
// print what they receive (--print-port-traffic) on the stdout they share with this process, so
// whoever reads it sees the traffic even while this process is stopped. A line "ping" on its
// standard input makes it invoke both renderers and print "pong <id> <id>" with their answers:
// proof that main's own links work (again, after a SIGSTOP).

#include "ipcmain.h"
#include "ipcreply.h"
#include "messagechannelmain.h"
#include "rendererlauncher.h"
#include "webcontents.h"

#include <QCoreApplication>
#include <QSocketNotifier>
#include <QTimer>

#include <cstdio>

#include <unistd.h>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    IpcMain ipcMain;
    RendererLauncher launcher(&ipcMain);
    launcher.setRendererProgram(QStringLiteral(IPCLAB_RENDERER_PATH));
    const QStringList arguments{QStringLiteral("--headless"), QStringLiteral("--print-port-traffic")};
    WebContents *w1 = launcher.launch(arguments);
    WebContents *w2 = launcher.launch(arguments);
    MessageChannelMain channel(&launcher);
    w1->postMessage(QStringLiteral("port"), QJsonValue(), {channel.port1});
    w2->postMessage(QStringLiteral("port"), QJsonValue(), {channel.port2});

    const QJsonObject stream{{QStringLiteral("op"), QStringLiteral("portPostMany")},
                             {QStringLiteral("count"), 60},
                             {QStringLiteral("intervalMs"), 20}};
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &app, [&] {
        int direct = 0;
        for (WebContents *w : {w1, w2}) {
            IpcReply *state = w->invoke(QStringLiteral("ipclab:port-state"));
            state->waitForFinished(5000);
            direct += state->value().toObject().value(QLatin1String("direct")).toBool();
            delete state;
        }
        if (direct < 2)
            return;
        poll.stop();
        for (WebContents *w : {w1, w2})
            w->invoke(QStringLiteral("ipclab:perform"), QJsonArray{QJsonValue(QJsonArray{stream})})
                    ->then(&app, [](const IpcResult &) {});
        std::printf("ready %lld %lld\n", w1->osProcessId(), w2->osProcessId());
        std::fflush(stdout);
    });
    poll.start(20);

    auto *input = new QSocketNotifier(STDIN_FILENO, QSocketNotifier::Read, &app);
    QObject::connect(input, &QSocketNotifier::activated, &app, [&] {
        char buffer[64];
        const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
        if (n <= 0) {
            QCoreApplication::quit();
            return;
        }
        if (!QByteArray(buffer, int(n)).contains("ping"))
            return;
        QStringList ids;
        for (WebContents *w : {w1, w2}) {
            IpcReply *info = w->invoke(QStringLiteral("get-renderer-info"));
            info->waitForFinished(5000);
            ids << QString::number(info->value().toObject().value(QLatin1String("id")).toInt());
            delete info;
        }
        std::printf("pong %s\n", qPrintable(ids.join(QLatin1Char(' '))));
        std::fflush(stdout);
    });
    return app.exec();
}
