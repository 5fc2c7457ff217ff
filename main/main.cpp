// ipclab: the main process. With no arguments it opens the main window; with --demo it runs
// every pattern from the notes once between itself and two renderer processes and prints each
// message as a JSON line, then exits (0 if every pattern behaved as the notes say).

#include "demorunner.h"
#include "ipcmain.h"
#include "mainwindow.h"
#include "rendererlauncher.h"
#include "translations.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QJsonDocument>
#include <QLocale>
#include <QTimer>

#include <cstdio>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("ipclab"));
    QApplication::setOrganizationName(QStringLiteral("IPC Lab"));
    QApplication::setApplicationVersion(QStringLiteral(PROJECT_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(
            QStringLiteral("IPC Lab: Electron's IPC patterns between a Qt main process and renderer processes."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption demo(QStringLiteral("demo"),
                                  QStringLiteral("Run every pattern once, print each message as a JSON line, exit."));
    const QCommandLineOption language(QStringLiteral("lang"), QStringLiteral("Language (en, zh_CN)."),
                                      QStringLiteral("locale"));
    const QCommandLineOption renderer(QStringLiteral("renderer"),
                                      QStringLiteral("The renderer executable (default: ipclab-renderer beside ipclab)."),
                                      QStringLiteral("path"));
    parser.addOptions({demo, language, renderer});
    parser.process(app);
    installTranslations(parser.isSet(language) ? QLocale(parser.value(language)) : QLocale());

    IpcMain ipcMain;
    RendererLauncher launcher(&ipcMain);
    if (parser.isSet(renderer))
        launcher.setRendererProgram(parser.value(renderer));
    if (parser.isSet(language))
        launcher.setRendererArguments({QStringLiteral("--lang"), parser.value(language)});
    if (!launcher.listen()) {
        std::fprintf(stderr, "ipclab: %s\n", qPrintable(launcher.errorString()));
        return 2;
    }
    DemoRunner runner(&launcher, &ipcMain);

    if (parser.isSet(demo)) {
        QObject::connect(&runner, &DemoRunner::logged, [](const QJsonObject &entry) {
            std::fputs(QJsonDocument(entry).toJson(QJsonDocument::Compact).constData(), stdout);
            std::fputc('\n', stdout);
            std::fflush(stdout);
        });
        int exitCode = 0;
        QTimer::singleShot(0, &app, [&] {
            if (!runner.run()) {
                for (const QString &failure : runner.failures())
                    std::fprintf(stderr, "ipclab --demo: failed: %s\n", qPrintable(failure));
                exitCode = 1;
            }
            QCoreApplication::exit(exitCode);
        });
        app.exec();
        return exitCode;
    }

    MainWindow window(&launcher, &runner);
    window.show();
    return app.exec();
}
