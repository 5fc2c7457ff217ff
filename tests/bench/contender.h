#pragma once

#include <QString>

#include <vector>

// One row of ipclab-bench: something that can do a batch of round trips (or, for a throughput
// row, push a batch of one-way messages) and say how long it took. The driver runs every
// contender's batches in alternation (A B A B ...) so that drift on the machine hits all alike.
class Contender
{
public:
    // Whose CPU the driver's getrusage(RUSAGE_SELF) around a batch measures: the bench process
    // is main for the IPC Lab rows, one of the two peers for the raw and Qt rows, and neither
    // for the Node rows (both sides are node processes; the bench only hands out the batches).
    enum class CpuSide { None, Peer, Main };

    virtual ~Contender() = default;

    virtual QString name() const = 0;
    // A throughput row: run() appends one figure per batch, the batch's elapsed nanoseconds.
    virtual bool isThroughput() const { return false; }
    virtual CpuSide cpuSide() const { return CpuSide::Peer; }
    // Payload bytes one message carries one way (the string argument), for MB/s.
    virtual qint64 payloadBytes() const { return 0; }

    // Starts the peer. False, with a sentence in *why, when the row cannot run here (e.g. node
    // is not installed); the driver then prints the sentence instead of the row.
    virtual bool start(QString *why) = 0;

    // A round-trip row appends count samples in nanoseconds; a throughput row sends count
    // messages and appends the batch's elapsed nanoseconds. False, with *error, on a failure.
    virtual bool run(int count, std::vector<double> *samples, QString *error) = 0;

    virtual void stop() { }
};

// A row that cannot run in this build (e.g. a peer whose Qt module was not found at configure
// time): it only says why.
class UnavailableContender : public Contender
{
public:
    UnavailableContender(const QString &name, const QString &why) : m_name(name), m_why(why) { }
    QString name() const override { return m_name; }
    bool start(QString *why) override
    {
        *why = m_why;
        return false;
    }
    bool run(int, std::vector<double> *, QString *error) override
    {
        *error = m_why;
        return false;
    }

private:
    QString m_name;
    QString m_why;
};
