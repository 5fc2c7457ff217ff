// No renderer outlives its main process, however main ends. A helper main process
// (tests/helpers/mainhost) launches renderers and prints their pids; the test ends it and
// checks every pid is gone.

#include <QProcess>
#include <QTest>

#include <csignal>
#include <sys/types.h>

namespace {

bool isAlive(qint64 pid)
{
    // kill(pid, 0) succeeds for zombies too; /proc/<pid>/stat says whether it is one.
    if (::kill(pid_t(pid), 0) != 0)
        return false;
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return false;
    const QByteArray fields = stat.readAll();
    const qsizetype afterName = fields.lastIndexOf(')');
    return afterName < 0 || fields.mid(afterName + 2, 1) != "Z";
}

} // namespace

class tst_Lifecycle : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void noOrphans_data()
    {
        QTest::addColumn<QString>("how");
        QTest::newRow("main exits normally") << "exit";
        QTest::newRow("main killed with SIGKILL") << "kill";
        QTest::newRow("main crashes with SIGSEGV") << "segv";
    }

    void noOrphans()
    {
        QFETCH(QString, how);
        QProcess host;
        host.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        host.start(IPCLAB_MAINHOST_PATH, {"3"});
        QVERIFY(host.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(host.canReadLine(), 20000);
        const QList<QByteArray> words = host.readLine().trimmed().split(' ');
        QCOMPARE(words.value(0), QByteArray("ready"));
        QList<qint64> pids;
        for (qsizetype i = 1; i < words.size(); ++i)
            pids << words.at(i).toLongLong();
        QCOMPARE(pids.size(), 3);
        for (qint64 pid : pids)
            QVERIFY(isAlive(pid));

        if (how == "exit")
            host.closeWriteChannel();
        else
            ::kill(pid_t(host.processId()), how == "kill" ? SIGKILL : SIGSEGV);
        QVERIFY(host.waitForFinished(10000));
        for (qint64 pid : pids)
            QTRY_VERIFY2_WITH_TIMEOUT(!isAlive(pid), qPrintable(QString("renderer %1 outlived main").arg(pid)), 2000);
    }
};

QTEST_GUILESS_MAIN(tst_Lifecycle)
#include "tst_lifecycle.moc"
