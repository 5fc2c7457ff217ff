#include "renderersweep.h"
#include "processstats.h"

#include "benchdriver.h"
#include "ipclabcontenders.h"
#include "webcontents.h"

#include <QFile>
#include <QJsonArray>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

namespace {

// VmRSS from /proc/PID/status, in KiB; NaN when it cannot be read.
double residentKilobytes(qint64 pid)
{
    const qint64 kilobytes = statusKilobytes("VmRSS", pid);
    return kilobytes < 0 ? std::nan("") : double(kilobytes);
}

double median(QList<double> values)
{
    std::vector<double> sorted(values.begin(), values.end());
    std::sort(sorted.begin(), sorted.end());
    return percentile(sorted, 0.5);
}

} // namespace

int RendererSweep::perRenderer(int renderers) const
{
    return std::max(10, m_plan.roundTripsPerCount / (m_plan.rounds * renderers));
}

RendererSweep::Point RendererSweep::measure(int renderers)
{
    Point point;
    point.renderers = renderers;
    point.connected = int(m_fixture->extraRenderers().size());
    QString why;
    std::vector<double> samples;
    double windowNs = 0;
    if (!m_fixture->runConcurrentInvokes(renderers, std::max(5, 200 / renderers), &samples,
                                         &windowNs, &why)) {
        point.failed = QStringLiteral("failed in warm-up: %1").arg(why);
        return point;
    }
    samples.clear();
    double totalWindowNs = 0;
    double cpuNs = 0;
    for (int round = 0; round < m_plan.rounds; ++round) {
        std::fprintf(stderr, "round %d of %d (%d of %d renderers invoking)\n", round + 1,
                     m_plan.rounds, renderers, point.connected);
        const qint64 cpu0 = processCpuNanoseconds();
        if (!m_fixture->runConcurrentInvokes(renderers, perRenderer(renderers), &samples, &windowNs,
                                             &why)) {
            point.failed = QStringLiteral("failed in round %1: %2").arg(round + 1).arg(why);
            return point;
        }
        cpuNs += double(processCpuNanoseconds() - cpu0);
        totalWindowNs += windowNs;
        point.roundTrips += qint64(renderers) * perRenderer(renderers);
    }
    std::sort(samples.begin(), samples.end());
    point.roundTripsPerSecond
            = totalWindowNs > 0 ? double(point.roundTrips) / totalWindowNs * 1e9 : std::nan("");
    point.p50Us = percentile(samples, 0.5) / 1e3;
    point.p99Us = percentile(samples, 0.99) / 1e3;
    point.mainCpuUsPerMessage = cpuNs / double(point.roundTrips) / 1e3;
    return point;
}

void RendererSweep::run()
{
    QString why;
    if (!m_fixture->start(&why)) {
        m_skipped = why;
        return;
    }
    QList<int> counts = m_plan.counts;
    std::sort(counts.begin(), counts.end());
    for (int count : std::as_const(counts)) {
        const int have = int(m_fixture->extraRenderers().size());
        if (count > have) {
            std::fprintf(stderr, "starting bench renderers %d to %d for the renderer-count sweep\n",
                         have + 1, count);
            if (!m_fixture->launchExtraRenderers(count - have, &m_startupMs, &why)) {
                m_skipped = why;
                m_fixture->closeExtraRenderers();
                return;
            }
            // Idle: connected, handshake done, nothing asked of them yet.
            for (WebContents *win : m_fixture->extraRenderers().mid(have)) {
                const double kilobytes = residentKilobytes(win->osProcessId());
                if (!std::isnan(kilobytes))
                    m_idleRssKiB.append(kilobytes);
            }
        }
        m_points.append(measure(count));
    }
    if (!counts.isEmpty() && counts.last() > 1)
        m_points.append(measure(1));
    m_fixture->closeExtraRenderers();
}

void RendererSweep::print() const
{
    std::printf("\nrenderer-count sweep: N bench renderers each loop invoke -> await -> invoke at "
                "the same time\n");
    if (!m_skipped.isEmpty()) {
        std::printf("skipped: %s\n", qPrintable(m_skipped));
        return;
    }
    std::printf("%9s %9s %12s %14s %9s %9s %16s\n", "invoking", "connected", "round trips",
                "round trips/s", "p50 us", "p99 us", "main CPU us/msg");
    for (const Point &point : m_points) {
        if (!point.failed.isEmpty()) {
            std::printf("%9d %9d %s\n", point.renderers, point.connected, qPrintable(point.failed));
            continue;
        }
        std::printf("%9d %9d %12lld %14s %9s %9s %16s\n", point.renderers, point.connected,
                    (long long)point.roundTrips, qPrintable(fixed(point.roundTripsPerSecond, 0)),
                    qPrintable(fixed(point.p50Us, 1)), qPrintable(fixed(point.p99Us, 1)),
                    qPrintable(fixed(point.mainCpuUsPerMessage, 2)));
    }
    std::printf(
            "round trips/s: all renderers' round trips over the time from the first invoke to the\n"
            "last answer. connected: sweep renderers connected to main meanwhile (A and B too, idle);\n"
            "the last row is one renderer invoking while the others sit idle: what idle connections\n"
            "cost main.\n");
    const auto range = [](const QList<double> &values, double scale, const char *unit) {
        const auto [least, most] = std::minmax_element(values.begin(), values.end());
        return QStringLiteral("p50 %1 %4 (%2 to %3 %4")
                .arg(fixed(median(values) / scale, 1), fixed(*least / scale, 1),
                     fixed(*most / scale, 1), QLatin1String(unit));
    };
    if (!m_startupMs.isEmpty()) {
        std::printf("bench renderer started to ready (handshake done): %s, %lld launched one at a "
                    "time; the issue's target: under 100 ms)\n",
                    qPrintable(range(m_startupMs, 1, "ms")), (long long)m_startupMs.size());
    }
    if (m_idleRssKiB.isEmpty()) {
        std::printf("idle bench renderer resident memory: not measured (no /proc/PID/status)\n");
    } else {
        std::printf("idle bench renderer resident memory (VmRSS after the handshake): %s, %lld "
                    "renderers)\n",
                    qPrintable(range(m_idleRssKiB, 1024, "MiB")), (long long)m_idleRssKiB.size());
    }
}

QJsonObject RendererSweep::toJson() const
{
    if (!m_skipped.isEmpty())
        return QJsonObject{{QStringLiteral("skipped"), m_skipped}};
    QJsonArray points;
    for (const Point &point : m_points) {
        QJsonObject json{{QStringLiteral("renderers"), point.renderers},
                          {QStringLiteral("connected"), point.connected}};
        if (!point.failed.isEmpty()) {
            json.insert(QStringLiteral("skipped"), point.failed);
        } else {
            json.insert(QStringLiteral("roundTrips"), double(point.roundTrips));
            json.insert(QStringLiteral("roundTripsPerSecond"),
                        jsonNumber(point.roundTripsPerSecond, 0));
            json.insert(QStringLiteral("p50Us"), jsonNumber(point.p50Us, 2));
            json.insert(QStringLiteral("p99Us"), jsonNumber(point.p99Us, 2));
            json.insert(QStringLiteral("mainCpuUsPerMsg"),
                        jsonNumber(point.mainCpuUsPerMessage, 2));
        }
        points.append(json);
    }
    QJsonArray startup;
    for (double ms : m_startupMs)
        startup.append(jsonNumber(ms, 2));
    QJsonArray rss;
    for (double kilobytes : m_idleRssKiB)
        rss.append(kilobytes);
    return QJsonObject{{QStringLiteral("points"), points},
                        {QStringLiteral("rounds"), m_plan.rounds},
                        {QStringLiteral("roundTripsPerCount"), m_plan.roundTripsPerCount},
                        {QStringLiteral("startupMs"), startup},
                        {QStringLiteral("startupP50Ms"), jsonNumber(median(m_startupMs), 2)},
                        {QStringLiteral("idleRssKiB"), rss},
                        {QStringLiteral("idleRssP50KiB"), jsonNumber(median(m_idleRssKiB), 0)}};
}
