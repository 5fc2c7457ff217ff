#include "peerprocess.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QProcess>
#include <QSocketNotifier>

#include <cstdio>
#include <unistd.h>

bool PeerProcess::start(const QStringList &arguments, QString *readyLine, QString *why)
{
    m_process = new QProcess;
    m_process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_process->start(QCoreApplication::applicationFilePath(), arguments);
    if (!m_process->waitForStarted(10000)) {
        *why = QStringLiteral("the peer process did not start: %1").arg(m_process->errorString());
        return false;
    }
    const QDeadlineTimer deadline(20000);
    while (!m_process->canReadLine()) {
        if (deadline.hasExpired() || m_process->state() != QProcess::Running
            || !m_process->waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())))) {
            if (m_process->canReadLine())
                break;
            *why = m_process->state() == QProcess::Running
                    ? QStringLiteral("the peer process did not say it was ready within 20 s")
                    : QStringLiteral("the peer process exited with code %1 before it was ready")
                              .arg(m_process->exitCode());
            return false;
        }
    }
    const QString line = QString::fromUtf8(m_process->readLine()).trimmed();
    if (!line.startsWith(QLatin1String("ready"))) {
        *why = QStringLiteral("the peer process said \"%1\" instead of ready").arg(line);
        return false;
    }
    *readyLine = line.mid(6);
    return true;
}

void PeerProcess::stop()
{
    if (!m_process)
        return;
    m_process->closeWriteChannel();
    if (!m_process->waitForFinished(5000))
        m_process->kill();
    m_process->waitForFinished(1000);
    delete m_process;
    m_process = nullptr;
}

void PeerProcess::announceReady(const QString &detail)
{
    std::printf("ready %s\n", qPrintable(detail));
    std::fflush(stdout);
    auto *notifier = new QSocketNotifier(STDIN_FILENO, QSocketNotifier::Read, qApp);
    QObject::connect(notifier, &QSocketNotifier::activated, qApp, [notifier] {
        char buffer[256];
        if (::read(STDIN_FILENO, buffer, sizeof buffer) <= 0) {
            notifier->setEnabled(false);
            QCoreApplication::quit();
        }
    });
}
