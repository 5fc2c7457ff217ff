// ipclab-hostile-matrix: issues 15 and 18's hostile matrix, as a benchmark. This process is
// main (IpcMain + RendererLauncher). Two well-behaved windows (ipclab-hostile-good) invoke it
// every 200 ms and check main's numbered sends; their p50 is measured idle, then beside each
// attacker, a separate process speaking shared/PROTOCOL.md (ipclab-test-hostile). For every row
// it prints: main listening, the good windows' p50 against idle, messages they lost or saw
// forged, how the attacker was closed or killed (its exact reason), and main's RSS (after
// malloc_trim(0)) before, at its peak during, and after. Nothing is asserted: the figures say
// something only about the machine they ran on.
//
//     bin/ipclab-hostile-matrix [--json FILE] [--only SUBSTRING] [--relay-budget BYTES]

#include "framecodec.h"
#include "hostileframes.h"
#include "ipcmain.h"
#include "ipcmainevent.h"
#include "processstats.h"
#include "protocol.h"
#include "rendererlauncher.h"
#include "webcontents.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocalSocket>
#include <QProcess>
#include <QSysInfo>
#include <QTimer>
#include <QtEndian>

#include <cstdio>
#include <functional>

#include <malloc.h>
#include <unistd.h>

namespace {

constexpr int goodWindows = 2;

// Main's warnings during a row (the attacker's close or kill, as main logged it), kept out of
// the output.
QStringList &warnings()
{
    static QStringList lines;
    return lines;
}

void keepWarnings(QtMsgType type, const QMessageLogContext &, const QString &text)
{
    if (type != QtDebugMsg && type != QtInfoMsg && warnings().size() < 10000)
        warnings().append(text);
}

QByteArray announce(quint32 length)
{
    QByteArray header(4, '\0');
    qToBigEndian<quint32>(length, header.data());
    return header;
}

QString base64(const QByteArray &bytes)
{
    return QString::fromLatin1(bytes.toBase64());
}

QString frame(const QByteArray &json)
{
    return base64(HostileFrames::rawFrame(json));
}

double rssMiB(bool trim)
{
    return double(trim ? trimmedResidentKilobytes() : residentKilobytes()) / 1024.0;
}

// Runs the event loop for ms, or until done() holds.
void run(int ms, const std::function<bool()> &done = {})
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < ms && !(done && done())) {
        QEventLoop loop;
        QTimer::singleShot(20, &loop, &QEventLoop::quit);
        loop.exec();
    }
}

struct Stats
{
    double p50 = -1;
    qint64 samples = 0;
    qint64 lost = 0;
    qint64 forged = 0;
    QList<int> others; // sender ids of anything else the window was sent
};

class Matrix : public QObject
{
public:
    Matrix()
    {
        m_ipcMain.handle(QStringLiteral("ping"),
                         [](IpcMainInvokeEvent &, const QJsonArray &args) { return args.at(0); });
        m_ipcMain.handle(QStringLiteral("echo"),
                         [](IpcMainInvokeEvent &, const QJsonArray &args) { return args.at(0); });
        m_ipcMain.on(QStringLiteral("sync"), [](IpcMainEvent &event, const QJsonArray &args) {
            event.setReturnValue(args.at(0));
        });
        m_ipcMain.on(QStringLiteral("good:stats"),
                     [this](IpcMainEvent &event, const QJsonArray &args) {
                         Stats stats {args.at(0).toDouble(),
                                      args.at(1).toInteger(),
                                      args.at(2).toInteger(),
                                      args.at(3).toInteger(),
                                      {}};
                         for (const QJsonValue &id : args.at(4).toArray())
                             stats.others.append(id.toInt());
                         m_stats.insert(event.sender()->id(), stats);
                     });
        m_launcher.setHandshakeTimeout(3000);
        connect(&m_launcher, &RendererLauncher::handshakeRefused, this,
                [this](const QString &reason) { m_refusals.append(reason); });
        connect(&m_launcher, &RendererLauncher::renderProcessGone, this,
                [this](WebContents *webContents, const RenderProcessGoneDetails &details) {
                    if (m_good.contains(webContents))
                        m_goodGone.append(webContents->id());
                    else
                        m_gone.insert(webContents->id(),
                                      details.badMessage.isEmpty() ? details.reason
                                                                   : details.reason
                                                      + QStringLiteral(", ") + details.badMessage);
                });
        connect(&m_sequence, &QTimer::timeout, this, [this] {
            ++m_seq;
            for (WebContents *good : std::as_const(m_good))
                good->send(QStringLiteral("good:seq"), {m_seq});
        });
    }

    bool start()
    {
        m_launcher.setRendererProgram(QCoreApplication::applicationDirPath()
                                      + QStringLiteral("/ipclab-hostile-good"));
        for (int i = 0; i < goodWindows; ++i)
            m_good.append(m_launcher.launch({}));
        run(20000, [this] {
            return std::all_of(m_good.cbegin(), m_good.cend(),
                               [](WebContents *w) { return w->isReady(); });
        });
        for (WebContents *good : std::as_const(m_good)) {
            if (!good->isReady())
                return false;
        }
        m_sequence.start(50);
        return true;
    }

    QList<Stats> collect()
    {
        m_stats.clear();
        for (WebContents *good : std::as_const(m_good))
            good->send(QStringLiteral("good:report"), {});
        run(30000, [this] { return m_stats.size() == m_good.size(); });
        QList<Stats> all;
        for (WebContents *good : std::as_const(m_good))
            all.append(m_stats.value(good->id()));
        return all;
    }

    bool listening()
    {
        QLocalSocket probe;
        probe.connectToServer(m_launcher.serverName());
        const bool ok = probe.waitForConnected(2000);
        probe.abort();
        return ok;
    }

    struct Attacker
    {
        QProcess *process = nullptr; // one the bench started itself
        WebContents *spawned = nullptr; // one main launched as a renderer
        QList<WebContents *> pending; // windows made for it, closed afterwards
    };

    QProcess *stranger(const QStringList &arguments, const QHash<QString, QString> &environment)
    {
        auto *process = new QProcess(this);
        QProcessEnvironment processEnvironment = QProcessEnvironment::systemEnvironment();
        processEnvironment.insert(QLatin1String(Protocol::serverEnv), m_launcher.serverName());
        for (auto it = environment.begin(); it != environment.end(); ++it)
            processEnvironment.insert(it.key(), it.value());
        process->setProcessEnvironment(processEnvironment);
        process->setProcessChannelMode(QProcess::SeparateChannels);
        process->setStandardErrorFile(QProcess::nullDevice());
        process->start(hostilePath(), arguments);
        return process;
    }

    WebContents *spawn(const QStringList &arguments)
    {
        m_launcher.setRendererProgram(hostilePath());
        WebContents *webContents = m_launcher.launch(arguments);
        m_launcher.setRendererProgram(QCoreApplication::applicationDirPath()
                                      + QStringLiteral("/ipclab-hostile-good"));
        return webContents;
    }

    static QString hostilePath()
    {
        return QCoreApplication::applicationDirPath() + QStringLiteral("/ipclab-test-hostile");
    }

    int goodId(int i) const { return m_good.at(i)->id(); }
    QList<WebContents *> m_good;
    IpcMain m_ipcMain;
    RendererLauncher m_launcher {&m_ipcMain};
    QStringList m_refusals;
    QHash<int, QString> m_gone;
    QList<int> m_goodGone;
    QHash<int, Stats> m_stats;
    QTimer m_sequence;
    qint64 m_seq = 0;
};

struct Row
{
    QString name;
    int seconds; // at most this long beside the attacker
    std::function<Matrix::Attacker(Matrix &)> start;
};

QList<Row> rows()
{
    const QString wrongToken = QStringLiteral("0123456789abcdef0123456789abcdef");
    const auto spawned = [](QStringList arguments) {
        return [arguments](Matrix &m) {
            return Matrix::Attacker {nullptr, m.spawn(arguments), {}};
        };
    };
    const auto withWindow = [](QStringList arguments,
                               const std::function<void(QHash<QString, QString> &)> &change = {}) {
        return [arguments, change](Matrix &m) {
            WebContents *window = m.m_launcher.createWebContents();
            QHash<QString, QString> environment = window->rendererEnvironment();
            if (change)
                change(environment);
            return Matrix::Attacker {m.stranger(arguments, environment), nullptr, {window}};
        };
    };
    QByteArray attachmentsShort = announce(quint32(4 + 45 + 5) | Protocol::attachmentsFlag);
    attachmentsShort += announce(45) + R"({"type":"send","channel":"b","buffers":[10]} )" + "12345";
    QList<Row> all {
            {"no token", 5, withWindow({"--report", "--token", ""})},
            {"wrong token", 5, withWindow({"--report", "--token", wrongToken})},
            {"reused token", 5,
             [](Matrix &m) {
                 WebContents *window = m.m_launcher.createWebContents();
                 QProcess *first = m.stranger({"--exit"}, window->rendererEnvironment());
                 run(10000, [first] { return first->state() == QProcess::NotRunning; });
                 return Matrix::Attacker {m.stranger({"--report"}, window->rendererEnvironment()),
                                          nullptr,
                                          {window}};
             }},
            {"foreign token", 5,
             [](Matrix &m) {
                 WebContents *a = m.m_launcher.createWebContents();
                 WebContents *b = m.m_launcher.createWebContents();
                 QHash<QString, QString> environment = a->rendererEnvironment();
                 environment.insert(
                         QLatin1String(Protocol::tokenEnv),
                         b->rendererEnvironment().value(QLatin1String(Protocol::tokenEnv)));
                 return Matrix::Attacker {m.stranger({"--report"}, environment), nullptr, {a, b}};
             }},
            {"no hello: 200 idle connections", 12,
             [](Matrix &m) {
                 return Matrix::Attacker {m.stranger({"--idle", "200"}, {}), nullptr, {}};
             }},
            {"length 0", 5, spawned({base64(announce(0))})},
            {"length 0xFFFFFFFF", 5, spawned({base64(announce(0xFFFFFFFF))})},
            {"just over the frame limit", 5,
             spawned({base64(announce(quint32(Protocol::defaultMaxFrameSize + 1)))})},
            {"header then silence", 5, spawned({base64(announce(100))})},
            {"invalid UTF-8", 5,
             spawned({frame("{\"type\":\"send\",\"channel\":\"\xff\xfe\",\"args\":[]}")})},
            {"100,000 nested arrays", 5, spawned({"--generate", "nested:100000"})},
            {"1 million tiny keys", 8, spawned({"--generate", "keys:1000000"})},
            {"4 million attachments of 0 bytes", 8, spawned({"--generate", "attachments:4000000"})},
            // Valid, under every limit, and as costly as that allows: what one renderer's parsing
            // costs the others while main decodes on its GUI thread.
            {"120,000 keys a frame (just under the node limit), again and again", 8,
             spawned({"--forever", "--generate", "keys:120000"})},
            {"duplicate keys", 5,
             spawned({frame(R"({"type":"send","channel":"a","channel":"b","args":[]})")})},
            {"attachment sizes that do not add up", 5, spawned({base64(attachmentsShort)})},
            {"forged sender id", 5,
             [](Matrix &m) {
                 const QByteArray json = R"({"type":"sendTo","to":)"
                         + QByteArray::number(m.goodId(0))
                         + R"(,"channel":"forged","args":[],"senderId":)"
                         + QByteArray::number(m.goodId(1)) + "}";
                 return Matrix::Attacker {nullptr, m.spawn({frame(json)}), {}};
             }},
            {"ports it does not own", 5,
             [](Matrix &m) {
                 QStringList frames;
                 for (int port = 1; port <= 64; ++port)
                     frames.append(frame(R"({"type":"portMessage","port":)"
                                         + QByteArray::number(port)
                                         + R"(,"seq":1,"data":"forged"})"));
                 return Matrix::Attacker {nullptr, m.spawn(frames), {}};
             }},
            {"a sendSync it never reads", 5,
             spawned({"--hang",
                      frame(R"({"type":"sendSync","id":1,"channel":"sync","args":[1]})")})},
            {"a flood while never reading", 12,
             spawned({"--hang", "--generate", "invoke:echo:2200:65536"})},
            {"sendTo flood", 8,
             [](Matrix &m) {
                 const QString spec = QStringLiteral("sendto:%1:1000:1024").arg(m.goodId(0));
                 return Matrix::Attacker {nullptr, m.spawn({"--forever", "--generate", spec}), {}};
             }},
    };
    return all;
}

QString outcome(Matrix &m, const Matrix::Attacker &attacker, const QByteArray &output)
{
    QStringList parts;
    if (attacker.spawned) {
        const QString gone = m.m_gone.value(attacker.spawned->id());
        parts.append(gone.isEmpty() ? QStringLiteral("still connected")
                                    : QStringLiteral("gone: ") + gone);
    }
    QStringList reasons;
    for (const QString &refusal : std::as_const(m.m_refusals)) {
        if (!reasons.contains(refusal))
            reasons.append(refusal);
    }
    for (const QString &reason : std::as_const(reasons)) {
        const qsizetype times = m.m_refusals.count(reason);
        parts.append(QStringLiteral("refused%1: ")
                             .arg(times > 1 ? QStringLiteral(" ×%1").arg(times) : QString())
                     + reason);
    }
    if (attacker.process) {
        const QList<QByteArray> lines = output.trimmed().split('\n');
        if (output.contains("closed"))
            parts.append(QStringLiteral("its output ends: ") + QString::fromUtf8(lines.last()));
        else if (attacker.process->state() != QProcess::NotRunning)
            parts.append(QStringLiteral("still running"));
    }
    if (parts.size() > 4)
        parts = parts.mid(0, 3) << QStringLiteral("... %1 more").arg(parts.size() - 3);
    // What main said about it: the first line naming it, and how many more there were.
    if (attacker.spawned) {
        const QStringList about
                = warnings().filter(QStringLiteral("renderer %1 ").arg(attacker.spawned->id()));
        if (!about.isEmpty())
            parts.append(QStringLiteral("main logged: ") + about.first().left(200)
                         + (about.size() > 1 ? QStringLiteral(" (+%1 lines)").arg(about.size() - 1)
                                             : QString()));
    }
    return parts.join(QStringLiteral("; "));
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption jsonOption(QStringLiteral("json"),
                                        QStringLiteral("write the rows as JSON"),
                                        QStringLiteral("file"));
    const QCommandLineOption onlyOption(QStringLiteral("only"),
                                        QStringLiteral("rows whose name contains this"),
                                        QStringLiteral("text"));
    const QCommandLineOption budgetOption(
            QStringLiteral("relay-budget"),
            QStringLiteral("RendererLauncher::setMaxRelayedBytes (for a run without it)"),
            QStringLiteral("bytes"));
    parser.addOptions({jsonOption, onlyOption, budgetOption});
    parser.addHelpOption();
    parser.process(app);

    qInstallMessageHandler(keepWarnings);
    // The windows log nothing but warnings, as in use: a debug line for each message of a flood
    // would measure the terminal.
    qputenv("QT_LOGGING_RULES", "ipclab.*.debug=false");
    Matrix m;
    if (parser.isSet(budgetOption))
        m.m_launcher.setMaxRelayedBytes(parser.value(budgetOption).toLongLong());
    if (!m.start()) {
        std::fprintf(stderr, "ipclab-hostile-matrix: the good windows did not connect\n");
        return 1;
    }
    run(2000);
    m.collect(); // from here on
    run(5000);
    const QList<Stats> idle = m.collect();
    const double idleRss = rssMiB(true);
    std::printf("%s, %s, %ld cores\n", qPrintable(QSysInfo::prettyProductName()),
                qPrintable(QSysInfo::machineHostName()), sysconf(_SC_NPROCESSORS_ONLN));
    std::printf(
            "idle: good windows' p50 %.3f / %.3f ms (%lld / %lld samples), main RSS %.1f MiB\n\n",
            idle.at(0).p50, idle.at(1).p50, idle.at(0).samples, idle.at(1).samples, idleRss);
    std::fflush(stdout);

    QJsonArray jsonRows;
    QStringList table;
    table.append(QStringLiteral("| row | listening | good p50 ms (× idle) | lost / forged | "
                                "attacker | RSS MiB before / peak / after |"));
    table.append(QStringLiteral("|---|---|---|---|---|---|"));
    for (const Row &row : rows()) {
        if (parser.isSet(onlyOption) && !row.name.contains(parser.value(onlyOption)))
            continue;
        run(1000);
        m.collect();
        m.m_refusals.clear();
        m.m_gone.clear();
        warnings().clear();
        const double before = rssMiB(true);
        const double heapBefore = double(heapInUseKilobytes()) / 1024.0;
        double peak = before;
        QTimer sampler;
        QObject::connect(&sampler, &QTimer::timeout, [&peak] { peak = qMax(peak, rssMiB(false)); });
        sampler.start(50);
        Matrix::Attacker attacker = row.start(m);
        QByteArray output;
        run(row.seconds * 1000, [&] {
            if (attacker.process)
                output += attacker.process->readAllStandardOutput();
            if (attacker.spawned && m.m_gone.contains(attacker.spawned->id()))
                return true;
            return attacker.process && attacker.process->state() == QProcess::NotRunning;
        });
        run(1000); // the good windows beside it a while longer
        const QList<Stats> during = m.collect();
        if (attacker.process)
            output += attacker.process->readAllStandardOutput();
        const QString result = outcome(m, attacker, output);
        warnings().clear();
        const bool listening = m.listening();
        if (attacker.process) {
            attacker.process->kill();
            attacker.process->waitForFinished(5000);
            attacker.process->deleteLater();
        }
        if (attacker.spawned)
            attacker.spawned->close();
        for (WebContents *window : std::as_const(attacker.pending))
            window->close();
        run(1500);
        sampler.stop();
        const double after = rssMiB(true);
        const double heapAfter = double(heapInUseKilobytes()) / 1024.0;

        double ratio = 0;
        double worst = 0;
        qint64 lost = 0;
        qint64 forged = 0;
        QStringList p50s;
        QJsonArray goodJson;
        for (int i = 0; i < during.size(); ++i) {
            const Stats &s = during.at(i);
            ratio = qMax(ratio, s.p50 / idle.at(i).p50);
            worst = qMax(worst, s.p50);
            lost += s.lost;
            forged += s.forged;
            const int attackerId = attacker.spawned ? attacker.spawned->id() : -1;
            for (int id : s.others) {
                if (id != attackerId)
                    ++forged;
            }
            p50s.append(QString::number(s.p50, 'f', 2));
            goodJson.append(QJsonObject {{"p50Ms", s.p50},
                                         {"idleP50Ms", idle.at(i).p50},
                                         {"samples", s.samples},
                                         {"lost", s.lost},
                                         {"forged", s.forged}});
        }
        const bool fair = ratio <= 2 || worst < 1;
        const bool back = after <= before * 1.1;
        // RSS that stays up while what is in use came back is glibc keeping a worker's arena
        // (see heapInUseKilobytes()), not a leak: said so in the table rather than "not back".
        const bool heapBack = heapAfter <= heapBefore * 1.1 + 0.5;
        const QString backNote = back ? QString()
                : heapBack ? QStringLiteral(" (heap in use %1 / %2: glibc keeps it)")
                                     .arg(heapBefore, 0, 'f', 1)
                                     .arg(heapAfter, 0, 'f', 1)
                           : QStringLiteral(" **not back** (heap in use %1 / %2)")
                                     .arg(heapBefore, 0, 'f', 1)
                                     .arg(heapAfter, 0, 'f', 1);
        table.append(QStringLiteral("| %1 | %2 | %3 (%4×)%5 | %6 / %7 | %8 | %9 / %10 / %11%12 |")
                             .arg(row.name,
                                  listening ? QStringLiteral("yes") : QStringLiteral("**no**"),
                                  p50s.join(QStringLiteral(" / ")), QString::number(ratio, 'f', 1),
                                  fair ? QString() : QStringLiteral(" **over**"))
                             .arg(lost)
                             .arg(forged)
                             .arg(QString(result).replace(QLatin1Char('|'), QLatin1Char('/')))
                             .arg(before, 0, 'f', 1)
                             .arg(peak, 0, 'f', 1)
                             .arg(after, 0, 'f', 1)
                             .arg(backNote));
        std::printf("%s\n", qPrintable(table.last()));
        std::fflush(stdout);
        jsonRows.append(QJsonObject {{"row", row.name},
                                     {"listening", listening},
                                     {"goodWindows", goodJson},
                                     {"p50Ratio", ratio},
                                     {"lost", lost},
                                     {"forged", forged},
                                     {"attacker", result},
                                     {"rssBeforeMiB", before},
                                     {"rssPeakMiB", peak},
                                     {"rssAfterMiB", after},
                                     {"heapInUseBeforeMiB", heapBefore},
                                     {"heapInUseAfterMiB", heapAfter},
                                     {"goodWindowsGone",
                                      QJsonArray::fromVariantList(QVariantList(
                                              m.m_goodGone.cbegin(), m.m_goodGone.cend()))}});
    }
    std::printf("\n%s\n", qPrintable(table.join(QLatin1Char('\n'))));
    if (parser.isSet(jsonOption)) {
        QFile file(parser.value(jsonOption));
        if (!file.open(QIODevice::WriteOnly)) {
            std::fprintf(stderr, "ipclab-hostile-matrix: cannot write %s\n",
                         qPrintable(file.fileName()));
            return 1;
        }
        file.write(QJsonDocument(QJsonObject {{"machine", QSysInfo::machineHostName()},
                                              {"system", QSysInfo::prettyProductName()},
                                              {"cores", qint64(sysconf(_SC_NPROCESSORS_ONLN))},
                                              {"idle", QJsonArray {idle.at(0).p50, idle.at(1).p50}},
                                              {"rows", jsonRows}})
                           .toJson());
    }
    return 0;
}
