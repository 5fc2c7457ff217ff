// ipclab-bench: IPC Lab's patterns between real processes, measured side by side with the
// kernel floor (a raw socketpair ping-pong of the same bytes), Qt's transport floor (raw
// QLocalSocket), Node.js fork IPC, Qt Remote Objects and QtDBus peer to peer. Not a test: its
// figures describe the machine it ran on.
//
//   taskset -c 0 ipclab-bench [--quick] [--json FILE] [--chart FILE.png] [--samples N] [--no-sweeps]
//   ipclab-bench --chart-from FILE.json --chart FILE.png
//
// Every contender runs its batches in alternation (A B A B ...), after a warm-up, so that the
// machine's drift hits all alike. Round-trip rows give p50/p99/p99.9 over all samples; one-way
// rows give messages per second over all batches; every row but Node's gives this process's
// CPU time per message. Then two sweeps: round trip p50 against payload size (64 B to 16 MiB),
// and main under 1 to 32 renderers invoking at once. The chart is drawn by a second copy of
// this executable (--chart-from), so that the measuring process stays a QCoreApplication
// with the event dispatcher the rows are meant to describe.

#include "benchchart.h"
#include "benchdriver.h"
#include "ipclabcontenders.h"
#include "payloadsweep.h"
#include "rawcontenders.h"
#include "renderersweep.h"
#ifdef IPCLAB_BENCH_HAVE_QTRO
#    include "remoteobjectscontender.h"
#endif
#ifdef IPCLAB_BENCH_HAVE_DBUS
#    include "dbuscontender.h"
#endif

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryFile>

#include <cmath>
#include <cstdio>
#include <memory>
#include <sched.h>
#include <sys/utsname.h>
#include <thread>

namespace {

struct Machine
{
    QString architecture;
    QString cpu;
    int cores = 0;
    int allowedCpus = 0; // what sched_getaffinity lets this run use (taskset)
    QString load;
};

Machine describeMachine()
{
    Machine machine;
    utsname names{};
    if (::uname(&names) == 0)
        machine.architecture = QString::fromLatin1(names.machine);
    QFile cpuinfo(QStringLiteral("/proc/cpuinfo"));
    if (cpuinfo.open(QIODevice::ReadOnly | QIODevice::Text)) {
        const QList<QByteArray> lines = cpuinfo.readAll().split('\n');
        for (const QByteArray &line : lines) {
            if (line.startsWith("model name") || (machine.cpu.isEmpty() && line.startsWith("Model"))) {
                machine.cpu = QString::fromUtf8(line.mid(line.indexOf(':') + 1).trimmed());
                if (line.startsWith("model name"))
                    break;
            }
        }
    }
    if (machine.cpu.isEmpty())
        machine.cpu = QStringLiteral("unknown");
    machine.cores = int(std::thread::hardware_concurrency());
    cpu_set_t allowed;
    CPU_ZERO(&allowed);
    if (::sched_getaffinity(0, sizeof allowed, &allowed) == 0)
        machine.allowedCpus = CPU_COUNT(&allowed);
    QFile loadavg(QStringLiteral("/proc/loadavg"));
    if (loadavg.open(QIODevice::ReadOnly | QIODevice::Text))
        machine.load = QString::fromLatin1(loadavg.readAll().trimmed()).section(QLatin1Char(' '), 0, 2);
    return machine;
}

QString findNodeScript()
{
    const QString beside = QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("node-echo.js"));
    if (QFileInfo::exists(beside))
        return beside;
    return QStringLiteral(IPCLAB_BENCH_SOURCE_DIR "/node-echo.js");
}

QString cpuSideKey(Contender::CpuSide side)
{
    switch (side) {
    case Contender::CpuSide::Main:
        return QStringLiteral("main");
    case Contender::CpuSide::Peer:
        return QStringLiteral("bench-side peer");
    case Contender::CpuSide::None:
        break;
    }
    return QStringLiteral("none");
}

// --chart-from: a QGuiApplication (for fonts) that only draws a saved report.
int drawChartFrom(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption from(QStringLiteral("chart-from"), QStringLiteral("Report to draw."),
                                  QStringLiteral("file"));
    const QCommandLineOption chart(QStringLiteral("chart"), QStringLiteral("PNG to write."), QStringLiteral("file"));
    parser.addOptions({from, chart});
    parser.process(app);
    if (!parser.isSet(chart)) {
        std::fprintf(stderr, "ipclab-bench: --chart-from needs --chart FILE.png to write to\n");
        return 2;
    }
    QFile file(parser.value(from));
    if (!file.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "ipclab-bench: cannot read %s: %s\n", qPrintable(file.fileName()),
                     qPrintable(file.errorString()));
        return 1;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (!document.isObject()) {
        std::fprintf(stderr, "ipclab-bench: %s is not an ipclab-bench report: %s\n", qPrintable(file.fileName()),
                     qPrintable(parseError.errorString()));
        return 1;
    }
    QString error;
    if (!drawBenchChart(document.object(), parser.value(chart), &error)) {
        std::fprintf(stderr, "ipclab-bench: %s\n", qPrintable(error));
        return 1;
    }
    return 0;
}

// Runs --chart-from in a second process: see the comment at the top.
bool drawChartInChild(const QJsonObject &report, const QString &jsonFile, const QString &chartFile, QString *why)
{
    QString source = jsonFile;
    QTemporaryFile temporary(QDir::temp().filePath(QStringLiteral("ipclab-bench-XXXXXX.json")));
    if (source.isEmpty()) {
        if (!temporary.open() || temporary.write(QJsonDocument(report).toJson()) < 0 || !temporary.flush()) {
            *why = QStringLiteral("cannot write a temporary report: %1").arg(temporary.errorString());
            return false;
        }
        source = temporary.fileName();
    }
    QProcess drawer;
    drawer.setProcessChannelMode(QProcess::ForwardedChannels);
    drawer.start(QCoreApplication::applicationFilePath(),
                 {QStringLiteral("--chart-from"), source, QStringLiteral("--chart"), chartFile});
    if (!drawer.waitForFinished(120000) || drawer.exitStatus() != QProcess::NormalExit || drawer.exitCode() != 0) {
        *why = QStringLiteral("the chart process failed (%1)").arg(drawer.errorString());
        return false;
    }
    return true;
}

// The issue's targets, each a ratio of two figures of this run (or a time), from the report.
double rowFigure(const QJsonObject &document, const QString &pattern, const QString &key)
{
    for (const QJsonValue &row : document.value(QStringLiteral("rows")).toArray()) {
        if (row[QStringLiteral("pattern")].toString() == pattern)
            return row[key].isDouble() ? row[key].toDouble() : std::nan("");
    }
    return std::nan("");
}

double sweepP50(const QJsonObject &document, const QString &series, qint64 bytes)
{
    const QJsonArray all = document.value(QStringLiteral("payloadSweep"))[QStringLiteral("series")].toArray();
    for (const QJsonValue &one : all) {
        if (one[QStringLiteral("key")].toString() != series)
            continue;
        for (const QJsonValue &point : one[QStringLiteral("points")].toArray()) {
            if (point[QStringLiteral("bytes")].toInteger() == bytes && point[QStringLiteral("p50Us")].isDouble())
                return point[QStringLiteral("p50Us")].toDouble();
        }
    }
    return std::nan("");
}

QJsonArray issueTargets(const QJsonObject &document)
{
    const QString p50 = QStringLiteral("p50Us");
    const double floor = rowFigure(document, QStringLiteral("raw C socketpair ping-pong (floor)"), p50);
    const double invoke = rowFigure(document, QStringLiteral("IPC Lab invoke"), p50);
    const double sendSync = rowFigure(document, QStringLiteral("IPC Lab sendSync"), p50);
    const double relay = rowFigure(document, QStringLiteral("IPC Lab relay A->main->B->main->A"), p50);
    const double port = rowFigure(document, QStringLiteral("IPC Lab MessagePort A<->B (direct pipe)"), p50);
    const QString rate = QStringLiteral("msgsPerSecond");
    const double stream = rowFigure(document, QStringLiteral("raw C one-way stream, send frames"), rate);
    const double flood = rowFigure(document, QStringLiteral("IPC Lab send, one-way renderer->main"), rate);
    const qint64 mib = 1024 * 1024;
    const double binary = sweepP50(document, QStringLiteral("ipclab-invoke-binary"), mib);
    const double floorMib = sweepP50(document, QStringLiteral("floor"), mib);
    const QString json = QStringLiteral("ipclab-invoke-json");
    const QString floorKey = QStringLiteral("floor");
    const auto jsonRatio = [&](qint64 bytes) {
        return sweepP50(document, json, bytes) / sweepP50(document, floorKey, bytes);
    };
    // The JSON string series against Qt Remote Objects' and Node's QString/string echo: the
    // largest ratio over the sizes both measured (below 1: ahead at every size).
    const auto worstAgainst = [&](const QString &peer) {
        double worst = std::nan("");
        for (const QJsonValue &bytes : document.value(QStringLiteral("payloadSweep"))[QStringLiteral("sizes")].toArray()) {
            const double r = sweepP50(document, json, bytes.toInteger()) / sweepP50(document, peer, bytes.toInteger());
            if (!std::isnan(r))
                worst = std::isnan(worst) ? r : std::max(worst, r);
        }
        return worst;
    };
    double largeRatio = std::nan(""); // the worst of 256 KiB to 16 MiB
    for (qint64 bytes : {256 * 1024, 1024 * 1024, 4 * 1024 * 1024, 16 * 1024 * 1024}) {
        const double r = jsonRatio(bytes);
        if (!std::isnan(r))
            largeRatio = std::isnan(largeRatio) ? r : std::max(largeRatio, r);
    }
    double objectRatio = std::nan("");
    for (const QJsonValue &one : document.value(QStringLiteral("payloadSweep"))[QStringLiteral("objectPayload")]
                                         [QStringLiteral("series")].toArray()) {
        if (one[QStringLiteral("key")].toString() == json)
            objectRatio = one[QStringLiteral("point")][QStringLiteral("p50RatioToFloor")].toDouble(std::nan(""));
    }
    const QJsonObject renderers = document.value(QStringLiteral("rendererSweep")).toObject();
    const double startup = renderers.value(QStringLiteral("startupP50Ms")).toDouble(std::nan(""));
    const double idleRss = renderers.value(QStringLiteral("idleRssP50KiB")).toDouble(std::nan("")) / 1024;

    struct Target
    {
        const char *what;
        double measured;
        bool atMost; // the target is an upper bound (else a lower bound)
        double bound;
        QString unit;
    };
    const Target list[] = {
        {"invoke p50 / raw C socketpair p50", invoke / floor, true, 1.2, QStringLiteral("x")},
        {"sendSync p50 / invoke p50", sendSync / invoke, true, 1.1, QStringLiteral("x")},
        {"MessagePort p50 / relay through main p50", port / relay, true, 0.6, QStringLiteral("x")},
        {"1 MiB QByteArray echo p50 / raw C 1 MiB p50", binary / floorMib, true, 2.0, QStringLiteral("x")},
        {"one-way send rate / raw C stream rate", flood / stream, false, 0.5, QStringLiteral("x")},
        {"16 KiB JSON string echo p50 / raw C 16 KiB p50", jsonRatio(16 * 1024), true, 2.5, QStringLiteral("x")},
        {"256 KiB-16 MiB JSON string echo / raw C, worst", largeRatio, true, 6, QStringLiteral("x")},
        {"JSON string echo / QtRO QString echo, worst", worstAgainst(QStringLiteral("qtro")), true, 1,
         QStringLiteral("x")},
        {"JSON string echo / Node fork json, worst", worstAgainst(QStringLiteral("node-json")), true, 1,
         QStringLiteral("x")},
        {"object payload echo p50 / raw C p50", objectRatio, true, 5, QStringLiteral("x")},
        {"renderer started to ready, p50", startup, true, 100, QStringLiteral(" ms")},
    };
    QJsonArray targets;
    for (const Target &t : list) {
        QJsonObject target{{QStringLiteral("target"), QString::fromLatin1(t.what)},
                           {QStringLiteral("measured"), jsonNumber(t.measured, 3)},
                           {QStringLiteral("bound"), t.bound},
                           {QStringLiteral("atMost"), t.atMost},
                           {QStringLiteral("unit"), t.unit.trimmed()}};
        if (!std::isnan(t.measured))
            target.insert(QStringLiteral("met"), t.atMost ? t.measured <= t.bound : t.measured >= t.bound);
        targets.append(target);
    }
    if (!std::isnan(idleRss))
        targets.append(QJsonObject{{QStringLiteral("target"), QStringLiteral("idle renderer resident memory, p50 (reported)")},
                                   {QStringLiteral("measured"), jsonNumber(idleRss, 1)},
                                   {QStringLiteral("unit"), QStringLiteral("MiB")}});
    return targets;
}

void printTargets(const QJsonArray &targets)
{
    std::printf("\nthe issue's targets, from this run:\n");
    for (const QJsonValue &value : targets) {
        const QJsonObject t = value.toObject();
        const QString unit = t.value(QStringLiteral("unit")).toString();
        const QString measured = t.value(QStringLiteral("measured")).isDouble()
                ? QString::number(t.value(QStringLiteral("measured")).toDouble(), 'f', 2) + (unit == QLatin1String("x") ? unit : QLatin1Char(' ') + unit)
                : QStringLiteral("not measured");
        QString verdict;
        if (t.contains(QStringLiteral("bound"))) {
            const QString bound = QString::number(t.value(QStringLiteral("bound")).toDouble())
                    + (unit == QLatin1String("x") ? unit : QLatin1Char(' ') + unit);
            const QString sense = t.value(QStringLiteral("atMost")).toBool() ? QStringLiteral("<=") : QStringLiteral(">=");
            verdict = QStringLiteral("target %1 %2: %3")
                              .arg(sense, bound,
                                   !t.contains(QStringLiteral("met")) ? QStringLiteral("-")
                                   : t.value(QStringLiteral("met")).toBool() ? QStringLiteral("met")
                                                                             : QStringLiteral("not met"));
        }
        std::printf("  %-46s %14s   %s\n", qPrintable(t.value(QStringLiteral("target")).toString()),
                    qPrintable(measured), qPrintable(verdict));
    }
}

} // namespace

int main(int argc, char *argv[])
{
    // The peers are this executable started again.
    if (argc == 3 && qstrcmp(argv[1], "--qlocalsocket-peer") == 0) {
        QCoreApplication app(argc, argv);
        return LocalSocketPingPong::runPeer(QString::fromLocal8Bit(argv[2]));
    }
#ifdef IPCLAB_BENCH_HAVE_QTRO
    if (argc == 3 && qstrcmp(argv[1], "--qtro-peer") == 0) {
        QCoreApplication app(argc, argv);
        return RemoteObjectsPingPong::runPeer(QString::fromLocal8Bit(argv[2]));
    }
#endif
#ifdef IPCLAB_BENCH_HAVE_DBUS
    if (argc == 2 && qstrcmp(argv[1], "--dbus-peer") == 0) {
        QCoreApplication app(argc, argv);
        return DBusPingPong::runPeer();
    }
#endif
    for (int i = 1; i < argc; ++i) {
        if (qstrcmp(argv[i], "--chart-from") == 0)
            return drawChartFrom(argc, argv);
    }

    QElapsedTimer wallClock;
    wallClock.start();
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("ipclab-bench"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
            "Measures IPC Lab's patterns between real processes against the kernel floor and the peers\n"
            "(raw QLocalSocket, Node.js fork IPC, Qt Remote Objects, QtDBus peer to peer), then round\n"
            "trip p50 against payload size and main's throughput with 1 to 32 renderers.\n"
            "\n"
            "Pin it to one CPU:  taskset -c 0 ipclab-bench --quick\n"
            "On a small VM, waking a process on another vCPU costs about 80-100 us, so unpinned round\n"
            "trips swing 2-3x from run to run. Pinned, every pair shares one CPU (as do the renderers\n"
            "of the renderer-count sweep), which is what the figures then describe.\n"
            "\n"
            "main CPU us/msg is this process's user+system CPU time (getrusage) per round trip or\n"
            "message: main's own for IPC Lab rows, the calling side's for the raw and Qt peers.\n"
            "--chart-from FILE.json --chart FILE.png redraws the chart of a saved report."));
    parser.addHelpOption();
    const QCommandLineOption quick(QStringLiteral("quick"),
                                   QStringLiteral("2,000 samples per row instead of 20,000, and smaller sweeps "
                                                  "(under a minute in all)."));
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("Also write the rows, the sweeps and the CPU figures as JSON to "
                                                 "file."),
                                  QStringLiteral("file"));
    const QCommandLineOption chart(QStringLiteral("chart"),
                                   QStringLiteral("Also draw a PNG chart (1600x800): p50 by pattern with its ratio "
                                                  "to the floor, and p50 against payload size."),
                                   QStringLiteral("file.png"));
    const QCommandLineOption chartFrom(QStringLiteral("chart-from"),
                                       QStringLiteral("Draw the chart of a saved --json report instead of "
                                                      "measuring (with --chart)."),
                                       QStringLiteral("file.json"));
    const QCommandLineOption samplesOption(QStringLiteral("samples"),
                                           QStringLiteral("Round-trip samples per row of the table."),
                                           QStringLiteral("n"));
    const QCommandLineOption noSweeps(QStringLiteral("no-sweeps"),
                                      QStringLiteral("Only the table: no payload or renderer-count sweep."));
    const QCommandLineOption payloadOnly(QStringLiteral("payload-sweep-only"),
                                         QStringLiteral("Only the payload sweep: no table, no renderer-count sweep "
                                                        "(for profiling one size)."));
    const QCommandLineOption sizesOption(QStringLiteral("sizes"),
                                         QStringLiteral("The payload sweep's sizes in bytes, comma-separated."),
                                         QStringLiteral("bytes,..."));
    const QCommandLineOption seriesOption(
            QStringLiteral("series"),
            QStringLiteral("The payload sweep's series to run, comma-separated keys (floor, qlocalsocket,\n"
                           "ipclab-invoke-json, ipclab-invoke-binary, qtro, node-json, node-advanced)."),
            QStringLiteral("keys"));
    const QCommandLineOption recordsOption(QStringLiteral("records"),
                                           QStringLiteral("Records in the payload sweep's object payload (0: none; "
                                                          "default 1000)."),
                                           QStringLiteral("n"));
    parser.addOptions({quick, json, chart, chartFrom, samplesOption, noSweeps, payloadOnly, sizesOption,
                       seriesOption, recordsOption});
    parser.process(app);

    const bool isQuick = parser.isSet(quick);
    const int samples = parser.isSet(samplesOption) ? parser.value(samplesOption).toInt()
                                                    : (isQuick ? 2000 : 20000);
    RunPlan plan;
    plan.rounds = isQuick ? 4 : 10;
    plan.perRound = std::max(1, samples / plan.rounds);
    plan.warmUp = std::max(100, samples / 10);
    plan.throughputBatch = isQuick ? 5000 : 10000;
    const QString payload(64, QLatin1Char('x'));
    const BenchFrames frames = benchFrames(payload);

    PayloadSweep::Plan sweepPlan;
    sweepPlan.sizes = {64, 1024, 16 * 1024, 256 * 1024, 1024 * 1024, 4 * 1024 * 1024, 16 * 1024 * 1024};
    if (parser.isSet(sizesOption)) {
        sweepPlan.sizes.clear();
        for (const QString &size : parser.value(sizesOption).split(QLatin1Char(','), Qt::SkipEmptyParts))
            sweepPlan.sizes.append(size.toLongLong());
    }
    sweepPlan.bytesPerSize = qint64(isQuick ? 320 : 2048) * 1024 * 1024;
    sweepPlan.minSamples = isQuick ? 20 : 50;
    sweepPlan.maxSamples = isQuick ? 500 : 2000;
    sweepPlan.rounds = 4;
    sweepPlan.records = parser.isSet(recordsOption) ? parser.value(recordsOption).toInt() : 1000;
    if (parser.isSet(seriesOption))
        sweepPlan.series = parser.value(seriesOption).split(QLatin1Char(','), Qt::SkipEmptyParts);
    RendererSweep::Plan rendererPlan;
    rendererPlan.counts = {1, 2, 4, 8, 16, 32};
    rendererPlan.roundTripsPerCount = isQuick ? 2000 : 10000;
    rendererPlan.rounds = isQuick ? 2 : 4;

    const Machine machine = describeMachine();
    const QString date = QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"));
    std::printf("ipclab-bench: %s, %s, %d cores (%d allowed to this run), load average %s; Qt %s; %s\n",
                qPrintable(machine.architecture), qPrintable(machine.cpu), machine.cores,
                machine.allowedCpus, qPrintable(machine.load), qVersion(), qPrintable(date));
    if (machine.allowedCpus > 1)
        std::printf("note: not pinned to one CPU; round trips may swing 2-3x (see --help: taskset -c 0)\n");
    std::printf("frames on the wire: invoke %lld B, its result %lld B, send %lld B (64-byte string argument)\n",
                (long long)frames.invoke.size(), (long long)frames.result.size(), (long long)frames.send.size());
    std::printf("%d round trips per row in %d alternating rounds after %d warm-up; one-way rows: %d messages "
                "per round\n\n",
                plan.perRound * plan.rounds, plan.rounds, plan.warmUp, plan.throughputBatch);
    std::fflush(stdout);

    const QString rendererProgram =
            QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("ipclab-bench-renderer"));
    IpcLabFixture fixture(rendererProgram, payload);
    const QString nodeScript = findNodeScript();

    std::vector<std::unique_ptr<Contender>> contenders;
    contenders.push_back(std::make_unique<SocketpairPingPong>(frames));
    contenders.push_back(std::make_unique<LocalSocketPingPong>(frames));
    contenders.push_back(std::make_unique<NodeForkPingPong>(nodeScript, QStringLiteral("json"), payload));
    contenders.push_back(std::make_unique<NodeForkPingPong>(nodeScript, QStringLiteral("advanced"), payload));
#ifdef IPCLAB_BENCH_HAVE_QTRO
    contenders.push_back(std::make_unique<RemoteObjectsPingPong>(payload));
#else
    contenders.push_back(std::make_unique<UnavailableContender>(
            QStringLiteral("Qt Remote Objects local: (dynamic replica)"),
            QStringLiteral("Qt Remote Objects not installed (Debian: qt6-remoteobjects-dev)")));
#endif
#ifdef IPCLAB_BENCH_HAVE_DBUS
    contenders.push_back(std::make_unique<DBusPingPong>(payload));
#else
    contenders.push_back(std::make_unique<UnavailableContender>(
            QStringLiteral("QtDBus peer-to-peer method call"),
            QStringLiteral("QtDBus not found when the bench was configured (Debian: qt6-base-dev)")));
#endif
    using Kind = IpcLabContender::Kind;
    contenders.push_back(std::make_unique<IpcLabContender>(&fixture, QStringLiteral("IPC Lab invoke"),
                                                           Kind::InRenderer, QStringLiteral("invoke")));
    contenders.push_back(std::make_unique<IpcLabContender>(&fixture, QStringLiteral("IPC Lab sendSync"),
                                                           Kind::InRenderer, QStringLiteral("sendSync")));
    contenders.push_back(std::make_unique<IpcLabContender>(
            &fixture, QStringLiteral("IPC Lab main->renderer push + send back"), Kind::Push));
    contenders.push_back(std::make_unique<IpcLabContender>(
            &fixture, QStringLiteral("IPC Lab relay A->main->B->main->A"), Kind::InRenderer, QStringLiteral("relay")));
    contenders.push_back(std::make_unique<IpcLabContender>(
            &fixture, QStringLiteral("IPC Lab sendTo A->B->A (via main)"), Kind::InRenderer, QStringLiteral("sendTo")));
    contenders.push_back(std::make_unique<IpcLabContender>(
            &fixture, QStringLiteral("IPC Lab MessagePort A<->B (direct pipe)"), Kind::InRenderer,
            QStringLiteral("port")));
    contenders.push_back(std::make_unique<SocketpairStream>(frames));
    contenders.push_back(std::make_unique<IpcLabContender>(
            &fixture, QStringLiteral("IPC Lab send, one-way renderer->main"), Kind::Flood));

    if (parser.isSet(payloadOnly))
        contenders.clear();
    std::vector<BenchRow> rows(contenders.size());
    for (size_t i = 0; i < contenders.size(); ++i)
        rows[i].contender = contenders[i].get();
    runAlternating(&rows, plan, QString());

    // The floors every ratio is against.
    double floorP50 = std::nan("");
    double streamRate = std::nan("");
    std::vector<Figures> figures;
    for (BenchRow &row : rows) {
        figures.push_back(figuresOf(&row));
        if (dynamic_cast<SocketpairPingPong *>(row.contender))
            floorP50 = figures.back().p50Us;
        if (dynamic_cast<SocketpairStream *>(row.contender))
            streamRate = figures.back().messagesPerSecond;
    }

    std::printf("%-42s %9s %9s %9s %11s %8s %15s  %s\n", "pattern", "p50 us", "p99 us", "p99.9 us", "msgs/s",
                "MB/s", "main CPU us/msg", "vs floor");
    QJsonArray jsonRows;
    for (size_t i = 0; i < rows.size(); ++i) {
        const BenchRow &row = rows[i];
        const Figures &f = figures[i];
        const QString name = row.contender->name();
        if (!row.skipped.isEmpty()) {
            std::printf("%-42s skipped: %s\n", qPrintable(name), qPrintable(row.skipped));
            jsonRows.append(QJsonObject{{QStringLiteral("pattern"), name},
                                        {QStringLiteral("kind"), row.contender->isThroughput()
                                                                         ? QStringLiteral("one-way")
                                                                         : QStringLiteral("round-trip")},
                                        {QStringLiteral("skipped"), row.skipped}});
            continue;
        }
        QJsonObject jsonRow{{QStringLiteral("pattern"), name},
                            {QStringLiteral("kind"), row.contender->isThroughput() ? QStringLiteral("one-way")
                                                                                   : QStringLiteral("round-trip")},
                            {QStringLiteral("msgsPerSecond"), jsonNumber(f.messagesPerSecond, 0)},
                            {QStringLiteral("payloadBytes"), double(row.contender->payloadBytes())},
                            {QStringLiteral("cpuSide"), cpuSideKey(row.contender->cpuSide())},
                            {QStringLiteral("cpuUsPerMsg"), jsonNumber(f.cpuUsPerMessage, 3)}};
        QString ratio;
        QString megabytes = QStringLiteral("-");
        if (row.contender->isThroughput()) {
            const double r = f.messagesPerSecond / streamRate;
            ratio = std::isnan(r) ? QStringLiteral("-") : QStringLiteral("%1x stream rate").arg(fixed(r, 2));
            megabytes = fixed(f.megabytesPerSecond, 1);
            jsonRow.insert(QStringLiteral("messages"), double(row.messages));
            jsonRow.insert(QStringLiteral("mbPerSecond"), jsonNumber(f.megabytesPerSecond, 2));
            jsonRow.insert(QStringLiteral("rateRatioToStream"), jsonNumber(r, 4));
        } else {
            const double r = f.p50Us / floorP50;
            ratio = std::isnan(r) ? QStringLiteral("-") : QStringLiteral("%1x").arg(fixed(r, 2));
            jsonRow.insert(QStringLiteral("samples"), qint64(row.samples.size()));
            jsonRow.insert(QStringLiteral("p50Us"), jsonNumber(f.p50Us, 3));
            jsonRow.insert(QStringLiteral("p99Us"), jsonNumber(f.p99Us, 3));
            jsonRow.insert(QStringLiteral("p999Us"), jsonNumber(f.p999Us, 3));
            jsonRow.insert(QStringLiteral("p50RatioToFloor"), jsonNumber(r, 4));
        }
        std::printf("%-42s %9s %9s %9s %11s %8s %15s  %s\n", qPrintable(name), qPrintable(fixed(f.p50Us, 1)),
                    qPrintable(fixed(f.p99Us, 1)), qPrintable(fixed(f.p999Us, 1)),
                    qPrintable(fixed(f.messagesPerSecond, 0)), qPrintable(megabytes),
                    qPrintable(fixed(f.cpuUsPerMessage, 2)), qPrintable(ratio));
        jsonRows.append(jsonRow);
    }
    std::printf("\nmsgs/s: round trips per second for round-trip rows (one after another), messages per second "
                "for one-way rows.\n"
                "MB/s: payload bytes per second, for the one-way rows; for round trips see the payload sweep.\n"
                "main CPU us/msg: this process's user+system CPU (getrusage) over the measured batches, per round "
                "trip or message.\n"
                "  IPC Lab rows: this process is main, so it is main's cost (renderer-driven rows include main's "
                "share of\n"
                "  starting the batch and taking its result; MessagePort goes renderer to renderer, so main "
                "barely works).\n"
                "  raw, Qt Remote Objects and QtDBus rows: the calling side of the pair, which is this process.\n"
                "  node rows: -, both ends are node processes.\n");
    if (fixture.isStarted()) {
        QStringList startup;
        for (double ms : fixture.startupMs())
            startup << QString::number(ms, 'f', 1);
        std::printf("bench renderers A and B started to ready (both launched at once): %s ms\n",
                    qPrintable(startup.join(QStringLiteral(", "))));
    }
    std::fflush(stdout);

    QJsonObject document{
            {QStringLiteral("machine"),
             QJsonObject{{QStringLiteral("architecture"), machine.architecture},
                         {QStringLiteral("cpu"), machine.cpu},
                         {QStringLiteral("cores"), machine.cores},
                         {QStringLiteral("allowedCpus"), machine.allowedCpus},
                         {QStringLiteral("loadAverage"), machine.load},
                         {QStringLiteral("qt"), QString::fromLatin1(qVersion())}}},
            {QStringLiteral("date"), date},
            {QStringLiteral("quick"), isQuick},
            {QStringLiteral("rounds"), plan.rounds},
            {QStringLiteral("warmUp"), plan.warmUp},
            {QStringLiteral("frameBytes"),
             QJsonObject{{QStringLiteral("invoke"), frames.invoke.size()},
                         {QStringLiteral("result"), frames.result.size()},
                         {QStringLiteral("send"), frames.send.size()}}},
            {QStringLiteral("rows"), jsonRows}};

    if (!parser.isSet(noSweeps)) {
        PayloadSweep payloadSweep(&fixture, sweepPlan, nodeScript);
        payloadSweep.run();
        payloadSweep.print();
        std::fflush(stdout);
        document.insert(QStringLiteral("payloadSweep"), payloadSweep.toJson());

        if (!parser.isSet(payloadOnly)) {
            RendererSweep rendererSweep(&fixture, rendererPlan);
            rendererSweep.run();
            rendererSweep.print();
            document.insert(QStringLiteral("rendererSweep"), rendererSweep.toJson());
        }
    }
    const QJsonArray targets = issueTargets(document);
    printTargets(targets);
    document.insert(QStringLiteral("targets"), targets);
    const double wallSeconds = double(wallClock.elapsed()) / 1e3;
    document.insert(QStringLiteral("wallSeconds"), jsonNumber(wallSeconds, 1));
    std::printf("\nmeasured in %.1f s\n", wallSeconds);
    std::fflush(stdout);

    int status = 0;
    if (parser.isSet(json)) {
        QFile file(parser.value(json));
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)
            || file.write(QJsonDocument(document).toJson()) < 0 || !file.flush()) {
            std::fprintf(stderr, "ipclab-bench: cannot write %s: %s\n", qPrintable(parser.value(json)),
                         qPrintable(file.errorString()));
            status = 1;
        }
    }
    if (parser.isSet(chart)) {
        QString why;
        if (drawChartInChild(document, status == 0 ? parser.value(json) : QString(), parser.value(chart), &why)) {
            std::printf("chart: %s\n", qPrintable(parser.value(chart)));
        } else {
            std::printf("chart: not drawn: %s\n", qPrintable(why));
            status = 1;
        }
    }
    return status;
}
