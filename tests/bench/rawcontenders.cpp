#include "rawcontenders.h"

#include "framecodec.h"
#include "jsonwriter.h"
#include "message.h"
#include "monotonicclock.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocalServer>
#include <QLocalSocket>
#include <QProcess>
#include <QStandardPaths>
#include <QTimer>
#include <QtEndian>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

BenchFrames benchFrames(const QJsonValue &payload)
{
    BenchFrames frames;
    frames.invoke = FrameCodec::encode(
            Message::request(MessageKind::Invoke, 1, QStringLiteral("bench:echo"), {payload}).toJson());
    frames.result = FrameCodec::encode(Message::result(1, payload).toJson());
    frames.send = FrameCodec::encode(Message::send(QStringLiteral("bench:flood"), {payload}).toJson());
    if (payload.isString()) {
        frames.payloadBytes = payload.toString().toUtf8().size();
    } else {
        QByteArray json;
        JsonWriter::writeValue(json, payload);
        frames.payloadBytes = json.size();
    }
    return frames;
}

namespace {

// Only read(), write() and _exit() in the forked children: the parent may have threads, so the
// child must not touch malloc or Qt.
bool readExactly(int fd, char *buffer, size_t size)
{
    size_t done = 0;
    while (done < size) {
        const ssize_t n = ::read(fd, buffer + done, size - done);
        if (n > 0)
            done += size_t(n);
        else if (n < 0 && errno == EINTR)
            continue;
        else
            return false;
    }
    return true;
}

bool writeExactly(int fd, const char *buffer, size_t size)
{
    size_t done = 0;
    while (done < size) {
        const ssize_t n = ::write(fd, buffer + done, size - done);
        if (n > 0)
            done += size_t(n);
        else if (n < 0 && errno == EINTR)
            continue;
        else
            return false;
    }
    return true;
}

// body gets scratch, a buffer the parent allocated before the fork, to read into.
using PeerBody = void (*)(int fd, const BenchFrames &frames, char *scratch, size_t scratchSize);

bool forkPeer(int *parentFd, pid_t *child, QString *why, PeerBody body, const BenchFrames &frames,
              char *scratch = nullptr, size_t scratchSize = 0)
{
    int fds[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
        *why = QStringLiteral("socketpair() failed: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    const pid_t pid = ::fork();
    if (pid < 0) {
        *why = QStringLiteral("fork() failed: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
        ::close(fds[0]);
        ::close(fds[1]);
        return false;
    }
    if (pid == 0) {
        // Hold no other peer's socket open, or that peer would never see its EOF.
        const int maxFd = int(::sysconf(_SC_OPEN_MAX));
        for (int fd = 3; fd < maxFd && fd < 65536; ++fd) {
            if (fd != fds[1])
                ::close(fd);
        }
        body(fds[1], frames, scratch, scratchSize);
        ::_exit(0);
    }
    ::close(fds[1]);
    *parentFd = fds[0];
    *child = pid;
    return true;
}

void reapPeer(int *fd, pid_t *child)
{
    if (*fd >= 0)
        ::close(*fd); // the child sees EOF and exits
    *fd = -1;
    if (*child > 0)
        ::waitpid(*child, nullptr, 0);
    *child = -1;
}

void echoBody(int fd, const BenchFrames &frames, char *request, size_t scratchSize)
{
    // Buffers are the parent's, copied by fork: no allocation here.
    const size_t requestSize = size_t(frames.invoke.size());
    if (requestSize > scratchSize)
        return;
    while (readExactly(fd, request, requestSize)) {
        if (!writeExactly(fd, frames.result.constData(), size_t(frames.result.size())))
            return;
    }
}

// batch holds as many copies of the send frame as fit (at least one), laid out by the parent.
void streamBody(int fd, const BenchFrames &frames, char *batch, size_t batchSize)
{
    const size_t frameSize = size_t(frames.send.size());
    const quint32 perWrite = quint32(batchSize / frameSize);
    quint32 count = 0;
    while (readExactly(fd, reinterpret_cast<char *>(&count), sizeof count)) {
        for (quint32 sent = 0; sent < count;) {
            const quint32 n = qMin(perWrite, count - sent);
            if (!writeExactly(fd, batch, n * frameSize))
                return;
            sent += n;
        }
    }
}

} // namespace

bool SocketpairPingPong::start(QString *why)
{
    m_request = QByteArray(m_frames.invoke.size(), Qt::Uninitialized);
    m_reply = QByteArray(m_frames.result.size(), Qt::Uninitialized);
    return forkPeer(&m_fd, &m_child, why, echoBody, m_frames, m_request.data(),
                    size_t(m_request.size()));
}

bool SocketpairPingPong::run(int count, std::vector<double> *samples, QString *error)
{
    for (int i = 0; i < count; ++i) {
        const qint64 t0 = monotonicNanoseconds();
        if (!writeExactly(m_fd, m_frames.invoke.constData(), size_t(m_frames.invoke.size()))
            || !readExactly(m_fd, m_reply.data(), size_t(m_reply.size()))) {
            *error = QStringLiteral("the socketpair peer went away");
            return false;
        }
        samples->push_back(double(monotonicNanoseconds() - t0));
    }
    return true;
}

void SocketpairPingPong::stop()
{
    reapPeer(&m_fd, &m_child);
    m_request.clear();
    m_reply.clear();
}

bool SocketpairStream::start(QString *why)
{
    constexpr qsizetype batchBytes = 64 * 1024;
    const qsizetype perWrite = qMax<qsizetype>(1, batchBytes / m_frames.send.size());
    m_batch = m_frames.send.repeated(perWrite);
    return forkPeer(&m_fd, &m_child, why, streamBody, m_frames, m_batch.data(),
                    size_t(m_batch.size()));
}

bool SocketpairStream::run(int count, std::vector<double> *samples, QString *error)
{
    const quint32 command = quint32(count);
    const size_t total = size_t(count) * size_t(m_frames.send.size());
    QByteArray buffer(64 * 1024, Qt::Uninitialized);
    const qint64 t0 = monotonicNanoseconds();
    if (!writeExactly(m_fd, reinterpret_cast<const char *>(&command), sizeof command)) {
        *error = QStringLiteral("the stream peer went away");
        return false;
    }
    size_t received = 0;
    while (received < total) {
        const ssize_t n = ::read(m_fd, buffer.data(), size_t(buffer.size()));
        if (n <= 0) {
            if (n < 0 && errno == EINTR)
                continue;
            *error = QStringLiteral("the stream peer went away");
            return false;
        }
        received += size_t(n);
    }
    samples->push_back(double(monotonicNanoseconds() - t0));
    return true;
}

void SocketpairStream::stop()
{
    reapPeer(&m_fd, &m_child);
    m_batch.clear();
}

bool LocalSocketPingPong::start(QString *why)
{
    const QString name = QStringLiteral("ipclab-bench-%1").arg(QCoreApplication::applicationPid());
    QLocalServer::removeServer(name);
    m_server = new QLocalServer;
    if (!m_server->listen(name)) {
        *why = QStringLiteral("QLocalServer::listen failed: %1").arg(m_server->errorString());
        return false;
    }
    m_process = new QProcess;
    m_process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_process->start(QCoreApplication::applicationFilePath(),
                     {QStringLiteral("--qlocalsocket-peer"), m_server->fullServerName()});
    if (!m_server->waitForNewConnection(10000)) {
        *why = QStringLiteral("the QLocalSocket peer did not connect within 10 s");
        return false;
    }
    m_socket = m_server->nextPendingConnection();
    char sizes[8];
    qToBigEndian(quint32(m_frames.invoke.size()), sizes);
    qToBigEndian(quint32(m_frames.result.size()), sizes + 4);
    m_socket->write(sizes, sizeof sizes);
    m_socket->write(m_frames.result);
    return true;
}

bool LocalSocketPingPong::run(int count, std::vector<double> *samples, QString *error)
{
    QEventLoop loop;
    int done = 0;
    qint64 received = 0;
    qint64 t0 = 0;
    bool failed = false;
    const qint64 replySize = m_frames.result.size();
    auto next = [&] {
        t0 = monotonicNanoseconds();
        m_socket->write(m_frames.invoke);
        m_socket->flush();
    };
    const auto readConnection = QObject::connect(m_socket, &QLocalSocket::readyRead, &loop, [&] {
        received += m_socket->readAll().size();
        while (received >= replySize) {
            received -= replySize;
            samples->push_back(double(monotonicNanoseconds() - t0));
            if (++done == count) {
                loop.quit();
                return;
            }
            next();
        }
    });
    const auto goneConnection = QObject::connect(m_socket, &QLocalSocket::disconnected, &loop, [&] {
        failed = true;
        loop.quit();
    });
    QTimer::singleShot(120000, &loop, [&] {
        failed = true;
        loop.quit();
    });
    next();
    loop.exec();
    QObject::disconnect(readConnection);
    QObject::disconnect(goneConnection);
    if (failed)
        *error = QStringLiteral("the QLocalSocket peer went away or stalled");
    return !failed;
}

void LocalSocketPingPong::stop()
{
    if (m_socket)
        m_socket->disconnectFromServer();
    if (m_process) {
        m_process->waitForFinished(5000);
        delete m_process;
        m_process = nullptr;
    }
    delete m_socket;
    m_socket = nullptr;
    delete m_server;
    m_server = nullptr;
}

int LocalSocketPingPong::runPeer(const QString &serverName)
{
    QLocalSocket socket;
    QByteArray configuration; // until it is complete: request size, reply size, reply
    qint64 requestSize = -1;
    QByteArray reply;
    qint64 received = 0;
    QObject::connect(&socket, &QLocalSocket::readyRead, &socket, [&] {
        if (requestSize < 0) {
            configuration += socket.readAll();
            if (configuration.size() < 8)
                return;
            const qint64 replySize = qFromBigEndian<quint32>(configuration.constData() + 4);
            if (configuration.size() < 8 + replySize)
                return;
            requestSize = qFromBigEndian<quint32>(configuration.constData());
            reply = configuration.mid(8, replySize);
            received = configuration.size() - 8 - replySize;
            configuration.clear();
        } else {
            received += socket.readAll().size();
        }
        while (received >= requestSize) {
            received -= requestSize;
            socket.write(reply);
            socket.flush();
        }
    });
    QObject::connect(&socket, &QLocalSocket::disconnected, qApp, &QCoreApplication::quit);
    socket.connectToServer(serverName);
    if (!socket.waitForConnected(5000))
        return 2;
    return QCoreApplication::exec();
}

QString NodeForkPingPong::name() const
{
    return QStringLiteral("node child_process.fork IPC (%1)").arg(m_serialization);
}

bool NodeForkPingPong::start(QString *why)
{
    const QString node = QStandardPaths::findExecutable(QStringLiteral("node"));
    if (node.isEmpty()) {
        *why = QStringLiteral("node is not installed");
        return false;
    }
    m_process = new QProcess;
    m_process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_process->start(node, {m_script, QStringLiteral("parent"), m_serialization, m_payload});
    if (!m_process->waitForStarted(10000)) {
        *why = QStringLiteral("node did not start: %1").arg(m_process->errorString());
        return false;
    }
    return true;
}

bool NodeForkPingPong::run(int count, std::vector<double> *samples, QString *error)
{
    m_process->write(QByteArray("run ") + QByteArray::number(count) + '\n');
    const QDeadlineTimer deadline(120000);
    while (!m_process->canReadLine()) {
        if (deadline.hasExpired() || m_process->state() != QProcess::Running
            || !m_process->waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())))) {
            if (m_process->canReadLine())
                break;
            *error = QStringLiteral("node stopped answering");
            return false;
        }
    }
    const QJsonArray values = QJsonDocument::fromJson(m_process->readLine()).array();
    if (values.size() != count) {
        *error = QStringLiteral("node returned %1 samples for %2").arg(values.size()).arg(count);
        return false;
    }
    for (const QJsonValue &value : values)
        samples->push_back(value.toDouble());
    return true;
}

void NodeForkPingPong::stop()
{
    if (!m_process)
        return;
    m_process->closeWriteChannel(); // the script exits at the end of its stdin
    if (!m_process->waitForFinished(5000))
        m_process->kill();
    m_process->waitForFinished(1000);
    delete m_process;
    m_process = nullptr;
}
