#include "benchdriver.h"

#include "monotonicclock.h"

#include <QEventLoop>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <sys/resource.h>

qint64 processCpuNanoseconds()
{
    rusage usage{};
    if (::getrusage(RUSAGE_SELF, &usage) != 0)
        return 0;
    const auto nanoseconds = [](const timeval &t) {
        return qint64(t.tv_sec) * 1000000000 + qint64(t.tv_usec) * 1000;
    };
    return nanoseconds(usage.ru_utime) + nanoseconds(usage.ru_stime);
}

namespace {

bool measuredBatch(BenchRow *row, int count, QString *error)
{
    const qint64 cpu0 = processCpuNanoseconds();
    if (!row->contender->run(count, &row->samples, error))
        return false;
    row->cpuNanoseconds += double(processCpuNanoseconds() - cpu0);
    row->messages += count;
    return true;
}

} // namespace

void runAlternating(std::vector<BenchRow> *rows, const RunPlan &plan, const QString &what)
{
    for (BenchRow &row : *rows) {
        QString why;
        std::fprintf(stderr, "starting %s%s\n", qPrintable(row.contender->name()),
                     qPrintable(what));
        if (!row.contender->start(&why)) {
            row.skipped = why;
            continue;
        }
        // Warm-up: caches, the allocator, and (for MessagePort) the direct pipe coming up.
        std::vector<double> discarded;
        const int count = row.contender->isThroughput() ? plan.throughputBatch : plan.warmUp;
        if (!row.contender->run(count, &discarded, &why))
            row.skipped = QStringLiteral("failed in warm-up: %1").arg(why);
    }

    for (int round = 0; round < plan.rounds; ++round) {
        std::fprintf(stderr, "round %d of %d%s\n", round + 1, plan.rounds, qPrintable(what));
        for (BenchRow &row : *rows) {
            if (!row.skipped.isEmpty())
                continue;
            QString error;
            const int count = row.contender->isThroughput() ? plan.throughputBatch : plan.perRound;
            if (!measuredBatch(&row, count, &error))
                row.skipped = QStringLiteral("failed in round %1: %2").arg(round + 1).arg(error);
        }
    }
    for (BenchRow &row : *rows)
        row.contender->stop();
}

double percentile(const std::vector<double> &sorted, double p)
{
    if (sorted.empty())
        return std::nan("");
    const size_t rank = size_t(std::ceil(p * double(sorted.size())));
    return sorted[std::clamp<size_t>(rank, 1, sorted.size()) - 1];
}

Figures figuresOf(BenchRow *row)
{
    const double nan = std::nan("");
    Figures figures{nan, nan, nan, nan, nan, nan};
    if (!row->skipped.isEmpty() || row->messages == 0)
        return figures;
    const double totalNs = std::accumulate(row->samples.begin(), row->samples.end(), 0.0);
    const double payload = double(row->contender->payloadBytes());
    if (row->contender->cpuSide() != Contender::CpuSide::None)
        figures.cpuUsPerMessage = row->cpuNanoseconds / double(row->messages) / 1e3;
    if (totalNs > 0) {
        figures.messagesPerSecond = double(row->messages) / totalNs * 1e9;
        if (payload > 0) {
            const double directions = row->contender->isThroughput() ? 1.0 : 2.0;
            figures.megabytesPerSecond = figures.messagesPerSecond * payload * directions / 1e6;
        }
    }
    if (row->contender->isThroughput())
        return figures;
    std::sort(row->samples.begin(), row->samples.end());
    figures.p50Us = percentile(row->samples, 0.50) / 1e3;
    figures.p99Us = percentile(row->samples, 0.99) / 1e3;
    figures.p999Us = percentile(row->samples, 0.999) / 1e3;
    return figures;
}

QString fixed(double value, int decimals)
{
    return std::isnan(value) ? QStringLiteral("-") : QString::number(value, 'f', decimals);
}

QJsonValue jsonNumber(double value, int decimals)
{
    if (std::isnan(value) || std::isinf(value))
        return QJsonValue::Null;
    const double scale = std::pow(10.0, decimals);
    return std::round(value * scale) / scale;
}

bool runAsyncRoundTrips(int count, std::vector<double> *samples, QString *error,
                        const std::function<void(QObject *context, bool first,
                                                 const AnswerCallback &answered)> &call)
{
    QEventLoop loop;
    int done = 0;
    qint64 t0 = 0;
    QString failure;
    const auto fail = [&](const QString &why) {
        failure = why;
        loop.quit();
    };
    std::function<void()> next;
    const AnswerCallback answered = [&](qint64 t1, const QString &problem) {
        if (!problem.isEmpty())
            return fail(problem);
        samples->push_back(double(t1 - t0));
        if (++done == count)
            loop.quit();
        else
            next();
    };
    next = [&] {
        t0 = monotonicNanoseconds();
        call(&loop, done == 0, answered);
    };
    QTimer::singleShot(120000, &loop,
                       [&] { fail(QStringLiteral("the round trips stalled after %1").arg(done)); });
    next();
    if (failure.isEmpty())
        loop.exec();
    if (!failure.isEmpty()) {
        *error = failure;
        return false;
    }
    return true;
}
