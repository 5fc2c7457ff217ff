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
#include <QSettings>
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
    // --lang, else the language chosen last time, else the system's.
    const QString chosenLanguage = parser.isSet(language)
            ? parser.value(language)
            : QSettings().value(QStringLiteral("language"), Translations::languageFor(QLocale())).toString();
    Translations::install(chosenLanguage);

    IpcMain ipcMain;
    RendererLauncher launcher(&ipcMain);
    if (parser.isSet(renderer))
        launcher.setRendererProgram(parser.value(renderer));
    launcher.setRendererArguments({QStringLiteral("--lang"), Translations::current()});
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
    // Two windows to start with, so that every pattern can run at once.
    QTimer::singleShot(0, &window, [&window] {
        window.openRenderer();
        window.openRenderer();
    });
    return app.exec();
}
