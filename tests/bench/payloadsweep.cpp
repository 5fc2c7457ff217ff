#include "payloadsweep.h"

#include "ipclabcontenders.h"
#include "rawcontenders.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <memory>

namespace {

const QList<PayloadSweep::Series> allSeries
        = {PayloadSweep::Series::Floor, PayloadSweep::Series::LocalSocket,
           PayloadSweep::Series::IpcLabJson, PayloadSweep::Series::IpcLabBinary};

std::unique_ptr<Contender> makeContender(PayloadSweep::Series series, IpcLabFixture *fixture,
                                         qint64 bytes, const BenchFrames &frames)
{
    using Kind = IpcLabContender::Kind;
    switch (series) {
    case PayloadSweep::Series::Floor:
        return std::make_unique<SocketpairPingPong>(frames);
    case PayloadSweep::Series::LocalSocket:
        return std::make_unique<LocalSocketPingPong>(frames);
    case PayloadSweep::Series::IpcLabJson:
        return std::make_unique<IpcLabContender>(
                fixture, QStringLiteral("IPC Lab invoke, JSON string argument"), Kind::InRenderer,
                QStringLiteral("invoke"), bytes);
    case PayloadSweep::Series::IpcLabBinary:
        return std::make_unique<IpcLabContender>(
                fixture, QStringLiteral("IPC Lab invoke, QByteArray argument"), Kind::InvokeBinary,
                QStringLiteral("invoke-binary"), bytes);
    }
    return nullptr;
}

// Microseconds in at most 8 characters: one decimal below 100 us.
QString microseconds(double us)
{
    return fixed(us, us < 100 ? 1 : 0);
}

} // namespace

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
    }
    return {};
}

int PayloadSweep::samplesFor(qint64 bytes) const
{
    const qint64 bounded = m_plan.bytesPerSize / std::max<qint64>(1, bytes);
    return int(std::clamp<qint64>(bounded, m_plan.minSamples, m_plan.maxSamples));
}

void PayloadSweep::run()
{
    m_results.clear();
    for (Series series : allSeries)
        m_results.append(
                SeriesResult{series, makeContender(series, m_fixture, 64, {})->name(), {}});

    for (qint64 bytes : m_plan.sizes) {
        const int samples = samplesFor(bytes);
        const int rounds = std::min(m_plan.rounds, samples);
        RunPlan plan;
        plan.rounds = rounds;
        plan.perRound = std::max(1, samples / rounds);
        plan.warmUp = std::max(2, samples / 10);
        const BenchFrames frames = benchFrames(QString(qsizetype(bytes), QLatin1Char('x')));

        std::vector<std::unique_ptr<Contender>> contenders;
        std::vector<BenchRow> rows;
        for (Series series : allSeries) {
            contenders.push_back(makeContender(series, m_fixture, bytes, frames));
            BenchRow row;
            row.contender = contenders.back().get();
            rows.push_back(std::move(row));
        }
        runAlternating(&rows, plan, QStringLiteral(" (payload %1)").arg(sizeLabel(bytes)));

        double floorP50 = std::nan("");
        std::vector<Figures> figures;
        for (BenchRow &row : rows)
            figures.push_back(figuresOf(&row));
        floorP50 = figures.front().p50Us; // Series::Floor comes first
        for (int i = 0; i < int(rows.size()); ++i) {
            Point point;
            point.bytes = bytes;
            point.samples = qint64(rows[size_t(i)].samples.size());
            point.figures = figures[size_t(i)];
            point.ratioToFloor = point.figures.p50Us / floorP50;
            point.skipped = rows[size_t(i)].skipped;
            m_results[i].points.append(point);
        }
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
        line(series.kind == Series::IpcLabJson || series.kind == Series::IpcLabBinary ? "main CPU us/msg" : "bench-side CPU us/msg",
             [](const Point &p) { return microseconds(p.figures.cpuUsPerMessage); });
        for (const Point &point : series.points) {
            if (!point.skipped.isEmpty())
                std::printf("  at %s: %s\n", qPrintable(sizeLabel(point.bytes)),
                            qPrintable(point.skipped));
        }
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
        for (const Point &point : result.points) {
            QJsonObject json{{QStringLiteral("bytes"), double(point.bytes)}};
            if (!point.skipped.isEmpty()) {
                json.insert(QStringLiteral("skipped"), point.skipped);
            } else {
                json.insert(QStringLiteral("samples"), double(point.samples));
                json.insert(QStringLiteral("p50Us"), jsonNumber(point.figures.p50Us, 3));
                json.insert(QStringLiteral("p99Us"), jsonNumber(point.figures.p99Us, 3));
                json.insert(QStringLiteral("p50RatioToFloor"), jsonNumber(point.ratioToFloor, 4));
                json.insert(QStringLiteral("mbPerSecond"),
                            jsonNumber(point.figures.megabytesPerSecond, 2));
                json.insert(QStringLiteral("cpuUsPerMsg"),
                            jsonNumber(point.figures.cpuUsPerMessage, 2));
            }
            points.append(json);
        }
        series.append(QJsonObject{
                {QStringLiteral("name"), result.name},
                {QStringLiteral("key"), seriesKey(result.kind)},
                {QStringLiteral("cpuSide"),
                 result.kind == Series::IpcLabJson || result.kind == Series::IpcLabBinary
                         ? QStringLiteral("main")
                         : QStringLiteral("peer")},
                {QStringLiteral("points"), points}});
    }
    return QJsonObject{{QStringLiteral("sizes"), sizes},
                        {QStringLiteral("bytesPerSize"), double(m_plan.bytesPerSize)},
                        {QStringLiteral("minSamples"), m_plan.minSamples},
                        {QStringLiteral("maxSamples"), m_plan.maxSamples},
                        {QStringLiteral("rounds"), m_plan.rounds},
                        {QStringLiteral("series"), series}};
}
