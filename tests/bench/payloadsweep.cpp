#include "payloadsweep.h"

#include "benchpayload.h"
#include "ipclabcontenders.h"
#include "rawcontenders.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <memory>

#ifdef IPCLAB_BENCH_HAVE_QTRO
#    include "remoteobjectscontender.h"
#endif

namespace {

using Series = PayloadSweep::Series;

const QList<Series> stringSeries = {Series::Floor,         Series::LocalSocket,
                                    Series::IpcLabJson,    Series::IpcLabBinary,
                                    Series::RemoteObjects, Series::NodeJson};
const QList<Series> objectSeries = {Series::Floor, Series::IpcLabJson, Series::NodeJson,
                                    Series::NodeAdvanced, Series::RemoteObjects};

// Whose CPU a series' "CPU us/msg" is: see Contender::CpuSide.
QString cpuSide(Series series)
{
    switch (series) {
    case Series::IpcLabJson:
    case Series::IpcLabBinary:
        return QStringLiteral("main");
    case Series::NodeJson:
    case Series::NodeAdvanced:
        return QStringLiteral("none");
    default:
        return QStringLiteral("peer");
    }
}

QJsonObject pointJson(const PayloadSweep::Point &point)
{
    QJsonObject json{{QStringLiteral("bytes"), double(point.bytes)}};
    if (!point.skipped.isEmpty()) {
        json.insert(QStringLiteral("skipped"), point.skipped);
        return json;
    }
    json.insert(QStringLiteral("samples"), double(point.samples));
    json.insert(QStringLiteral("p50Us"), jsonNumber(point.figures.p50Us, 3));
    json.insert(QStringLiteral("p99Us"), jsonNumber(point.figures.p99Us, 3));
    json.insert(QStringLiteral("p50RatioToFloor"), jsonNumber(point.ratioToFloor, 4));
    json.insert(QStringLiteral("mbPerSecond"), jsonNumber(point.figures.megabytesPerSecond, 2));
    json.insert(QStringLiteral("cpuUsPerMsg"), jsonNumber(point.figures.cpuUsPerMessage, 2));
    return json;
}

// Microseconds in at most 8 characters: one decimal below 100 us.
QString microseconds(double us)
{
    return fixed(us, us < 100 ? 1 : 0);
}

} // namespace

// One point of the sweep: a string of `bytes` characters, or the object payload.
struct PayloadSweep::Payload
{
    qint64 bytes = 0; // the string's length; for records, their JSON text's
    int records = 0; // > 0: the object payload, benchRecords(records)
    QJsonArray recordArray;
    BenchFrames frames;
};

std::unique_ptr<Contender> PayloadSweep::makeContender(Series series, const Payload &payload) const
{
    using Kind = IpcLabContender::Kind;
    const bool objects = payload.records > 0;
    const QString nodePayload = objects ? QStringLiteral("records:%1").arg(payload.records)
                                        : QStringLiteral("string:%1").arg(payload.bytes);
    switch (series) {
    case Series::Floor:
        return std::make_unique<SocketpairPingPong>(payload.frames);
    case Series::LocalSocket:
        return std::make_unique<LocalSocketPingPong>(payload.frames);
    case Series::IpcLabJson:
        if (objects)
            return std::make_unique<IpcLabContender>(
                    m_fixture, QStringLiteral("IPC Lab invoke, object payload"), Kind::InRenderer,
                    QStringLiteral("invoke-records"), payload.records, payload.bytes);
        return std::make_unique<IpcLabContender>(
                m_fixture, QStringLiteral("IPC Lab invoke, JSON string argument"), Kind::InRenderer,
                QStringLiteral("invoke"), payload.bytes);
    case Series::IpcLabBinary:
        return std::make_unique<IpcLabContender>(
                m_fixture, QStringLiteral("IPC Lab invoke, QByteArray argument"), Kind::InvokeBinary,
                QStringLiteral("invoke-binary"), payload.bytes);
    case Series::RemoteObjects: {
#ifdef IPCLAB_BENCH_HAVE_QTRO
        if (objects)
            return std::make_unique<RemoteObjectsPingPong>(payload.recordArray.toVariantList(),
                                                           payload.bytes);
        return std::make_unique<RemoteObjectsPingPong>(QString(qsizetype(payload.bytes), QLatin1Char('x')));
#else
        return std::make_unique<UnavailableContender>(
                QStringLiteral("Qt Remote Objects local: (dynamic replica)"),
                QStringLiteral("Qt Remote Objects not installed (Debian: qt6-remoteobjects-dev)"));
#endif
    }
    case Series::NodeJson:
        return std::make_unique<NodeForkPingPong>(m_nodeScript, QStringLiteral("json"), nodePayload);
    case Series::NodeAdvanced:
        return std::make_unique<NodeForkPingPong>(m_nodeScript, QStringLiteral("advanced"), nodePayload);
    }
    return nullptr;
}

QList<PayloadSweep::Series> PayloadSweep::seriesToRun(const QList<Series> &all) const
{
    QList<Series> chosen;
    for (Series series : all) {
        if (m_plan.series.isEmpty() || m_plan.series.contains(seriesKey(series)))
            chosen.append(series);
    }
    return chosen;
}

QString PayloadSweep::sizeLabel(qint64 bytes)
{
    if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0)
        return QStringLiteral("%1 MiB").arg(bytes / (1024 * 1024));
    if (bytes >= 1024 && bytes % 1024 == 0)
        return QStringLiteral("%1 KiB").arg(bytes / 1024);
    return QStringLiteral("%1 B").arg(bytes);
}

QString PayloadSweep::seriesKey(Series series)
{
    switch (series) {
    case Series::Floor:
        return QStringLiteral("floor");
    case Series::LocalSocket:
        return QStringLiteral("qlocalsocket");
    case Series::IpcLabJson:
        return QStringLiteral("ipclab-invoke-json");
    case Series::IpcLabBinary:
        return QStringLiteral("ipclab-invoke-binary");
    case Series::RemoteObjects:
        return QStringLiteral("qtro");
    case Series::NodeJson:
        return QStringLiteral("node-json");
    case Series::NodeAdvanced:
        return QStringLiteral("node-advanced");
    }
    return {};
}

int PayloadSweep::samplesFor(qint64 bytes) const
{
    const qint64 bounded = m_plan.bytesPerSize / std::max<qint64>(1, bytes);
    return int(std::clamp<qint64>(bounded, m_plan.minSamples, m_plan.maxSamples));
}

// Runs the series on one payload in alternation; one point each, with its ratio to the floor.
QList<PayloadSweep::SeriesResult> PayloadSweep::runPoint(const QList<Series> &series,
                                                         const Payload &payload)
{
    const qint64 bytes = payload.bytes;
    const int samples = samplesFor(bytes);
    const int rounds = std::min(m_plan.rounds, samples);
    RunPlan plan;
    plan.rounds = rounds;
    plan.perRound = std::max(1, samples / rounds);
    plan.warmUp = std::max(2, samples / 10);

    std::vector<std::unique_ptr<Contender>> contenders;
    std::vector<BenchRow> rows;
    for (Series one : series) {
        contenders.push_back(makeContender(one, payload));
        BenchRow row;
        row.contender = contenders.back().get();
        rows.push_back(std::move(row));
    }
    const QString what = payload.records > 0
            ? QStringLiteral(" (object payload, %1 records)").arg(payload.records)
            : QStringLiteral(" (payload %1)").arg(sizeLabel(bytes));
    runAlternating(&rows, plan, what);

    double floorP50 = std::nan("");
    std::vector<Figures> figures;
    for (size_t i = 0; i < rows.size(); ++i) {
        figures.push_back(figuresOf(&rows[i]));
        if (series.at(qsizetype(i)) == Series::Floor)
            floorP50 = figures.back().p50Us;
    }
    QList<SeriesResult> results;
    for (size_t i = 0; i < rows.size(); ++i) {
        Point point;
        point.bytes = bytes;
        point.samples = qint64(rows[i].samples.size());
        point.figures = figures[i];
        point.ratioToFloor = point.figures.p50Us / floorP50;
        point.skipped = rows[i].skipped;
        results.append(SeriesResult{series.at(qsizetype(i)), rows[i].contender->name(), {point}});
    }
    return results;
}

void PayloadSweep::run()
{
    m_results.clear();
    m_objectResults.clear();
    const QList<Series> series = seriesToRun(stringSeries);
    for (qint64 bytes : m_plan.sizes) {
        Payload payload;
        payload.bytes = bytes;
        payload.frames = benchFrames(QString(qsizetype(bytes), QLatin1Char('x')));
        const QList<SeriesResult> point = runPoint(series, payload);
        if (m_results.isEmpty()) {
            m_results = point;
            continue;
        }
        for (qsizetype i = 0; i < point.size(); ++i)
            m_results[i].points.append(point.at(i).points);
    }

    if (m_plan.records > 0) {
        Payload payload;
        payload.records = m_plan.records;
        payload.recordArray = benchRecords(m_plan.records);
        payload.frames = benchFrames(payload.recordArray);
        payload.bytes = payload.frames.payloadBytes;
        m_objectBytes = payload.bytes;
        m_objectResults = runPoint(seriesToRun(objectSeries), payload);
    }
}

void PayloadSweep::print() const
{
    QStringList counts;
    for (qint64 bytes : m_plan.sizes)
        counts << QString::number(samplesFor(bytes));
    std::printf("\npayload sweep: round trips of a string argument of each size, alternating "
                "series per size\n"
                "(samples per size: %s)\n",
                qPrintable(counts.join(QLatin1Char(' '))));
    std::printf("%-36s", "");
    for (qint64 bytes : m_plan.sizes)
        std::printf(" %8s", qPrintable(sizeLabel(bytes)));
    std::printf("\n");

    for (const SeriesResult &series : m_results) {
        QStringList reasons;
        for (const Point &point : series.points) {
            if (!point.skipped.isEmpty() && !reasons.contains(point.skipped))
                reasons << point.skipped;
        }
        const bool allSkipped
                = std::all_of(series.points.begin(), series.points.end(),
                              [](const Point &point) { return !point.skipped.isEmpty(); });
        if (allSkipped && reasons.size() == 1) {
            std::printf("%s: skipped: %s\n", qPrintable(series.name), qPrintable(reasons.first()));
            continue;
        }
        std::printf("%s\n", qPrintable(series.name));
        const auto line = [&](const char *label,
                              const std::function<QString(const Point &)> &cell) {
            std::printf("  %-34s", label);
            for (const Point &point : series.points)
                std::printf(" %8s",
                            qPrintable(point.skipped.isEmpty() ? cell(point)
                                                               : QStringLiteral("failed")));
            std::printf("\n");
        };
        line("p50 us", [](const Point &p) { return microseconds(p.figures.p50Us); });
        line("p99 us", [](const Point &p) { return microseconds(p.figures.p99Us); });
        if (series.kind != Series::Floor)
            line("vs floor", [](const Point &p) {
                return QStringLiteral("%1x").arg(fixed(p.ratioToFloor, 2));
            });
        line("MB/s (payload, both ways)", [](const Point &p) {
            return fixed(p.figures.megabytesPerSecond, p.figures.megabytesPerSecond < 10 ? 2 : 0);
        });
        if (cpuSide(series.kind) != QLatin1String("none"))
            line(cpuSide(series.kind) == QLatin1String("main") ? "main CPU us/msg" : "bench-side CPU us/msg",
                 [](const Point &p) { return microseconds(p.figures.cpuUsPerMessage); });
        for (const Point &point : series.points) {
            if (!point.skipped.isEmpty())
                std::printf("  at %s: %s\n", qPrintable(sizeLabel(point.bytes)),
                            qPrintable(point.skipped));
        }
    }

    if (m_objectResults.isEmpty())
        return;
    std::printf("\nobject payload: an array of %d records of 8 mixed fields, %lld bytes of JSON "
                "(%d samples)\n",
                m_plan.records, (long long)m_objectBytes, samplesFor(m_objectBytes));
    std::printf("%-46s %9s %9s %9s %15s\n", "", "p50 us", "p99 us", "vs floor", "CPU us/msg");
    for (const SeriesResult &series : m_objectResults) {
        const Point &p = series.points.first();
        if (!p.skipped.isEmpty()) {
            std::printf("%-46s skipped: %s\n", qPrintable(series.name), qPrintable(p.skipped));
            continue;
        }
        std::printf("%-46s %9s %9s %9s %15s\n", qPrintable(series.name),
                    qPrintable(microseconds(p.figures.p50Us)), qPrintable(microseconds(p.figures.p99Us)),
                    qPrintable(series.kind == Series::Floor ? QStringLiteral("1.00x")
                                                            : QStringLiteral("%1x").arg(fixed(p.ratioToFloor, 2))),
                    qPrintable(cpuSide(series.kind) == QLatin1String("none")
                                       ? QStringLiteral("-")
                                       : QStringLiteral("%1 (%2)").arg(microseconds(p.figures.cpuUsPerMessage),
                                                                       cpuSide(series.kind))));
    }
}

QJsonObject PayloadSweep::toJson() const
{
    QJsonArray sizes;
    for (qint64 bytes : m_plan.sizes)
        sizes.append(double(bytes));
    QJsonArray series;
    for (const SeriesResult &result : m_results) {
        QJsonArray points;
        for (const Point &point : result.points)
            points.append(pointJson(point));
        series.append(QJsonObject{{QStringLiteral("name"), result.name},
                                  {QStringLiteral("key"), seriesKey(result.kind)},
                                  {QStringLiteral("cpuSide"), cpuSide(result.kind)},
                                  {QStringLiteral("points"), points}});
    }
    QJsonObject json{{QStringLiteral("sizes"), sizes},
                     {QStringLiteral("bytesPerSize"), double(m_plan.bytesPerSize)},
                     {QStringLiteral("minSamples"), m_plan.minSamples},
                     {QStringLiteral("maxSamples"), m_plan.maxSamples},
                     {QStringLiteral("rounds"), m_plan.rounds},
                     {QStringLiteral("series"), series}};
    if (!m_objectResults.isEmpty()) {
        QJsonArray objectSeries;
        for (const SeriesResult &result : m_objectResults)
            objectSeries.append(QJsonObject{{QStringLiteral("name"), result.name},
                                            {QStringLiteral("key"), seriesKey(result.kind)},
                                            {QStringLiteral("cpuSide"), cpuSide(result.kind)},
                                            {QStringLiteral("point"), pointJson(result.points.first())}});
        json.insert(QStringLiteral("objectPayload"),
                    QJsonObject{{QStringLiteral("records"), m_plan.records},
                                {QStringLiteral("bytes"), double(m_objectBytes)},
                                {QStringLiteral("series"), objectSeries}});
    }
    return json;
}
