#pragma once

#include "contender.h"

#include <QJsonValue>
#include <QString>

#include <functional>
#include <vector>

class QObject;

// The measuring loop ipclab-bench's table and its payload sweep share: start every contender,
// warm each up, then run their batches in alternating rounds, taking this process's CPU time
// around every measured batch.

// This process's user + system CPU time so far (getrusage(RUSAGE_SELF), all threads).
qint64 processCpuNanoseconds();

struct BenchRow
{
    Contender *contender = nullptr;
    QString skipped; // why it did not run, if it did not
    std::vector<double> samples;
    qint64 messages = 0; // round trips, or one-way messages, over the measured batches
    double cpuNanoseconds = 0; // this process's CPU over the measured batches
};

struct RunPlan
{
    int rounds = 1;
    int perRound = 1; // round trips per batch
    int warmUp = 1; // round trips before the first round, not kept
    int throughputBatch = 1; // messages per batch of a one-way row (warm-up: one such batch)
};

// Starts, warms up and measures rows in alternation; a row that fails gets its sentence in
// skipped and drops out. Stops every contender at the end. Progress goes to stderr.
void runAlternating(std::vector<BenchRow> *rows, const RunPlan &plan, const QString &what);

// count round trips one after another, for peers answered from the event loop (a Qt Remote
// Objects or QtDBus pending call): call(context, first, answered) starts one, its watcher parented
// to context, and calls answered(t1, problem) once the answer is in, t1 read first thing; problem
// says what was wrong with it (checked when first: once per batch). A stall of 120 s fails it.
using AnswerCallback = std::function<void(qint64 t1, const QString &problem)>;
bool runAsyncRoundTrips(int count, std::vector<double> *samples, QString *error,
                        const std::function<void(QObject *context, bool first,
                                                 const AnswerCallback &answered)> &call);

// Nearest rank on sorted samples.
double percentile(const std::vector<double> &sorted, double p);

struct Figures
{
    double p50Us;
    double p99Us;
    double p999Us;
    double messagesPerSecond; // round trips per second one after another, or one-way messages
    double megabytesPerSecond; // payload bytes (both directions for a round trip) per second
    double cpuUsPerMessage; // this process's CPU per round trip or message; NaN for CpuSide::None
};

// Sorts row->samples. NaN where a figure does not apply.
Figures figuresOf(BenchRow *row);

QString fixed(double value, int decimals);
// A number rounded to decimals for the JSON report; null for NaN.
QJsonValue jsonNumber(double value, int decimals);
