#pragma once

#include "contender.h"

#include <QByteArray>
#include <QJsonValue>
#include <QString>

#include <sys/types.h>

class QLocalServer;
class QLocalSocket;
class QProcess;

// The bytes IPC Lab puts on the wire for the benchmarked messages, so that the floors move the
// very same frames: an invoke of "bench:echo" with the argument (a 64-byte string in the table,
// 64 B to 16 MiB in the payload sweep, or the object payload), its result, and a send.
struct BenchFrames
{
    QByteArray invoke;
    QByteArray result;
    QByteArray send;
    qint64 payloadBytes = 0;
};
BenchFrames benchFrames(const QJsonValue &payload);

// The kernel floor: two processes (fork) ping-ponging the invoke frame and its result over a
// socketpair with blocking read()/write(), nothing else.
class SocketpairPingPong : public Contender
{
public:
    explicit SocketpairPingPong(const BenchFrames &frames) : m_frames(frames) { }
    ~SocketpairPingPong() override { stop(); }
    QString name() const override { return QStringLiteral("raw C socketpair ping-pong (floor)"); }
    qint64 payloadBytes() const override { return m_frames.payloadBytes; }
    bool start(QString *why) override;
    bool run(int count, std::vector<double> *samples, QString *error) override;
    void stop() override;

private:
    BenchFrames m_frames;
    QByteArray m_request; // the child reads into its copy of this: it may not allocate
    QByteArray m_reply;
    int m_fd = -1;
    pid_t m_child = -1;
};

// The one-way floor: a forked child writes count send frames as fast as it can, as many frames
// per write() as fit in 64 KiB (IPC Lab's own writer, too, hands the kernel a loop pass's frames
// in one write); the batch ends when the parent has read the last byte.
class SocketpairStream : public Contender
{
public:
    explicit SocketpairStream(const BenchFrames &frames) : m_frames(frames) { }
    ~SocketpairStream() override { stop(); }
    QString name() const override { return QStringLiteral("raw C one-way stream, send frames"); }
    bool isThroughput() const override { return true; }
    qint64 payloadBytes() const override { return m_frames.payloadBytes; }
    bool start(QString *why) override;
    bool run(int count, std::vector<double> *samples, QString *error) override;
    void stop() override;

private:
    BenchFrames m_frames;
    QByteArray m_batch; // the child writes from its copy of this: it may not allocate
    int m_fd = -1;
    pid_t m_child = -1;
};

// Qt's transport floor: QLocalSocket between this process and a copy of ipclab-bench started as
// a peer (--qlocalsocket-peer), both event-driven, moving the same bytes with no JSON at all.
class LocalSocketPingPong : public Contender
{
public:
    explicit LocalSocketPingPong(const BenchFrames &frames) : m_frames(frames) { }
    ~LocalSocketPingPong() override { stop(); }
    QString name() const override { return QStringLiteral("raw QLocalSocket ping-pong (bytes)"); }
    qint64 payloadBytes() const override { return m_frames.payloadBytes; }
    bool start(QString *why) override;
    bool run(int count, std::vector<double> *samples, QString *error) override;
    void stop() override;

    // The peer's side, run in the child process. The bench first sends the request size, the
    // reply size and the reply bytes (a 16 MiB reply does not fit on a command line); from then
    // on the peer writes the reply for every request's worth of bytes it reads.
    static int runPeer(const QString &serverName);

private:
    BenchFrames m_frames;
    QLocalServer *m_server = nullptr;
    QLocalSocket *m_socket = nullptr;
    QProcess *m_process = nullptr;
};

// Node.js child_process.fork IPC: a node parent and child (tests/bench/node-echo.js) ping-pong
// an invoke-shaped object; the parent times it with process.hrtime and prints the samples.
class NodeForkPingPong : public Contender
{
public:
    NodeForkPingPong(const QString &script, const QString &serialization, const QString &payload)
        : m_script(script), m_serialization(serialization), m_payload(payload)
    {
    }
    ~NodeForkPingPong() override { stop(); }
    QString name() const override;
    CpuSide cpuSide() const override { return CpuSide::None; }
    bool start(QString *why) override;
    bool run(int count, std::vector<double> *samples, QString *error) override;
    void stop() override;

private:
    QString m_script;
    QString m_serialization;
    QString m_payload;
    QProcess *m_process = nullptr;
};
