// The server side of the protocol against a hand-written client that speaks it from the
// documentation: handshakes that must be refused, and bad frames that must close one renderer's
// connection and nobody else's.

#include "framecodec.h"
#include "ipcmain.h"
#include "ipcrenderer.h"
#include "ipcreply.h"
#include "protocol.h"
#include "rawclient.h"
#include "rendererlauncher.h"
#include "webcontents.h"

#include <QLocalServer>
#include <QLocalSocket>
#include <QTemporaryDir>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QtEndian>

#include <memory>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <utime.h>

class tst_Handshake : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<IpcMain> m_ipcMain;
    std::unique_ptr<RendererLauncher> m_launcher;

    static QString tokenOf(WebContents *webContents)
    {
        return webContents->rendererEnvironment().value(QLatin1String(Protocol::tokenEnv));
    }

private Q_SLOTS:
    void init()
    {
        m_ipcMain = std::make_unique<IpcMain>();
        m_launcher = std::make_unique<RendererLauncher>(m_ipcMain.get());
        QVERIFY(m_launcher->listen());
    }

    void cleanup()
    {
        m_launcher.reset();
        m_ipcMain.reset();
    }

    void serverSocketIsPrivate()
    {
        const QFileInfo socket(m_launcher->serverName());
        QVERIFY(socket.exists());
        QCOMPARE(QFileInfo(socket.path()).permissions() & (QFile::ReadGroup | QFile::WriteGroup | QFile::ExeGroup
                                                           | QFile::ReadOther | QFile::WriteOther | QFile::ExeOther),
                 QFile::Permissions());
    }

    // A crashed session leaves its socket behind; the next one removes it, and never a live one.
    void staleSocketsAreRemovedLiveOnesKept()
    {
        QTemporaryDir parent;
        QVERIFY(parent.isValid());
        QDir dir(parent.path());
        auto deadSocket = [&dir](const QString &subdirectory, const QString &name) {
            dir.mkpath(subdirectory);
            // Bound and closed without unlinking: what a process killed mid-session leaves.
            const QByteArray path = dir.filePath(subdirectory + QLatin1Char('/') + name).toLocal8Bit();
            const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
            sockaddr_un address{};
            address.sun_family = AF_UNIX;
            qstrncpy(address.sun_path, path.constData(), sizeof address.sun_path);
            const bool bound = ::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0;
            ::close(fd);
            return bound && QFileInfo::exists(QString::fromLocal8Bit(path));
        };
        QVERIFY(deadSocket(QStringLiteral("ipclab-crashed"), QStringLiteral("main.sock")));
        QVERIFY(deadSocket(QStringLiteral("ipclab-pipe-crashed"), QStringLiteral("peer.sock")));
        QVERIFY(deadSocket(QStringLiteral("not-ours"), QStringLiteral("main.sock")));
        QVERIFY(dir.mkpath(QStringLiteral("ipclab-starting"))); // no socket yet, just made
        // Someone else's directory that happens to start with "ipclab-": old, and with a dead
        // socket in it, but also a file IPC Lab never makes.
        QVERIFY(deadSocket(QStringLiteral("ipclab-static"), QStringLiteral("main.sock")));
        QFile foreign(dir.filePath(QStringLiteral("ipclab-static/CMakeCache.txt")));
        QVERIFY(foreign.open(QIODevice::WriteOnly));
        foreign.close();
        QVERIFY(dir.mkpath(QStringLiteral("ipclab-build/bin")));
        const utimbuf anHourAgo{::time(nullptr) - 3600, ::time(nullptr) - 3600};
        QCOMPARE(::utime(QFile::encodeName(dir.filePath(QStringLiteral("ipclab-build"))).constData(), &anHourAgo), 0);
        QVERIFY(dir.mkpath(QStringLiteral("ipclab-live")));
        QLocalServer live;
        QVERIFY(live.listen(dir.filePath(QStringLiteral("ipclab-live/main.sock"))));

        QCOMPARE(RendererLauncher::removeStaleSockets(parent.path()), 2);
        QVERIFY(!dir.exists(QStringLiteral("ipclab-crashed")));
        QVERIFY(!dir.exists(QStringLiteral("ipclab-pipe-crashed")));
        QVERIFY(dir.exists(QStringLiteral("not-ours/main.sock")));
        QVERIFY(dir.exists(QStringLiteral("ipclab-starting")));
        QVERIFY(dir.exists(QStringLiteral("ipclab-static/CMakeCache.txt")));
        QVERIFY(dir.exists(QStringLiteral("ipclab-build/bin")));
        QVERIFY(dir.exists(QStringLiteral("ipclab-live/main.sock")));
        QLocalSocket client;
        client.connectToServer(live.fullServerName());
        QVERIFY(client.waitForConnected(2000)); // still serving
    }

    void refusedHandshakes_data()
    {
        QTest::addColumn<QJsonObject>("firstFrame");
        QTest::addColumn<QString>("reason");
        // rendererId 1 is the WebContents each row creates; its real token is never sent here.
        QTest::newRow("wrong token") << QJsonObject{{"type", "hello"}, {"version", Protocol::version}, {"rendererId", 1}, {"token", "guess"}}
                                     << "unknown renderer id or token";
        QTest::newRow("unknown id") << QJsonObject{{"type", "hello"}, {"version", Protocol::version}, {"rendererId", 7}, {"token", "guess"}}
                                    << "unknown renderer id or token";
        QTest::newRow("older version") << QJsonObject{{"type", "hello"}, {"version", 1}, {"rendererId", 1}, {"token", "x"}}
                                       << "protocol version 1 is not supported; this main process speaks version 2";
        QTest::newRow("newer version") << QJsonObject{{"type", "hello"}, {"version", 3}, {"rendererId", 1}, {"token", "x"}}
                                       << "protocol version 3 is not supported; this main process speaks version 2";
        QTest::newRow("not a hello") << QJsonObject{{"type", "send"}, {"channel", "my_channel"}}
                                     << "expected a hello, got 'send'";
    }

    void refusedHandshakes()
    {
        QFETCH(QJsonObject, firstFrame);
        QFETCH(QString, reason);
        WebContents *webContents = m_launcher->createWebContents();
        QCOMPARE(webContents->id(), 1);
        QSignalSpy refused(m_launcher.get(), &RendererLauncher::handshakeRefused);
        QTest::ignoreMessage(QtWarningMsg, qPrintable("refusing a renderer connection: " + reason));

        RawClient client;
        QVERIFY(client.connectTo(m_launcher->serverName()));
        client.write(firstFrame);
        QTRY_VERIFY(client.hasFrame());
        const QJsonObject answer = client.takeFrame();
        QCOMPARE(answer, (QJsonObject{{"type", "refuse"}, {"reason", reason}}));
        QTRY_VERIFY(client.isClosed());
        QCOMPARE(refused.size(), 1);
        QVERIFY(!webContents->isReady());

        // A refused guess does not use up the real token.
        IpcRenderer renderer;
        QVERIFY(renderer.connectToMain(webContents->rendererEnvironment()));
        QTRY_VERIFY(webContents->isReady());
    }

    void tokenIsGoodOnce()
    {
        WebContents *webContents = m_launcher->createWebContents();
        const QString token = tokenOf(webContents);
        IpcRenderer renderer;
        QVERIFY(renderer.connectToMain(webContents->rendererEnvironment()));
        QTRY_VERIFY(renderer.isConnected());

        QTest::ignoreMessage(QtWarningMsg, "refusing a renderer connection: unknown renderer id or token");
        RawClient replay;
        QVERIFY(replay.connectTo(m_launcher->serverName()));
        replay.hello(webContents->id(), token);
        QTRY_VERIFY(replay.hasFrame());
        const QJsonObject answer = replay.takeFrame();
        QCOMPARE(answer.value("type").toString(), "refuse");
        QTRY_VERIFY(replay.isClosed());
        QVERIFY(renderer.isConnected());
    }

    void silentConnectionIsDropped()
    {
        m_launcher->setHandshakeTimeout(100);
        QTest::ignoreMessage(QtWarningMsg, "refusing a renderer connection: no hello within 100 ms");
        RawClient client;
        QVERIFY(client.connectTo(m_launcher->serverName()));
        QTRY_VERIFY(client.isClosed());
    }

    void helloIsAnsweredWithWelcome()
    {
        WebContents *webContents = m_launcher->createWebContents();
        QSignalSpy loaded(webContents, &WebContents::didFinishLoad);
        RawClient client;
        QVERIFY(client.connectTo(m_launcher->serverName()));
        client.hello(webContents->id(), tokenOf(webContents));
        QTRY_VERIFY(client.hasFrame());
        const QJsonObject answer = client.takeFrame();
        QCOMPARE(answer, (QJsonObject{{"type", "welcome"}, {"version", Protocol::version}, {"rendererId", webContents->id()}}));
        QCOMPARE(loaded.size(), 1);
    }

    void badFrameClosesOnlyThatRenderer_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("reason");
        auto frame = [](const QByteArray &body) {
            QByteArray f(4, Qt::Uninitialized);
            qToBigEndian(quint32(body.size()), f.data());
            return f + body;
        };
        QByteArray oversized(4, Qt::Uninitialized);
        qToBigEndian(quint32(4096), oversized.data());
        QTest::newRow("oversized") << oversized << "frame of 4096 bytes exceeds the limit of 1024 bytes";
        QTest::newRow("invalid JSON") << frame("{\"type\":") << "invalid JSON in a frame of 8 bytes";
        QTest::newRow("not an object") << frame("[1,2]") << "frame body is a JSON array, not an object";
        QTest::newRow("wrong field type") << frame(R"({"type":"send","channel":["x"]})")
                                          << "send message: field 'channel' must be a non-empty string";
        QTest::newRow("unknown kind") << frame(R"({"type":"eval","code":"rm -rf"})") << "unknown message type 'eval'";
        QTest::newRow("second hello") << frame(R"({"type":"hello","version":1,"rendererId":1,"token":""})")
                                      << "a renderer may not send 'hello' after its handshake";
        QTest::newRow("result never asked") << frame(R"({"type":"result","id":999,"value":1})")
                                            << "result for invoke id 999, which main never sent";
        QTest::newRow("invoke id reused")
                << frame(R"({"type":"invoke","id":5,"channel":"hang","args":[]})")
                           + frame(R"({"type":"invoke","id":5,"channel":"hang","args":[]})")
                << "invoke id 5 reused while still pending";
        QTest::newRow("truncated") << FrameCodec::encode({{"type", "send"}, {"channel", "c"}}).left(12)
                                   << "truncated frame: connection closed after 8 of 29 body bytes";
    }

    void badFrameClosesOnlyThatRenderer()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, reason);
        m_launcher->setMaxFrameSize(1024);
        auto never = std::make_shared<QPromise<IpcResult>>();
        m_ipcMain->handle("hang", [never](IpcMainInvokeEvent &, const QJsonArray &) {
            never->start();
            return never->future();
        });
        m_ipcMain->handle("echo", [](IpcMainInvokeEvent &, const QJsonArray &args) { return args.at(0); });

        WebContents *hostile = m_launcher->createWebContents();
        WebContents *wellBehaved = m_launcher->createWebContents();
        IpcRenderer renderer;
        QVERIFY(renderer.connectToMain(wellBehaved->rendererEnvironment()));
        RawClient client;
        QVERIFY(client.connectTo(m_launcher->serverName()));
        client.hello(hostile->id(), tokenOf(hostile));
        QTRY_VERIFY(hostile->isReady());
        QSignalSpy gone(hostile, &WebContents::renderProcessGone);

        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QRegularExpression::escape(reason)));
        client.writeRaw(bytes);
        if (QTest::currentDataTag() == QLatin1String("truncated"))
            client.socket.disconnectFromServer();
        QTRY_VERIFY(client.isClosed());
        QTRY_COMPARE(gone.size(), 1);
        QCOMPARE(gone.at(0).at(0).value<RenderProcessGoneDetails>().reason, "abnormal-exit");

        // The other renderer never noticed.
        IpcReply *reply = renderer.invoke("echo", {"still here"});
        QVERIFY(reply->waitForFinished(5000));
        QCOMPARE(reply->value().toString(), "still here");
    }

    void framesBeforeABadOneAreDelivered()
    {
        WebContents *webContents = m_launcher->createWebContents();
        QStringList heard;
        m_ipcMain->on("log", [&](IpcMainEvent &, const QJsonArray &args) { heard << args.at(0).toString(); });
        RawClient client;
        QVERIFY(client.connectTo(m_launcher->serverName()));
        client.hello(webContents->id(), tokenOf(webContents));
        QTRY_VERIFY(webContents->isReady());
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression("invalid JSON"));
        QByteArray bad(4, Qt::Uninitialized);
        qToBigEndian(quint32(3), bad.data());
        client.writeRaw(FrameCodec::encode({{"type", "send"}, {"channel", "log"}, {"args", QJsonArray{"before"}}})
                        + bad + "{{{");
        QTRY_VERIFY(client.isClosed());
        QTRY_COMPARE(heard, QStringList{"before"});
    }
};

QTEST_GUILESS_MAIN(tst_Handshake)
#include "tst_handshake.moc"
