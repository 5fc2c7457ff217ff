// ipclab-renderer: one renderer process. Started by the main process (never by hand), it
// connects back with the id and token from its environment, shows its window and does what
// the main process asks of it. It exits when main goes away.

#include "ipcrenderer.h"
#include "rendereragent.h"
#include "rendererwindow.h"
#include "translations.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QLocale>

#include <cstdio>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("ipclab-renderer"));
    QApplication::setOrganizationName(QStringLiteral("IPC Lab"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("An IPC Lab renderer process, started by ipclab."));
    parser.addHelpOption();
    const QCommandLineOption headless(QStringLiteral("headless"), QStringLiteral("Show no window."));
    const QCommandLineOption language(QStringLiteral("lang"), QStringLiteral("Language (en, zh_CN)."),
                                      QStringLiteral("locale"));
    const QCommandLineOption printPorts(QStringLiteral("print-port-traffic"),
                                        QStringLiteral("Print every MessagePort event on stdout."));
    // For tests: connect, send one message and exit at once, before main has answered anything.
    QCommandLineOption sayAndExit(QStringLiteral("say-and-exit"), QStringLiteral("Testing aid."),
                                  QStringLiteral("channel"));
    sayAndExit.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOptions({headless, language, printPorts, sayAndExit});
    parser.process(app);
    installTranslations(parser.isSet(language) ? QLocale(parser.value(language)) : QLocale());

    IpcRenderer ipcRenderer;
    bool refused = false;
    QObject::connect(&ipcRenderer, &IpcRenderer::errorOccurred, &app, [&refused](const IpcError &error) {
        if (error.name() == QLatin1String("RefusedError"))
            refused = true;
    });
    // Main is gone, or closed this window: nothing left to do. Exit 3 if main refused us.
    QObject::connect(&ipcRenderer, &IpcRenderer::disconnected, &app,
                     [&refused] { QCoreApplication::exit(refused ? 3 : 0); });
    if (!ipcRenderer.connectToMain()) {
        std::fprintf(stderr, "ipclab-renderer: %s\n", qPrintable(ipcRenderer.errorString()));
        return 2;
    }

    if (parser.isSet(sayAndExit)) {
        ipcRenderer.send(parser.value(sayAndExit), {"last words"});
        return 3; // ~IpcRenderer flushes what was written
    }

    RendererAgent agent(&ipcRenderer);
    agent.setPrintPortTraffic(parser.isSet(printPorts));
    std::unique_ptr<RendererWindow> window;
    if (!parser.isSet(headless)) {
        window = std::make_unique<RendererWindow>(&ipcRenderer, &agent);
        window->show();
    }
    return app.exec();
}
