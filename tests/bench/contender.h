#pragma once

#include <QString>

#include <vector>

// One row of ipclab-bench: something that can do a batch of round trips (or, for a throughput
// row, push a batch of one-way messages) and say how long it took. The driver runs every
// contender's batches in alternation (A B A B ...) so that drift on the machine hits all alike.
class Contender
{
public:
    virtual ~Contender() = default;

    virtual QString name() const = 0;
    // A throughput row: run() appends one figure per batch, the batch's elapsed nanoseconds.
    virtual bool isThroughput() const { return false; }

    // Starts the peer. False, with a sentence in *why, when the row cannot run here (e.g. node
    // is not installed); the driver then prints the sentence instead of the row.
    virtual bool start(QString *why) = 0;

    // A round-trip row appends count samples in nanoseconds; a throughput row sends count
    // messages and appends the batch's elapsed nanoseconds. False, with *error, on a failure.
    virtual bool run(int count, std::vector<double> *samples, QString *error) = 0;

    virtual void stop() { }
};
