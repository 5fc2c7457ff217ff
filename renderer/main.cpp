// ipclab-renderer: one renderer process. Started by the main process (never by hand), it
// connects back with the id and token from its environment, shows its window and does what
// the main process asks of it. It exits when main goes away.

#include "ipcrenderer.h"
#include "messagetrace.h"
#include "rendereragent.h"
#include "rendererwindow.h"
#include "translations.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonObject>
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
    // Where main wants the window, so that windows do not hide each other.
    const QCommandLineOption windowRect(QStringLiteral("window-rect"),
                                        QStringLiteral("Window geometry on screen: x,y,width,height."),
                                        QStringLiteral("x,y,w,h"));
    parser.addOptions({headless, language, printPorts, sayAndExit, windowRect});
    parser.process(app);
    Translations::install(parser.isSet(language) ? parser.value(language)
                                                 : Translations::languageFor(QLocale()));
    MessageTrace::enableFromEnvironment();

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
    if (MessageTrace::isEnabled())
        agent.forwardTraceToMain();
    // Main switches the language of every window at once.
    QObject::connect(&agent, &RendererAgent::languageRequested, &app, &Translations::install);
    std::unique_ptr<RendererWindow> window;
    if (!parser.isSet(headless)) {
        window = std::make_unique<RendererWindow>(&ipcRenderer, &agent);
        const QStringList rect = parser.value(windowRect).split(QLatin1Char(','));
        if (rect.size() == 4)
            window->setGeometry(rect[0].toInt(), rect[1].toInt(), rect[2].toInt(), rect[3].toInt());
        window->show();
    }
    // For tests and the curious: what this window shows, e.g. after a language switch.
    ipcRenderer.handle(QStringLiteral("ipclab:window-state"), [&window](IpcRendererEvent &, const QJsonArray &) {
        return QJsonObject{{QStringLiteral("language"), Translations::current()},
                           {QStringLiteral("title"), window ? window->windowTitle() : QString()},
                           {QStringLiteral("log"), window ? window->logText() : QString()},
                           {QStringLiteral("console"), window ? window->consoleText() : QString()},
                           {QStringLiteral("geometry"), window ? QJsonArray{window->x(), window->y(), window->width(), window->height()}
                                                               : QJsonArray()}};
    });
    return app.exec();
}
