// ipclab-bench: IPC Lab's patterns between real processes, measured side by side with the
// kernel floor (a raw socketpair ping-pong of the same bytes), Qt's transport floor (raw
// QLocalSocket) and Node.js fork IPC. Not a test: its figures describe the machine it ran on.
//
//   ipclab-bench [--quick] [--json FILE] [--samples N]
//
// Every contender runs its batches in alternation (A B A B ...), after a warm-up, so that the
// machine's drift hits all alike. Round-trip rows give p50/p99/p99.9 over all samples; one-way
// rows give messages per second over all batches.

#include "ipclabcontenders.h"
#include "rawcontenders.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <numeric>
#include <sched.h>
#include <sys/utsname.h>
#include <thread>

namespace {

struct Row
{
    Contender *contender = nullptr;
    QString skipped; // why it did not run, if it did not
    std::vector<double> samples;
    qint64 messages = 0; // throughput rows: messages over all batches
};

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

// Nearest rank on sorted samples.
double percentile(const std::vector<double> &sorted, double p)
{
    if (sorted.empty())
        return std::nan("");
    const size_t rank = size_t(std::ceil(p * double(sorted.size())));
    return sorted[std::clamp<size_t>(rank, 1, sorted.size()) - 1];
}

struct Figures
{
    double p50Us = std::nan("");
    double p99Us = std::nan("");
    double p999Us = std::nan("");
    double messagesPerSecond = std::nan("");
};

Figures figuresOf(Row &row)
{
    Figures figures;
    const double totalNs = std::accumulate(row.samples.begin(), row.samples.end(), 0.0);
    if (row.contender->isThroughput()) {
        if (totalNs > 0)
            figures.messagesPerSecond = double(row.messages) / totalNs * 1e9;
        return figures;
    }
    std::sort(row.samples.begin(), row.samples.end());
    figures.p50Us = percentile(row.samples, 0.50) / 1e3;
    figures.p99Us = percentile(row.samples, 0.99) / 1e3;
    figures.p999Us = percentile(row.samples, 0.999) / 1e3;
    if (totalNs > 0)
        figures.messagesPerSecond = double(row.samples.size()) / totalNs * 1e9;
    return figures;
}

QString fixed(double value, int decimals)
{
    return std::isnan(value) ? QStringLiteral("-") : QString::number(value, 'f', decimals);
}

QJsonValue jsonNumber(double value, int decimals)
{
    if (std::isnan(value))
        return QJsonValue::Null;
    const double scale = std::pow(10.0, decimals);
    return std::round(value * scale) / scale;
}

QString findNodeScript()
{
    const QString beside = QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("node-echo.js"));
    if (QFileInfo::exists(beside))
        return beside;
    return QStringLiteral(IPCLAB_BENCH_SOURCE_DIR "/node-echo.js");
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("ipclab-bench"));

    // The raw QLocalSocket peer is this executable started again.
    if (argc == 5 && qstrcmp(argv[1], "--qlocalsocket-peer") == 0) {
        return LocalSocketPingPong::runPeer(QString::fromLocal8Bit(argv[2]), atoi(argv[3]),
                                            QByteArray::fromBase64(argv[4]));
    }

    QCommandLineParser parser;
    parser.setApplicationDescription(
            QStringLiteral("Measures IPC Lab's patterns between real processes against the kernel floor."));
    parser.addHelpOption();
    const QCommandLineOption quick(QStringLiteral("quick"),
                                   QStringLiteral("2,000 samples per row instead of 20,000 (under a minute)."));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Also write the rows as JSON to file."),
                                  QStringLiteral("file"));
    const QCommandLineOption samplesOption(QStringLiteral("samples"),
                                           QStringLiteral("Round-trip samples per row."), QStringLiteral("n"));
    parser.addOptions({quick, json, samplesOption});
    parser.process(app);

    const bool isQuick = parser.isSet(quick);
    const int samples = parser.isSet(samplesOption) ? parser.value(samplesOption).toInt()
                                                    : (isQuick ? 2000 : 20000);
    const int rounds = isQuick ? 4 : 10;
    const int perRound = std::max(1, samples / rounds);
    const int warmUp = std::max(100, samples / 10);
    const int floodBatch = isQuick ? 5000 : 10000;
    const QString payload(64, QLatin1Char('x'));
    const BenchFrames frames = benchFrames(payload);

    const Machine machine = describeMachine();
    std::printf("ipclab-bench: %s, %s, %d cores (%d allowed to this run), load average %s; Qt %s\n",
                qPrintable(machine.architecture), qPrintable(machine.cpu), machine.cores,
                machine.allowedCpus, qPrintable(machine.load), qVersion());
    std::printf("frames on the wire: invoke %lld B, its result %lld B, send %lld B (64-byte string argument)\n",
                (long long)frames.invoke.size(), (long long)frames.result.size(), (long long)frames.send.size());
    std::printf("%d round trips per row in %d alternating rounds after %d warm-up; one-way rows: %d messages "
                "per round\n\n",
                perRound * rounds, rounds, warmUp, floodBatch);
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
            &fixture, QStringLiteral("IPC Lab MessagePort A<->B (direct pipe)"), Kind::InRenderer,
            QStringLiteral("port")));
    contenders.push_back(std::make_unique<SocketpairStream>(frames));
    contenders.push_back(std::make_unique<IpcLabContender>(
            &fixture, QStringLiteral("IPC Lab send, one-way renderer->main"), Kind::Flood));

    std::vector<Row> rows(contenders.size());
    for (size_t i = 0; i < contenders.size(); ++i) {
        Row &row = rows[i];
        row.contender = contenders[i].get();
        QString why;
        std::fprintf(stderr, "starting %s\n", qPrintable(row.contender->name()));
        if (!row.contender->start(&why)) {
            row.skipped = why;
            continue;
        }
        // Warm-up: caches, the allocator, and (for MessagePort) the direct pipe coming up.
        std::vector<double> discarded;
        const int count = row.contender->isThroughput() ? floodBatch : warmUp;
        if (!row.contender->run(count, &discarded, &why))
            row.skipped = QStringLiteral("failed in warm-up: %1").arg(why);
    }

    for (int round = 0; round < rounds; ++round) {
        std::fprintf(stderr, "round %d of %d\n", round + 1, rounds);
        for (Row &row : rows) {
            if (!row.skipped.isEmpty())
                continue;
            QString error;
            const int count = row.contender->isThroughput() ? floodBatch : perRound;
            if (!row.contender->run(count, &row.samples, &error)) {
                row.skipped = QStringLiteral("failed in round %1: %2").arg(round + 1).arg(error);
                continue;
            }
            row.messages += count;
        }
    }
    for (auto &contender : contenders)
        contender->stop();

    // The floors every ratio is against.
    double floorP50 = std::nan("");
    double streamRate = std::nan("");
    std::vector<Figures> figures;
    for (Row &row : rows) {
        figures.push_back(row.skipped.isEmpty() ? figuresOf(row) : Figures());
        if (dynamic_cast<SocketpairPingPong *>(row.contender))
            floorP50 = figures.back().p50Us;
        if (dynamic_cast<SocketpairStream *>(row.contender))
            streamRate = figures.back().messagesPerSecond;
    }

    std::printf("%-42s %9s %9s %9s %11s  %s\n", "pattern", "p50 us", "p99 us", "p99.9 us", "msgs/s",
                "vs floor");
    QJsonArray jsonRows;
    for (size_t i = 0; i < rows.size(); ++i) {
        const Row &row = rows[i];
        const Figures &f = figures[i];
        const QString name = row.contender->name();
        if (!row.skipped.isEmpty()) {
            std::printf("%-42s skipped: %s\n", qPrintable(name), qPrintable(row.skipped));
            jsonRows.append(QJsonObject{{QStringLiteral("pattern"), name}, {QStringLiteral("skipped"), row.skipped}});
            continue;
        }
        QJsonObject jsonRow{{QStringLiteral("pattern"), name},
                            {QStringLiteral("kind"), row.contender->isThroughput() ? QStringLiteral("one-way")
                                                                                   : QStringLiteral("round-trip")},
                            {QStringLiteral("msgsPerSecond"), jsonNumber(f.messagesPerSecond, 0)}};
        QString ratio;
        if (row.contender->isThroughput()) {
            const double r = f.messagesPerSecond / streamRate;
            ratio = std::isnan(r) ? QStringLiteral("-") : QStringLiteral("%1x stream rate").arg(fixed(r, 2));
            jsonRow.insert(QStringLiteral("messages"), row.messages);
            jsonRow.insert(QStringLiteral("rateRatioToStream"), jsonNumber(r, 3));
        } else {
            const double r = f.p50Us / floorP50;
            ratio = std::isnan(r) ? QStringLiteral("-") : QStringLiteral("%1x").arg(fixed(r, 2));
            jsonRow.insert(QStringLiteral("samples"), qint64(row.samples.size()));
            jsonRow.insert(QStringLiteral("p50Us"), jsonNumber(f.p50Us, 2));
            jsonRow.insert(QStringLiteral("p99Us"), jsonNumber(f.p99Us, 2));
            jsonRow.insert(QStringLiteral("p999Us"), jsonNumber(f.p999Us, 2));
            jsonRow.insert(QStringLiteral("p50RatioToFloor"), jsonNumber(r, 3));
        }
        std::printf("%-42s %9s %9s %9s %11s  %s\n", qPrintable(name), qPrintable(fixed(f.p50Us, 1)),
                    qPrintable(fixed(f.p99Us, 1)), qPrintable(fixed(f.p999Us, 1)),
                    qPrintable(fixed(f.messagesPerSecond, 0)), qPrintable(ratio));
        jsonRows.append(jsonRow);
    }
    std::printf("\nmsgs/s: round trips per second for round-trip rows (one after another), messages per second "
                "for one-way rows.\n");
    if (fixture.isStarted()) {
        QStringList startup;
        for (double ms : fixture.startupMs())
            startup << QString::number(ms, 'f', 1);
        std::printf("bench renderers started to ready (both launched at once): %s ms\n",
                    qPrintable(startup.join(QStringLiteral(", "))));
    }

    if (parser.isSet(json)) {
        QJsonObject document{
                {QStringLiteral("machine"),
                 QJsonObject{{QStringLiteral("architecture"), machine.architecture},
                             {QStringLiteral("cpu"), machine.cpu},
                             {QStringLiteral("cores"), machine.cores},
                             {QStringLiteral("allowedCpus"), machine.allowedCpus},
                             {QStringLiteral("loadAverage"), machine.load},
                             {QStringLiteral("qt"), QString::fromLatin1(qVersion())}}},
                {QStringLiteral("quick"), isQuick},
                {QStringLiteral("rounds"), rounds},
                {QStringLiteral("warmUp"), warmUp},
                {QStringLiteral("frameBytes"),
                 QJsonObject{{QStringLiteral("invoke"), frames.invoke.size()},
                             {QStringLiteral("result"), frames.result.size()},
                             {QStringLiteral("send"), frames.send.size()}}},
                {QStringLiteral("rows"), jsonRows}};
        QFile file(parser.value(json));
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)
            || file.write(QJsonDocument(document).toJson()) < 0) {
            std::fprintf(stderr, "ipclab-bench: cannot write %s: %s\n", qPrintable(parser.value(json)),
                         qPrintable(file.errorString()));
            return 1;
        }
    }
    return 0;
}
