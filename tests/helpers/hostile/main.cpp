// ipclab-test-hostile: a renderer gone bad, for the tests. Started by main like any renderer, it
// connects with the id and token from its environment and opens with a proper hello, then
// writes the raw bytes it was given (each argument base64, one write each) and waits for main
// to kill it. With --exit it exits by itself after writing; with --hang it stops reading
// altogether (a hung renderer), so that what main sends piles up.
//
//     ipclab-test-hostile [--exit | --hang | --report] [--no-hello] [--wait-stdin]
//                         [--id N] [--token T] [--version V] [--fork-children] [--idle N]
//                         [--generate SPEC]... BASE64...
//
// --wait-stdin    connect only once a line (or the end) arrives on standard input
// --id, --token, --version   say these in the hello instead of what the environment says
// --fork-children fork two children that outlive it unless main reaches them: one in its
//                 process group, one that called setsid(); their pids go to main in a send on
//                 channel "children" right after the hello
// --report        print every frame main sends as a line of JSON, then "closed" when main
//                 closes the connection, and exit 0 (for attackers the test starts itself)
// --idle N        open N more connections that never say anything and print
//                 "closed K" each time the number of them main has closed changes
// --generate SPEC frames too large for a command line, written after the BASE64 ones
//                 (hostileframes.h); with --report, "written" is printed once all went out
// --forever       write the generated frames again and again, until main closes or kills it
// --port-flood COUNT:BYTES  with --report: once main hands it a port, post COUNT messages of
//                 BYTES characters on it at once, whatever the other end takes
// --churn N       after the hello, N times: make a channel (ids as a renderer makes them), hand
//                 one end to main with ipcRenderer.postMessage on channel "churn" and close the
//                 other (--keep: do not close it); then a send on "churned" with [N]
// --early K       then K messages to the last port handed to main, numbered from 2: each
//                 waits in main for message 1, which never comes

#include "framecodec.h"
#include "hostileframes.h"
#include "protocol.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocalSocket>

#include <cerrno>
#include <cstdio>
#include <vector>

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace {

QString takeOption(QStringList &arguments, const QString &name, const QString &fallback)
{
    const qsizetype at = arguments.indexOf(name);
    if (at < 0 || at + 1 >= arguments.size())
        return fallback;
    const QString value = arguments.at(at + 1);
    arguments.remove(at, 2);
    return value;
}

// A child that closes the link to main (so that main's view of the renderer is not kept alive
// by it) and waits to be killed.
pid_t forkChild(int socket, bool newSession)
{
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::close(socket);
        if (newSession)
            ::setsid();
        for (;;)
            ::pause();
    }
    return pid;
}

int idleConnections(const QByteArray &path, int count)
{
    std::vector<pollfd> sockets;
    for (int i = 0; i < count; ++i) {
        const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        qstrncpy(address.sun_path, path.constData(), sizeof address.sun_path);
        if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0) {
            std::perror("ipclab-test-hostile: connect");
            return 2;
        }
        sockets.push_back({fd, POLLIN, 0});
    }
    std::printf("connected %d\n", count);
    std::fflush(stdout);
    int closed = 0;
    while (closed < count) {
        if (::poll(sockets.data(), sockets.size(), -1) < 0)
            return 2;
        int now = 0;
        for (pollfd &socket : sockets) {
            if (socket.fd < 0) {
                ++now;
            } else if (socket.revents != 0) {
                char byte;
                if (::recv(socket.fd, &byte, 1, MSG_DONTWAIT) <= 0) {
                    ::close(socket.fd);
                    socket.fd = -1;
                    ++now;
                }
            }
        }
        if (now != closed) {
            closed = now;
            std::printf("closed %d\n", closed);
            std::fflush(stdout);
        }
    }
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QStringList arguments = app.arguments().mid(1);
    const bool exitAfterWriting = arguments.removeAll(QStringLiteral("--exit")) > 0;
    const bool hello = arguments.removeAll(QStringLiteral("--no-hello")) == 0;
    const bool hang = arguments.removeAll(QStringLiteral("--hang")) > 0;
    const bool report = arguments.removeAll(QStringLiteral("--report")) > 0;
    const bool waitForStdin = arguments.removeAll(QStringLiteral("--wait-stdin")) > 0;
    const bool forkChildren = arguments.removeAll(QStringLiteral("--fork-children")) > 0;
    const bool repeat = arguments.removeAll(QStringLiteral("--forever")) > 0;
    const int id = takeOption(arguments, QStringLiteral("--id"),
                              qEnvironmentVariable(Protocol::rendererIdEnv)).toInt();
    const QString token = takeOption(arguments, QStringLiteral("--token"), qEnvironmentVariable(Protocol::tokenEnv));
    const int version = takeOption(arguments, QStringLiteral("--version"), QString::number(Protocol::version)).toInt();
    const int idle = takeOption(arguments, QStringLiteral("--idle"), QStringLiteral("0")).toInt();
    const QStringList portFlood = takeOption(arguments, QStringLiteral("--port-flood"), QString()).split(QLatin1Char(':'));
    QStringList generated;
    for (QString spec; !(spec = takeOption(arguments, QStringLiteral("--generate"), QString())).isEmpty();)
        generated.append(spec);
    const int churn = takeOption(arguments, QStringLiteral("--churn"), QStringLiteral("0")).toInt();
    const bool keep = arguments.removeAll(QStringLiteral("--keep")) > 0;
    const int early = takeOption(arguments, QStringLiteral("--early"), QStringLiteral("0")).toInt();

    if (waitForStdin) {
        char line[64];
        if (!std::fgets(line, sizeof line, stdin))
            line[0] = '\0';
    }
    if (idle > 0)
        return idleConnections(qEnvironmentVariable(Protocol::serverEnv).toLocal8Bit(), idle);

    // Made before connecting: a large one takes a while, and the hello must not wait for it.
    QByteArray frames;
    for (const QString &spec : std::as_const(generated))
        frames += HostileFrames::generate(spec);

    QLocalSocket socket;
    socket.connectToServer(qEnvironmentVariable(Protocol::serverEnv));
    if (!socket.waitForConnected(5000)) {
        std::fprintf(stderr, "ipclab-test-hostile: %s\n", qPrintable(socket.errorString()));
        return 2;
    }
    if (hello) {
        socket.write(FrameCodec::encode({{QStringLiteral("type"), QStringLiteral("hello")},
                                         {QStringLiteral("version"), version},
                                         {QStringLiteral("rendererId"), id},
                                         {QStringLiteral("token"), token}}));
    }
    if (forkChildren) {
        socket.flush();
        const int fd = int(socket.socketDescriptor());
        const QJsonArray pids{qint64(forkChild(fd, false)), qint64(forkChild(fd, true))};
        socket.write(FrameCodec::encode({{QStringLiteral("type"), QStringLiteral("send")},
                                         {QStringLiteral("channel"), QStringLiteral("children")},
                                         {QStringLiteral("args"), pids}}));
    }
    for (const QString &argument : std::as_const(arguments))
        socket.write(QByteArray::fromBase64(argument.toLatin1()));
    if (hang) {
        // Straight to the descriptor, blocking: QLocalSocket's waits would read what main sends.
        socket.flush();
        const int fd = int(socket.socketDescriptor());
        for (qsizetype at = 0; at < frames.size();) {
            pollfd out{fd, POLLOUT, 0};
            ::poll(&out, 1, -1);
            const ssize_t n = ::send(fd, frames.constData() + at, size_t(frames.size() - at), MSG_NOSIGNAL);
            if (n < 0 && errno != EAGAIN && errno != EINTR)
                break;
            at += n > 0 ? n : 0;
        }
        frames.clear();
    }
    do {
        socket.write(frames);
        // All of it, however long main takes to read it.
        while (socket.bytesToWrite() > 0 && socket.waitForBytesWritten(-1)) { }
    } while (repeat && socket.state() == QLocalSocket::ConnectedState);
    if (report && !generated.isEmpty()) {
        std::printf("written\n");
        std::fflush(stdout);
    }

    for (int i = 0; i < churn; ++i) {
        // The frames an ipclab-renderer writes for: new MessageChannel(), postMessage('churn',
        // null, [port2]), port1.close().
        const qint64 kept = (qint64(id) << 32) | (2 * i + 1);
        const qint64 handed = kept + 1;
        const QJsonObject record{{"id", handed}, {"peer", kept}, {"peerAt", -1}, {"sendSeq", 1}, {"recvSeq", 1}};
        socket.write(FrameCodec::encode({{"type", "send"}, {"channel", "churn"}, {"args", QJsonArray{QJsonValue()}},
                                         {"ports", QJsonArray{record}}}));
        if (!keep)
            socket.write(FrameCodec::encode({{"type", "portMessage"}, {"port", handed}, {"seq", 1}, {"close", true}}));
        if (i % 1000 == 999)
            socket.waitForBytesWritten(5000);
    }
    if (churn > 0)
        socket.write(FrameCodec::encode({{"type", "send"}, {"channel", "churned"}, {"args", QJsonArray{churn}}}));
    for (int i = 0; i < early; ++i)
        socket.write(FrameCodec::encode({{"type", "portMessage"}, {"port", (qint64(id) << 32) | (2 * churn)},
                                         {"seq", i + 2}, {"data", i}}));
    socket.waitForBytesWritten(5000);
    if (exitAfterWriting) {
        socket.disconnectFromServer();
        return 0;
    }
    if (hang) {
        for (;;)
            ::pause(); // no event loop: nothing is read from the socket any more
    }
    // Outside the block below: the connections use them until app.exec() returns.
    FrameCodec codec;
    bool flooded = false;
    const auto print = [&codec, &socket, &portFlood, &flooded] {
        codec.readFrom(&socket);
        QJsonObject frame;
        while (codec.next(&frame) == FrameCodec::Status::Frame) {
            std::printf("%s\n", QJsonDocument(frame).toJson(QJsonDocument::Compact).constData());
            const QJsonArray ports = frame.value(QLatin1String("ports")).toArray();
            if (portFlood.size() == 2 && !flooded && !ports.isEmpty()) {
                flooded = true;
                const QJsonObject record = ports.first().toObject();
                const QByteArray filler(portFlood.at(1).toInt(), 'x');
                for (qint64 i = 0; i < portFlood.at(0).toInt(); ++i) {
                    socket.write(FrameCodec::encode({{QStringLiteral("type"), QStringLiteral("portMessage")},
                                                     {QStringLiteral("port"), record.value(QLatin1String("peer"))},
                                                     {QStringLiteral("seq"), record.value(QLatin1String("sendSeq")).toInteger() + i},
                                                     {QStringLiteral("data"), QString::fromLatin1(filler)}}));
                }
            }
        }
        std::fflush(stdout);
    };
    if (report) {
        QObject::connect(&socket, &QLocalSocket::readyRead, &app, print);
        QObject::connect(&socket, &QLocalSocket::disconnected, &app, [&] {
            print();
            std::printf("closed\n");
            std::fflush(stdout);
            app.quit();
        });
        if (socket.state() != QLocalSocket::ConnectedState) {
            print();
            std::printf("closed\n");
            return 0;
        }
    }
    return app.exec(); // until main kills us (or, with --report, closes the connection)
}
