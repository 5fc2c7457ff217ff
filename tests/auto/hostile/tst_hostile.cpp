// A local attacker, as issue 18 tried it: another process of the same user, speaking
// shared/PROTOCOL.md (ipclab-test-hostile), either spawned by main as a renderer gone bad or
// started on its own. For every row main stays alive and listening, a good renderer beside it
// is still answered and a new one still connects, and the attacker is closed or killed with its
// exact reason.

#include "framecodec.h"
#include "hostileframes.h"
#include "ipcmain.h"
#include "ipcreply.h"
#include "messagechannelmain.h"
#include "messageport.h"
#include "protocol.h"
#include "rendererdriver.h"
#include "rendererlauncher.h"
#include "webcontents.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QtEndian>

#include <csignal>
#include <memory>

#include <sys/resource.h>
#include <unistd.h>

namespace {

QByteArray frame(const char *json)
{
    return FrameCodec::encode(QJsonDocument::fromJson(json).object());
}

QByteArray rawFrame(const QByteArray &body)
{
    QByteArray header(4, '\0');
    qToBigEndian<quint32>(quint32(body.size()), header.data());
    return header + body;
}

QString base64(const QByteArray &bytes)
{
    return QString::fromLatin1(bytes.toBase64());
}

// A frame header announcing `length` bytes, and nothing after it.
QByteArray announce(quint32 length)
{
    QByteArray header(4, '\0');
    qToBigEndian<quint32>(length, header.data());
    return header;
}

bool processExists(qint64 pid)
{
    return QFile::exists(QStringLiteral("/proc/%1").arg(pid));
}

} // namespace

class tst_Hostile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void attacker_data();
    void attacker();
    void killReachesEverythingItStarted_data();
    void killReachesEverythingItStarted();
    void logLinesCannotBeForged_data();
    void logLinesCannotBeForged();
    void connectionsPastTheCapAreClosedAtOnce();
    void sendToFloodIsBounded();
    void portFloodIsABadMessage();
    void secondUserIsShutOut();
    void listeningSurvivesRunningOutOfDescriptors();
    void portsOfOthersCannotBeUsed_data();
    void portsOfOthersCannotBeUsed();
    void mainsChannelCannotBeClosedByAnother();

private:
    WebContents *launchHostile(const QStringList &arguments);
    QProcess *startStranger(const QStringList &arguments, const QHash<QString, QString> &environment = {});
    void verifyMainServes();

    std::unique_ptr<IpcMain> m_ipcMain;
    std::unique_ptr<RendererLauncher> m_launcher;
    WebContents *m_good = nullptr;
    QStringList m_heard; // "<sender id>:<channel>" for every send main's listeners get
    QList<qint64> m_children; // pids a hostile renderer reported it forked
    QList<QProcess *> m_strangers;
};

void tst_Hostile::init()
{
    m_ipcMain = std::make_unique<IpcMain>();
    m_launcher = std::make_unique<RendererLauncher>(m_ipcMain.get());
    m_heard.clear();
    m_children.clear();
    QObject::connect(m_ipcMain.get(), &IpcMain::message, m_ipcMain.get(),
                     [this](WebContents *sender, const QString &channel, const QJsonArray &args) {
                         if (channel == QLatin1String("children")) {
                             for (const QJsonValue &pid : args)
                                 m_children.append(pid.toInteger());
                         }
                         if (!channel.startsWith(QLatin1String("ipclab:")))
                             m_heard.append(QStringLiteral("%1:%2").arg(sender->id()).arg(channel));
                     });
    m_ipcMain->handle(QStringLiteral("echo"), [](IpcMainInvokeEvent &, const QJsonArray &args) {
        return args.at(0);
    });
    m_launcher->setRendererProgram(QStringLiteral(IPCLAB_RENDERER_PATH));
    m_good = m_launcher->launch({QStringLiteral("--headless")});
    QVERIFY(m_good);
    QTRY_VERIFY_WITH_TIMEOUT(m_good->isReady(), 20000);
}

void tst_Hostile::cleanup()
{
    for (QProcess *stranger : std::as_const(m_strangers)) {
        stranger->kill();
        stranger->waitForFinished(5000);
        delete stranger;
    }
    m_strangers.clear();
    for (qint64 pid : std::as_const(m_children))
        ::kill(pid_t(pid), SIGKILL); // if the test failed, do not leave them behind
    m_launcher.reset();
    m_ipcMain.reset();
}

WebContents *tst_Hostile::launchHostile(const QStringList &arguments)
{
    m_launcher->setRendererProgram(QStringLiteral(IPCLAB_HOSTILE_PATH));
    WebContents *hostile = m_launcher->launch(arguments);
    m_launcher->setRendererProgram(QStringLiteral(IPCLAB_RENDERER_PATH));
    return hostile;
}

// An attacker main did not start: it knows where main listens, and whatever else it was given.
QProcess *tst_Hostile::startStranger(const QStringList &arguments, const QHash<QString, QString> &environment)
{
    auto *process = new QProcess;
    m_strangers.append(process);
    QProcessEnvironment processEnvironment = QProcessEnvironment::systemEnvironment();
    processEnvironment.insert(QLatin1String(Protocol::serverEnv), m_launcher->serverName());
    for (auto it = environment.begin(); it != environment.end(); ++it)
        processEnvironment.insert(it.key(), it.value());
    process->setProcessEnvironment(processEnvironment);
    process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    process->start(QStringLiteral(IPCLAB_HOSTILE_PATH), arguments);
    return process;
}

// Main is alive, answers the good renderer, and still accepts a new one.
void tst_Hostile::verifyMainServes()
{
    QVERIFY(!m_good->isCrashed());
    const QJsonObject echo = RendererDriver::performOne(
            m_good, RendererDriver::step(QStringLiteral("invoke"), QStringLiteral("echo"), {"still here"}));
    QCOMPARE(echo.value(QLatin1String("value")).toString(), QStringLiteral("still here"));
    WebContents *fresh = m_launcher->launch({QStringLiteral("--headless")});
    QVERIFY(fresh);
    QTRY_VERIFY_WITH_TIMEOUT(fresh->isReady(), 20000);
    fresh->close();
}

void tst_Hostile::attacker_data()
{
    QTest::addColumn<bool>("spawned");       // started by main as a renderer, or on its own
    QTest::addColumn<bool>("stealsToken");   // a stranger that read a new window's id and token
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("reason");     // badMessage of a spawned one, else the refusal

    const QString wrongToken = QStringLiteral("0123456789abcdef0123456789abcdef");
    const QString send = base64(frame(R"({"type":"send","channel":"early","args":[]})"));
    const QString hugeFirstFrame = base64(announce(64 * 1024 * 1024));

    // A renderer main started whose handshake fails is killed, with the reason.
    QTest::newRow("spawned: wrong token")
            << true << false << QStringList{"--token", wrongToken}
            << "bad-message: hello refused: unknown renderer id or token";
    QTest::newRow("spawned: another window's id")
            << true << false << QStringList{"--id", "1"}
            << "bad-message: hello refused: unknown renderer id or token";
    QTest::newRow("spawned: old version")
            << true << false << QStringList{"--version", "1"}
            << "bad-message: hello refused: protocol version 1 is not supported; this main process speaks version 2";
    QTest::newRow("spawned: not a hello")
            << true << false << QStringList{"--no-hello", send}
            << "bad-message: hello refused: expected a hello, got 'send'";
    QTest::newRow("spawned: 64 MiB first frame")
            << true << false << QStringList{"--no-hello", hugeFirstFrame}
            << "bad-message: hello refused: frame of 67108864 bytes exceeds the limit of 4096 bytes";
    QTest::newRow("spawned: silent")
            << true << false << QStringList{"--no-hello"}
            << "bad-message: hello refused: no hello within 1000 ms";

    // Limits a real app never meets: the renderer is killed as for any bad message.
    const QByteArray longChannel(Protocol::maxChannelLength + 1, 'c');
    QTest::newRow("spawned: channel name over the limit")
            << true << false
            << QStringList{base64(FrameCodec::encode({{"type", "send"}, {"channel", QString::fromLatin1(longChannel)}}))}
            << "bad-message: send message: field 'channel' is 4097 characters long, over the limit of 4096";
    QJsonArray sizes;
    QList<QByteArray> attachments;
    for (qsizetype i = 0; i <= Protocol::maxAttachmentsPerFrame; ++i) {
        sizes.append(1);
        attachments.append(QByteArray(1, 'a'));
    }
    QTest::newRow("spawned: too many attachments")
            << true << false
            << QStringList{base64(FrameCodec::encode({{"type", "send"}, {"channel", "c"}, {"args", QJsonArray{}}, {"buffers", sizes}},
                                                     attachments))}
            << "bad-message: send message: field 'buffers' lists 1025 attachments, over the limit of 1024";
    QByteArray deep = QByteArray(2000, '[') + QByteArray(2000, ']');
    // Qt's JSON parser stops at 1024 levels.
    QTest::newRow("spawned: JSON nested 2000 deep")
            << true << false
            << QStringList{base64(rawFrame(R"({"type":"send","channel":"c","args":)" + deep + "}"))}
            << "bad-message: invalid JSON in a frame of 4037 bytes: too deeply nested document at offset 1060";

    // Valid but dear: parsing costs per value and key, so a frame of too many is refused before
    // it is parsed (a million keys in 12 MB took 0.3 s; 4 million attachments of 0 bytes in 8 MB
    // took 20 times that in memory).
    const auto tooManyNodes = [](const QString &spec) {
        return QStringLiteral("bad-message: frame of %1 bytes holds more than 250000 JSON values and keys, the limit")
                .arg(HostileFrames::generate(spec).size() - 4);
    };
    QTest::newRow("spawned: a million small keys")
            << true << false << QStringList{"--generate", "keys:1000000"} << tooManyNodes("keys:1000000");
    QTest::newRow("spawned: 4 million attachments of 0 bytes")
            << true << false << QStringList{"--generate", "attachments:4000000"} << tooManyNodes("attachments:4000000");
    QTest::newRow("spawned: 100,000 nested arrays")
            << true << false << QStringList{"--generate", "nested:100000"}
            << "bad-message: invalid JSON in a frame of 200044 bytes: too deeply nested document at offset 1065";

    // Anyone else is closed with the reason, and nothing else happens.
    QTest::newRow("stranger: stolen token, hello first")
            << false << true << QStringList{"--report"}
            << "hello for renderer %1 from process %2, not the one main started for it";
    QTest::newRow("stranger: guessed token")
            << false << false << QStringList{"--report", "--id", "1", "--token", wrongToken}
            << "unknown renderer id or token";
    QTest::newRow("stranger: 64 MiB first frame")
            << false << false << QStringList{"--report", "--no-hello", hugeFirstFrame}
            << "frame of 67108864 bytes exceeds the limit of 4096 bytes";
    QTest::newRow("stranger: not a hello")
            << false << false << QStringList{"--report", "--no-hello", send}
            << "expected a hello, got 'send'";
}

void tst_Hostile::attacker()
{
    QFETCH(bool, spawned);
    QFETCH(bool, stealsToken);
    QFETCH(QStringList, arguments);
    QFETCH(QString, reason);
    m_launcher->setHandshakeTimeout(1000);
    QSignalSpy refused(m_launcher.get(), &RendererLauncher::handshakeRefused);

    if (spawned) {
        WebContents *hostile = launchHostile(arguments);
        QVERIFY(hostile);
        QSignalSpy gone(hostile, &WebContents::renderProcessGone);
        QVERIFY(gone.wait(20000));
        const auto details = gone.at(0).at(0).value<RenderProcessGoneDetails>();
        QCOMPARE(details.badMessage, reason);
        QCOMPARE(details.reason, QStringLiteral("killed"));
        QCOMPARE(details.exitCode, int(SIGKILL));
        QVERIFY(!hostile->isReady());
        QVERIFY(!m_heard.contains(QStringLiteral("%1:early").arg(hostile->id())));
    } else {
        // The victim: a new window whose renderer has not connected yet (it waits for a line on
        // its standard input), so that the thief says hello first.
        WebContents *victim = nullptr;
        QHash<QString, QString> environment;
        if (stealsToken) {
            victim = launchHostile({"--wait-stdin", base64(frame(R"({"type":"send","channel":"works","args":[]})"))});
            QVERIFY(victim);
            QVERIFY(victim->process()->waitForStarted(10000));
            environment = victim->rendererEnvironment(); // what /proc/PID/environ shows
        }
        QProcess *stranger = startStranger(arguments, environment);
        QVERIFY(stranger->waitForStarted(10000));
        if (stealsToken)
            reason = reason.arg(victim->id()).arg(stranger->processId());
        // Main lives on this thread: wait with the event loop running, not in waitForFinished().
        QTRY_COMPARE_WITH_TIMEOUT(stranger->state(), QProcess::NotRunning, 20000);
        const QByteArray output = stranger->readAllStandardOutput();
        QVERIFY2(output.endsWith("closed\n"), output.constData());
        QTRY_VERIFY(!refused.isEmpty());
        QCOMPARE(refused.at(0).at(0).toString(), reason);
        if (stealsToken) {
            // The thief got nothing, not even the window's queued messages; the real renderer
            // then connects and works.
            QVERIFY(!output.contains("welcome"));
            QVERIFY(!victim->isReady());
            victim->process()->write("go\n");
            QTRY_VERIFY_WITH_TIMEOUT(victim->isReady(), 20000);
            QTRY_VERIFY(m_heard.contains(QStringLiteral("%1:works").arg(victim->id())));
            QVERIFY(!victim->isCrashed());
        }
    }
    verifyMainServes();
}

void tst_Hostile::killReachesEverythingItStarted_data()
{
    QTest::addColumn<QString>("ending");
    QTest::newRow("forcefullyCrashRenderer") << "kill";
    QTest::newRow("close") << "close";
    QTest::newRow("renderer exits by itself") << "exit";
}

// A renderer that forks a child in its process group and one that called setsid(): whatever
// way the renderer ends, neither child outlives it.
void tst_Hostile::killReachesEverythingItStarted()
{
    QFETCH(QString, ending);
    QStringList arguments{"--fork-children"};
    if (ending == QLatin1String("close"))
        arguments.append(QStringLiteral("--report")); // exits when main closes the connection
    else if (ending == QLatin1String("exit"))
        arguments.append(QStringLiteral("--exit"));
    WebContents *hostile = launchHostile(arguments);
    QVERIFY(hostile);
    QSignalSpy gone(hostile, &WebContents::renderProcessGone);
    QTRY_COMPARE_WITH_TIMEOUT(m_children.size(), 2, 20000);
    if (ending != QLatin1String("exit")) { // that one may be gone, and swept, already
        for (qint64 pid : std::as_const(m_children))
            QVERIFY(processExists(pid));
    }

    if (ending == QLatin1String("kill"))
        hostile->forcefullyCrashRenderer();
    else if (ending == QLatin1String("close"))
        hostile->close();
    QTRY_COMPARE_WITH_TIMEOUT(gone.size(), 1, 20000); // one that exits by itself may be gone already
    const auto details = gone.at(0).at(0).value<RenderProcessGoneDetails>();
    QCOMPARE(details.reason, ending == QLatin1String("kill") ? QStringLiteral("killed") : QStringLiteral("clean-exit"));
    for (qint64 pid : std::as_const(m_children))
        QTRY_VERIFY2_WITH_TIMEOUT(!processExists(pid), qPrintable(QString::number(pid)), 10000);
    verifyMainServes();
}

void tst_Hostile::logLinesCannotBeForged_data()
{
    QTest::addColumn<QByteArray>("json"); // %1 stands for the forging string, JSON-escaped
    QTest::addColumn<bool>("killed");
    QTest::newRow("channel outside the window's policy")
            << QByteArray(R"({"type":"send","channel":"%1","args":[]})") << false;
    QTest::newRow("sendSync nobody listens to")
            << QByteArray(R"({"type":"sendSync","id":1,"channel":"%1","args":[]})") << false;
    QTest::newRow("unknown message type")
            << QByteArray(R"({"type":"%1"})") << true;
}

// Whatever a renderer puts in a channel or a message type reaches main's log escaped: no line
// of its own, no terminal colours, no line cut short by a NUL.
void tst_Hostile::logLinesCannotBeForged()
{
    QFETCH(QByteArray, json);
    QFETCH(bool, killed);
    static QStringList log;
    log.clear();
    const QtMessageHandler previous = qInstallMessageHandler([](QtMsgType, const QMessageLogContext &, const QString &text) {
        log.append(text);
    });
    const QByteArray forging = R"(x\n ipclab.main: warning: forged\r\u001b[31mred\u0000cut\u2028)";
    WebContents *hostile = launchHostile({base64(FrameCodec::encode(
            QJsonDocument::fromJson(QByteArray(json).replace("%1", forging)).object()))});
    QVERIFY(hostile);
    ChannelPolicy policy;
    policy.allow(ChannelPolicy::Use::Send, {"allowed"});
    if (QTest::currentDataTag() == QLatin1String("channel outside the window's policy"))
        hostile->setChannelPolicy(policy);
    QSignalSpy gone(hostile, &WebContents::renderProcessGone);
    const auto logged = [] { return !log.filter(QStringLiteral("forged")).isEmpty(); };
    QTRY_VERIFY_WITH_TIMEOUT(logged(), 20000);
    if (killed)
        QTRY_COMPARE_WITH_TIMEOUT(gone.size(), 1, 20000);
    qInstallMessageHandler(previous);

    for (const QString &line : std::as_const(log)) {
        for (QChar c : line)
            QVERIFY2(c.unicode() >= 0x20 && c.unicode() != 0x7f && c.unicode() != 0x2028, qPrintable(line.toUtf8().toPercentEncoding(" :'")));
    }
    const QStringList forged = log.filter(QStringLiteral("forged"));
    QVERIFY2(forged.first().contains(QLatin1String(R"(x\n ipclab.main: warning: forged\r\x1b[31mred\x00cut\u2028)")),
             qPrintable(forged.first()));
    QCOMPARE(hostile->isCrashed(), killed);
    verifyMainServes();
}

// Connections that never say hello: past the cap each new one is closed at once, while a
// renderer main started still gets in.
void tst_Hostile::connectionsPastTheCapAreClosedAtOnce()
{
    m_launcher->setHandshakeTimeout(60000); // only the cap closes anything here
    QProcess *idle = startStranger({"--idle", "100"});
    QByteArray lines;
    QTRY_VERIFY_WITH_TIMEOUT((lines += idle->readAllStandardOutput()).contains("closed 36\n"), 20000);
    QVERIFY2(!lines.contains("closed 37"), lines.constData());
    verifyMainServes();
    // The good ones took no slot from the idle ones, and the idle ones were not dropped.
    lines += idle->readAllStandardOutput();
    QVERIFY2(!lines.contains("closed 37"), lines.constData());
}

// QLocalServer stops listening, and removes its socket, when an accept() fails: main listens
// again as soon as it can.
void tst_Hostile::listeningSurvivesRunningOutOfDescriptors()
{
    static QStringList log;
    log.clear();
    const QtMessageHandler previous = qInstallMessageHandler([](QtMsgType, const QMessageLogContext &, const QString &text) {
        log.append(text);
    });
    QProcess *idle = startStranger({"--wait-stdin", "--idle", "20"});
    QVERIFY(idle->waitForStarted(10000));

    rlimit original = {};
    QVERIFY(::getrlimit(RLIMIT_NOFILE, &original) == 0);
    const int open = int(QDir(QStringLiteral("/proc/self/fd")).entryList(QDir::NoDotAndDotDot | QDir::System).size());
    rlimit tight = original;
    tight.rlim_cur = rlim_t(open + 4);
    QVERIFY(::setrlimit(RLIMIT_NOFILE, &tight) == 0);
    idle->write("go\n");
    const auto stopped = [] {
        return log.filter(QStringLiteral("stopped listening")).size() > 0;
    };
    QTRY_VERIFY_WITH_TIMEOUT(stopped(), 20000);
    QVERIFY(::setrlimit(RLIMIT_NOFILE, &original) == 0);
    idle->kill();
    QTRY_VERIFY_WITH_TIMEOUT(log.filter(QStringLiteral("listening again on")).size() > 0, 20000);
    qInstallMessageHandler(previous);
    QVERIFY(QFile::exists(m_launcher->serverName()));
    verifyMainServes();
}

// A renderer flooding another window with sendTo while that one takes nothing (stopped): main
// relays no more than the sender's budget, tells the sender once with a RangeError, keeps
// answering it, and the target then gets an unbroken run of the first messages.
void tst_Hostile::sendToFloodIsBounded()
{
    WebContents *victim = m_launcher->createWebContents();
    QProcess *victimProcess = startStranger({"--report"}, victim->rendererEnvironment());
    QTRY_VERIFY_WITH_TIMEOUT(victim->isReady(), 20000);
    QVERIFY(::kill(pid_t(victimProcess->processId()), SIGSTOP) == 0);

    constexpr int count = 256;
    constexpr int bytes = 64 * 1024; // 16 MiB in all, against a budget of 1 MiB
    WebContents *flooder = m_launcher->createWebContents();
    const QString sendTo = QStringLiteral("sendto:%1:%2:%3").arg(victim->id()).arg(count).arg(bytes);
    QProcess *flooderProcess = startStranger(
            {"--report", "--generate", sendTo, "--generate", "invoke:echo:1:1"}, flooder->rendererEnvironment());
    QByteArray told;
    // The invoke after the flood is answered: main has handled every sendTo before it.
    QTRY_VERIFY_WITH_TIMEOUT((told += flooderProcess->readAllStandardOutput()).contains(R"("id":1000001)"), 30000);
    const QList<QByteArray> lines = told.split('\n');
    qsizetype errors = 0;
    for (const QByteArray &line : lines) {
        const QJsonObject frame = QJsonDocument::fromJson(line).object();
        if (frame.value(QLatin1String("type")) != QLatin1String("error"))
            continue;
        ++errors;
        const QJsonObject error = frame.value(QLatin1String("error")).toObject();
        QCOMPARE(error.value(QLatin1String("name")).toString(), QStringLiteral("RangeError"));
        const QString message = error.value(QLatin1String("message")).toString();
        static const QRegularExpression expected(QStringLiteral(
                R"(^sendTo: \d+ bytes this renderer sent are already waiting for other windows to read them \(limit 1048576\)$)"));
        QVERIFY2(expected.match(message).hasMatch(), qPrintable(message));
    }
    QCOMPARE(errors, 1); // told once, not once for each message refused
    QVERIFY(!flooder->isCrashed());

    QVERIFY(::kill(pid_t(victimProcess->processId()), SIGCONT) == 0);
    QVERIFY(victim->send(QStringLiteral("end"), {}).isNull());
    QByteArray heard;
    QTRY_VERIFY_WITH_TIMEOUT((heard += victimProcess->readAllStandardOutput()).contains(R"("channel":"end")"), 30000);
    int delivered = 0;
    for (const QByteArray &line : heard.split('\n')) {
        const QJsonObject frame = QJsonDocument::fromJson(line).object();
        if (frame.value(QLatin1String("channel")) != QLatin1String("flood"))
            continue;
        QCOMPARE(frame.value(QLatin1String("senderId")).toInt(), flooder->id());
        QCOMPARE(frame.value(QLatin1String("args")).toArray().at(0).toInt(), delivered); // in order, none missing
        ++delivered;
    }
    // What waited for the stopped window: the budget, one frame past it, and what the kernel holds.
    QVERIFY2(delivered > 0 && delivered < count, qPrintable(QString::number(delivered)));
    QVERIFY2(qint64(delivered) * bytes <= 1024 * 1024 + bytes + 4 * 1024 * 1024, qPrintable(QString::number(delivered)));
    verifyMainServes();
}

// The same through a MessagePort whose other end is in a stopped window: port messages are
// numbered, so instead of dropping one main treats the sender as a bad message once its budget
// is spent. The stopped window then still works.
void tst_Hostile::portFloodIsABadMessage()
{
    WebContents *victim = m_launcher->createWebContents();
    QProcess *victimProcess = startStranger({"--report"}, victim->rendererEnvironment());
    QTRY_VERIFY_WITH_TIMEOUT(victim->isReady(), 20000);
    QVERIFY(::kill(pid_t(victimProcess->processId()), SIGSTOP) == 0);
    WebContents *flooder = launchHostile({"--report", "--port-flood", "256:65536"}); // 16 MiB
    QVERIFY(flooder);
    QSignalSpy gone(flooder, &WebContents::renderProcessGone);
    QTRY_VERIFY_WITH_TIMEOUT(flooder->isReady(), 20000);

    MessageChannelMain channel(m_launcher.get());
    QVERIFY(victim->postMessage(QStringLiteral("port"), QJsonValue(), {channel.port1}).isNull());
    QVERIFY(flooder->postMessage(QStringLiteral("port"), QJsonValue(), {channel.port2}).isNull());
    QVERIFY(gone.wait(30000));
    const auto details = gone.at(0).at(0).value<RenderProcessGoneDetails>();
    static const QRegularExpression expected(QStringLiteral(
            R"(^bad-message: port message: \d+ bytes this renderer sent through main are already waiting for other windows to read them \(limit 1048576\)$)"));
    QVERIFY2(expected.match(details.badMessage).hasMatch(), qPrintable(details.badMessage));
    QCOMPARE(details.reason, QStringLiteral("killed"));

    QVERIFY(::kill(pid_t(victimProcess->processId()), SIGCONT) == 0);
    QVERIFY(victim->send(QStringLiteral("end"), {}).isNull());
    QByteArray heard;
    QTRY_VERIFY_WITH_TIMEOUT((heard += victimProcess->readAllStandardOutput()).contains(R"("channel":"end")"), 30000);
    QVERIFY(!victim->isCrashed());
    verifyMainServes();
}

// Another local user can neither list main's socket directory nor reach the socket in it (so
// cannot connect: the kernel checks the directory first). Needs root to make that user.
void tst_Hostile::secondUserIsShutOut()
{
    if (::geteuid() != 0)
        QSKIP("needs root, to make a second user");
    const QString user = QStringLiteral("ipclab-second");
    const auto run = [](const QString &program, const QStringList &arguments) {
        QProcess process;
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start(program, arguments);
        if (!process.waitForFinished(20000) || process.exitStatus() != QProcess::NormalExit)
            return std::pair<int, QByteArray>(-1, process.readAll());
        return std::pair<int, QByteArray>(process.exitCode(), process.readAll());
    };
    if (run(QStringLiteral("id"), {QStringLiteral("-u"), user}).first != 0
        && run(QStringLiteral("useradd"), {QStringLiteral("--no-create-home"), QStringLiteral("--shell"),
                                           QStringLiteral("/usr/sbin/nologin"), user}).first != 0)
        QSKIP("useradd failed: no second user");
    // The check itself can fail: as root (no user switch) both commands succeed.
    const QString socket = m_launcher->serverName();
    const QString directory = QFileInfo(socket).path();
    const auto asUser = [&](const QStringList &command) {
        return run(QStringLiteral("runuser"), QStringList{QStringLiteral("-u"), user, QStringLiteral("--")} + command);
    };
    const auto listing = asUser({QStringLiteral("ls"), directory});
    const auto reaching = asUser({QStringLiteral("stat"), socket});
    run(QStringLiteral("userdel"), {user});
    QVERIFY2(listing.first != 0 && listing.second.contains("Permission denied"), listing.second.constData());
    QVERIFY2(reaching.first != 0 && reaching.second.contains("Permission denied"), reaching.second.constData());
    QVERIFY(QFileInfo::exists(socket)); // it is there: the refusal is the permissions'
}

void tst_Hostile::portsOfOthersCannotBeUsed_data()
{
    // %1 stands for the port of the second window, %2 for the first window's, %3 for the
    // attacker's id.
    QTest::addColumn<QStringList>("frames");
    QTest::addColumn<QString>("reason");
    QTest::newRow("post on a port it does not hold")
            << QStringList{R"({"type":"portMessage","port":%1,"seq":2,"data":"forged"})",
                           R"({"type":"portMessage","port":%2,"seq":1,"data":"forged"})"}
            << "bad-message: portMessage for port %1 from renderer %3, which does not hold its other end";
    QTest::newRow("close in its peer's name")
            << QStringList{R"({"type":"portMessage","port":%1,"seq":2,"close":true})"}
            << "bad-message: portMessage for port %1 from renderer %3, which does not hold its other end";
    QTest::newRow("forged 'peer died' close")
            << QStringList{R"({"type":"portMessage","port":%1,"seq":0,"close":true})",
                           R"({"type":"portMessage","port":%2,"seq":0,"close":true})"}
            << "bad-message: portMessage for port %1 with seq 0: only main closes a port for a peer that died";
    QTest::newRow("fabricated record of an existing port")
            << QStringList{R"({"type":"send","channel":"stolen","args":[null],)"
                           R"("ports":[{"id":%1,"peer":%2,"peerAt":-1,"sendSeq":1,"recvSeq":1}]})"}
            << "bad-message: transferred port %1 is not held by renderer %3";
}

// Two good windows share a channel; an attacker that knows its port ids (they are small
// numbers) speaks for them. It is killed with the reason, and the two notice nothing: no
// forged message, no close, none of their own messages lost.
void tst_Hostile::portsOfOthersCannotBeUsed()
{
    QFETCH(QStringList, frames);
    QFETCH(QString, reason);
    using namespace RendererDriver;
    const auto portState = [](WebContents *w) { return invokeAndWait(w, "ipclab:port-state").toObject(); };
    WebContents *other = m_launcher->launch({QStringLiteral("--headless")});
    QVERIFY(other);
    QTRY_VERIFY_WITH_TIMEOUT(other->isReady(), 20000);
    MessageChannelMain channel(m_launcher.get());
    const qint64 first = channel.port1->id();
    const qint64 second = channel.port2->id();
    QVERIFY(m_good->postMessage("port", QJsonValue(), {channel.port1}).isNull());
    QVERIFY(other->postMessage("port", QJsonValue(), {channel.port2}).isNull());
    QTRY_VERIFY_WITH_TIMEOUT(portState(m_good).value("hasPort").toBool(), 20000);
    QTRY_VERIFY_WITH_TIMEOUT(portState(other).value("hasPort").toBool(), 20000);
    performOne(m_good, step("portPost", {}, {"a0"}));
    QTRY_COMPARE_WITH_TIMEOUT(portState(other).value("received").toArray(), QJsonArray({"a0"}), 20000);

    int attacker = 0;
    const auto fill = [&](QString text) {
        return text.replace("%1", QString::number(second)).replace("%2", QString::number(first))
                .replace("%3", QString::number(attacker));
    };
    QStringList arguments;
    for (const QString &json : std::as_const(frames))
        arguments.append(base64(frame(fill(json).toUtf8().constData())));
    WebContents *hostile = launchHostile(arguments);
    QVERIFY(hostile);
    QSignalSpy gone(hostile, &WebContents::renderProcessGone);
    QVERIFY(gone.wait(20000));
    const auto details = gone.at(0).at(0).value<RenderProcessGoneDetails>();
    attacker = hostile->id();
    QCOMPARE(details.badMessage, fill(reason));
    QCOMPARE(details.reason, QStringLiteral("killed"));

    performOne(m_good, step("portPost", {}, {"a1"}));
    performOne(other, step("portPost", {}, {"b1"}));
    performOne(m_good, step("portPost", {}, {"a2"}));
    QTRY_COMPARE_WITH_TIMEOUT(portState(other).value("received").toArray(), QJsonArray({"a0", "a1", "a2"}), 20000);
    QTRY_COMPARE_WITH_TIMEOUT(portState(m_good).value("received").toArray(), QJsonArray({"b1"}), 20000);
    QVERIFY(!portState(m_good).value("closed").toBool());
    QVERIFY(!portState(other).value("closed").toBool());
    verifyMainServes();
}

// A channel between main and a window (no pipe to hold a death close back): a forged "peer
// died" close for the window's end, and a message in the window's name to main's end. The
// attacker is killed; main's end gets only what the window posts, and neither end closes.
void tst_Hostile::mainsChannelCannotBeClosedByAnother()
{
    using namespace RendererDriver;
    const auto portState = [](WebContents *w) { return invokeAndWait(w, "ipclab:port-state").toObject(); };
    MessageChannelMain channel(m_launcher.get());
    const qint64 mains = channel.port1->id();
    const qint64 windows = channel.port2->id();
    QStringList heard;
    connect(channel.port1, &MessagePort::message, this,
            [&heard](const QJsonValue &data, const QList<MessagePort *> &) { heard.append(data.toString()); });
    QSignalSpy closed(channel.port1, &MessagePort::closed);
    channel.port1->start();
    QVERIFY(m_good->postMessage("port", QJsonValue(), {channel.port2}).isNull());
    QTRY_VERIFY_WITH_TIMEOUT(portState(m_good).value("hasPort").toBool(), 20000);

    WebContents *hostile = launchHostile(
            {base64(frame(QStringLiteral(R"({"type":"portMessage","port":%1,"seq":0,"close":true})").arg(windows).toUtf8())),
             base64(frame(QStringLiteral(R"({"type":"portMessage","port":%1,"seq":1,"data":"forged"})").arg(mains).toUtf8()))});
    QVERIFY(hostile);
    QSignalSpy gone(hostile, &WebContents::renderProcessGone);
    QVERIFY(gone.wait(20000));
    QCOMPARE(gone.at(0).at(0).value<RenderProcessGoneDetails>().badMessage,
             QStringLiteral("bad-message: portMessage for port %1 with seq 0: only main closes a port for a peer that died")
                     .arg(windows));

    performOne(m_good, step("portPost", {}, {"w1"}));
    QVERIFY(channel.port1->postMessage(QJsonValue("m1")).isNull());
    QTRY_COMPARE_WITH_TIMEOUT(heard, QStringList({"w1"}), 20000);
    QTRY_COMPARE_WITH_TIMEOUT(portState(m_good).value("received").toArray(), QJsonArray({"m1"}), 20000);
    QVERIFY(closed.isEmpty());
    QVERIFY(!portState(m_good).value("closed").toBool());
    verifyMainServes();
}

QTEST_MAIN(tst_Hostile)
#include "tst_hostile.moc"
