// ipclab-guistall: does the GUI stall IPC? (issue 13, "Main never stalls IPC")
//
//   ipclab-guistall [--rounds N] [--invokes N] [--rate MSGS_PER_S] [--json FILE]
//
// This process is IPC Lab's main with its real MainWindow (catalogue, log, sequence diagram)
// shown, tracing on, as `ipclab` runs it. Two bench renderers (ipclab-bench-renderer):
// a prober invokes main once every 5 ms and times each round trip itself; a flooder sends small
// messages at --rate per second (1,000 by default), each of which main traces, so the GUI appends
// and paints a log row and an arrow per message. Four configurations run in alternation, each
// round in every one (so drift on the machine hits them alike):
//   headless idle   window hidden, tracing off, no flood: the IPC figure
//   headless flood  window hidden, tracing off, flood on: what the flood costs IPC itself
//   gui idle        window shown, tracing on, no flood (only the prober's own rows)
//   gui flood       window shown, tracing on, flood on: the case
// and the closing lines give the target (gui flood p50 <= 1.5x the idle figure) against
// both idle figures. Nothing here asserts: it reports.
//
// Run it with a display (xvfb-run -a ipclab-guistall) to paint as a desktop would; without one
// it uses the offscreen platform, which paints into memory the same way.

#include "demorunner.h"
#include "ipcmain.h"
#include "mainwindow.h"
#include "messagelogmodel.h"
#include "messagetrace.h"
#include "monotonicclock.h"
#include "rendererlauncher.h"
#include "webcontents.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSysInfo>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <map>
#include <vector>

#include <sys/resource.h>

namespace {

struct Config
{
    const char *name;
    bool gui;
    bool flood;
};

constexpr Config configs[] = {
    {"headless idle", false, false},
    {"headless flood", false, true},
    {"gui idle", true, false},
    {"gui flood", true, true},
};

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const size_t at = std::min(values.size() - 1, size_t(p * double(values.size() - 1) + 0.5));
    return values[at];
}

double cpuSeconds()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// Runs the event loop until done() or timeout ms; it sleeps between events, as an app's does
// (a loop of processEvents() would spin and keep main on the CPU).
bool spinUntil(const std::function<bool()> &done, int timeout)
{
    if (done())
        return true;
    QEventLoop loop;
    QElapsedTimer elapsed;
    elapsed.start();
    QTimer poll;
    poll.setInterval(5);
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (done() || elapsed.elapsed() >= timeout)
            loop.quit();
    });
    poll.start();
    loop.exec();
    return done();
}

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")
        && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
            "Measures a renderer's invoke round trip with IPC Lab's GUI idle and painting a message flood."));
    parser.addHelpOption();
    const QCommandLineOption roundsOption(QStringLiteral("rounds"), QStringLiteral("Rounds per configuration (5)."),
                                          QStringLiteral("n"), QStringLiteral("5"));
    const QCommandLineOption invokesOption(QStringLiteral("invokes"),
                                           QStringLiteral("Invokes per round, one every 5 ms (400)."),
                                           QStringLiteral("n"), QStringLiteral("400"));
    const QCommandLineOption rateOption(QStringLiteral("rate"), QStringLiteral("Flood messages per second (1000)."),
                                        QStringLiteral("n"), QStringLiteral("1000"));
    const QCommandLineOption jsonOption(QStringLiteral("json"), QStringLiteral("Write the figures as JSON."),
                                        QStringLiteral("file"));
    parser.addOptions({roundsOption, invokesOption, rateOption, jsonOption});
    parser.process(app);
    const int rounds = std::max(1, parser.value(roundsOption).toInt());
    const int invokes = std::max(10, parser.value(invokesOption).toInt());
    const int rate = std::max(1, parser.value(rateOption).toInt());
    const int probeIntervalUs = 5000;
    // The flood lasts as long as the probe, plus a little on each side.
    const int floodCount = int(qint64(rate) * (qint64(invokes) * probeIntervalUs + 500000) / 1000000);

    IpcMain ipcMain;
    RendererLauncher launcher(&ipcMain);
    launcher.setRendererProgram(QDir(QCoreApplication::applicationDirPath())
                                        .filePath(QStringLiteral("ipclab-bench-renderer")));
    if (!launcher.listen()) {
        std::fprintf(stderr, "ipclab-guistall: %s\n", qPrintable(launcher.errorString()));
        return 2;
    }
    std::map<int, QJsonArray> results;
    qint64 flooded = 0;
    bool floodDone = false;
    ipcMain.handle(QStringLiteral("bench:echo"),
                   [](IpcMainInvokeEvent &, const QJsonArray &args) -> IpcResult { return args.at(0); });
    ipcMain.on(QStringLiteral("bench:flood"), [&](IpcMainEvent &, const QJsonArray &) { ++flooded; });
    ipcMain.on(QStringLiteral("bench:paced-done"), [&](IpcMainEvent &, const QJsonArray &) { floodDone = true; });
    ipcMain.on(QStringLiteral("bench:result"),
               [&](IpcMainEvent &event, const QJsonArray &args) { results[event.senderId()] = args; });

    // The app as `ipclab` builds it; its constructor turns tracing on.
    DemoRunner demo(&launcher, &ipcMain);
    MainWindow window(&launcher, &demo);
    window.resize(1366, 768);

    WebContents *prober = launcher.launch();
    WebContents *flooder = launcher.launch();
    if (!prober || !flooder) {
        std::fprintf(stderr, "ipclab-guistall: could not launch the bench renderer: %s\n",
                     qPrintable(launcher.errorString()));
        return 2;
    }
    if (!spinUntil([&] { return prober->isReady() && flooder->isReady(); }, 20000)) {
        std::fprintf(stderr, "ipclab-guistall: the bench renderers did not connect within 20 s\n");
        return 2;
    }

    std::printf("ipclab-guistall: %s, %s, Qt %s, platform %s; %d rounds x %d invokes (one per 5 ms), flood %d msg/s\n",
                qPrintable(QSysInfo::prettyProductName()), qPrintable(QSysInfo::currentCpuArchitecture()),
                qVersion(), qPrintable(QGuiApplication::platformName()), rounds, invokes, rate);
    std::fflush(stdout);

    std::map<QString, std::vector<double>> samples;
    std::map<QString, double> cpuPerSecond;
    std::map<QString, double> wallSeconds;
    std::map<QString, qint64> rowsAdded;
    for (int round = 0; round < rounds; ++round) {
        for (const Config &config : configs) {
            const QString name = QString::fromLatin1(config.name);
            if (config.gui) {
                MessageTrace::setEnabled(true);
                window.show();
            } else {
                window.hide();
                MessageTrace::setEnabled(false);
            }
            // Let the window settle (first paint, a hidden window's last queued rows).
            spinUntil([] { return false; }, 200);
            const int rowsBefore = window.logModel()->rowCount();
            results.erase(prober->id());
            floodDone = false;
            if (config.flood)
                flooder->send(QStringLiteral("bench:paced"), {QStringLiteral("send"), floodCount, 1000000 / rate});
            // The flood gets a head start so the probe runs inside it.
            spinUntil([] { return false; }, config.flood ? 250 : 0);
            const double cpu0 = cpuSeconds();
            QElapsedTimer wall;
            wall.start();
            prober->send(QStringLiteral("bench:paced"), {QStringLiteral("invoke"), invokes, probeIntervalUs});
            if (!spinUntil([&] { return results.count(prober->id()) > 0; }, 60000)) {
                std::fprintf(stderr, "ipclab-guistall: the prober did not report within 60 s\n");
                return 1;
            }
            cpuPerSecond[name] += (cpuSeconds() - cpu0);
            wallSeconds[name] += double(wall.nsecsElapsed()) / 1e9;
            const QJsonArray result = results[prober->id()];
            if (result.at(0).toString() == QLatin1String("error")) {
                std::fprintf(stderr, "ipclab-guistall: the prober failed: %s\n", qPrintable(result.at(1).toString()));
                return 1;
            }
            for (const QJsonValue &v : result.at(1).toArray())
                samples[name].push_back(v.toDouble() / 1000.0);
            if (config.flood && !spinUntil([&] { return floodDone; }, 60000)) {
                std::fprintf(stderr, "ipclab-guistall: the flood did not end within 60 s\n");
                return 1;
            }
            spinUntil([] { return false; }, 100);
            rowsAdded[name] += window.logModel()->rowCount() - rowsBefore;
        }
        std::printf("  round %d of %d done\n", round + 1, rounds);
        std::fflush(stdout);
    }

    std::printf("\n%-16s %10s %10s %10s %12s %12s\n", "configuration", "p50 us", "p99 us", "max us",
                "main CPU %", "log rows/s");
    QJsonArray rows;
    for (const Config &config : configs) {
        const QString name = QString::fromLatin1(config.name);
        const std::vector<double> &s = samples[name];
        const double cpuShare = 100.0 * cpuPerSecond[name] / wallSeconds[name];
        const double rowsPerSecond = double(rowsAdded[name]) / wallSeconds[name];
        std::printf("%-16s %10.1f %10.1f %10.1f %12.1f %12.0f\n", config.name, percentile(s, 0.5),
                    percentile(s, 0.99), percentile(s, 1.0), cpuShare, rowsPerSecond);
        rows.append(QJsonObject{{QStringLiteral("name"), name},
                                {QStringLiteral("p50us"), percentile(s, 0.5)},
                                {QStringLiteral("p99us"), percentile(s, 0.99)},
                                {QStringLiteral("maxus"), percentile(s, 1.0)},
                                {QStringLiteral("samples"), qint64(s.size())},
                                {QStringLiteral("mainCpuPercent"), cpuShare},
                                {QStringLiteral("logRowsPerSecond"), rowsPerSecond}});
    }
    const double guiFlood = percentile(samples[QStringLiteral("gui flood")], 0.5);
    const double guiIdle = percentile(samples[QStringLiteral("gui idle")], 0.5);
    const double headlessIdle = percentile(samples[QStringLiteral("headless idle")], 0.5);
    std::printf("\ntarget: with the GUI painting a %d msg/s flood, invoke p50 <= 1.5x idle\n", rate);
    std::printf("  gui flood / gui idle       %.2fx  %s\n", guiFlood / guiIdle,
                guiFlood / guiIdle <= 1.5 ? "met" : "not met");
    std::printf("  gui flood / headless idle  %.2fx  %s\n", guiFlood / headlessIdle,
                guiFlood / headlessIdle <= 1.5 ? "met" : "not met");
    std::printf("  (main received %lld flood messages; the log holds %d rows)\n", static_cast<long long>(flooded),
                window.logModel()->rowCount());

    if (parser.isSet(jsonOption)) {
        QFile file(parser.value(jsonOption));
        if (!file.open(QIODevice::WriteOnly)) {
            std::fprintf(stderr, "ipclab-guistall: cannot write %s\n", qPrintable(file.fileName()));
            return 1;
        }
        file.write(QJsonDocument(QJsonObject{{QStringLiteral("rate"), rate},
                                             {QStringLiteral("rounds"), rounds},
                                             {QStringLiteral("invokesPerRound"), invokes},
                                             {QStringLiteral("platform"), QGuiApplication::platformName()},
                                             {QStringLiteral("configurations"), rows},
                                             {QStringLiteral("guiFloodOverGuiIdle"), guiFlood / guiIdle},
                                             {QStringLiteral("guiFloodOverHeadlessIdle"), guiFlood / headlessIdle}})
                           .toJson());
    }
    prober->close();
    flooder->close();
    return 0;
}
