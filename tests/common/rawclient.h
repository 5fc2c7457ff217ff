#pragma once

// A client that speaks the documented protocol by hand (shared/PROTOCOL.md), to play a renderer
// that does what no real renderer would: it writes whatever bytes a test gives it and decodes
// what main answers.

#include "framecodec.h"
#include "protocol.h"

#include <QJsonObject>
#include <QList>
#include <QLocalSocket>

// A client that writes whatever bytes a test gives it and decodes what main answers.
class RawClient
{
public:
    bool connectTo(const QString &serverName)
    {
        socket.connectToServer(serverName);
        return socket.waitForConnected(2000);
    }
    void write(const QJsonObject &object) { writeRaw(FrameCodec::encode(object)); }
    void writeRaw(const QByteArray &bytes)
    {
        socket.write(bytes);
        socket.flush();
    }
    void hello(int rendererId, const QString &token, int version = Protocol::version)
    {
        write({{"type", "hello"}, {"version", version}, {"rendererId", rendererId}, {"token", token}});
    }
    // Non-blocking and idempotent (QTRY_* evaluates it again after the loop): main lives on
    // this thread, so waiting is QTRY_*'s job.
    bool hasFrame()
    {
        codec.readFrom(&socket);
        QJsonObject object;
        while (codec.next(&object) == FrameCodec::Status::Frame)
            frames.append(object);
        return !frames.isEmpty();
    }
    QJsonObject takeFrame() { return frames.takeFirst(); }
    bool isClosed() const { return socket.state() == QLocalSocket::UnconnectedState; }

    QLocalSocket socket;
    FrameCodec codec;
    QList<QJsonObject> frames;
};
