// ipclab-test-hostile: a renderer gone bad, for the tests. Started by main like any renderer, it
// connects with the id and token from its environment and opens with a proper hello, then
// writes the raw bytes it was given (each argument base64, one write each) and waits for main
// to kill it. With --exit it exits by itself after writing; with --hang it stops reading
// altogether (a hung renderer), so that what main sends piles up.
//
//     ipclab-test-hostile [--exit | --hang] [--no-hello] BASE64...

#include "framecodec.h"
#include "protocol.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QLocalSocket>

#include <cstdio>

#include <unistd.h>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QStringList arguments = app.arguments().mid(1);
    const bool exitAfterWriting = arguments.removeAll(QStringLiteral("--exit")) > 0;
    const bool hello = arguments.removeAll(QStringLiteral("--no-hello")) == 0;
    const bool hang = arguments.removeAll(QStringLiteral("--hang")) > 0;

    QLocalSocket socket;
    socket.connectToServer(qEnvironmentVariable(Protocol::serverEnv));
    if (!socket.waitForConnected(5000)) {
        std::fprintf(stderr, "ipclab-test-hostile: %s\n", qPrintable(socket.errorString()));
        return 2;
    }
    if (hello) {
        socket.write(FrameCodec::encode({{QStringLiteral("type"), QStringLiteral("hello")},
                                         {QStringLiteral("version"), Protocol::version},
                                         {QStringLiteral("rendererId"), qEnvironmentVariableIntValue(Protocol::rendererIdEnv)},
                                         {QStringLiteral("token"), qEnvironmentVariable(Protocol::tokenEnv)}}));
    }
    for (const QString &argument : std::as_const(arguments))
        socket.write(QByteArray::fromBase64(argument.toLatin1()));
    socket.waitForBytesWritten(5000);
    if (exitAfterWriting) {
        socket.disconnectFromServer();
        return 0;
    }
    if (hang) {
        for (;;)
            ::pause(); // no event loop: nothing is read from the socket any more
    }
    return app.exec(); // until main kills us
}
