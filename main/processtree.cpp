#include "processtree.h"

#include "logging.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <QTimer>

#include <algorithm>
#include <csignal>

#ifdef Q_OS_LINUX
#  include <sys/prctl.h>
#  include <sys/wait.h>
#endif
#include <unistd.h>

namespace ProcessTree {

namespace {

// /proc/PID/stat: "pid (comm) state ppid pgrp session ... starttime(22nd) ...". comm may hold
// spaces and parentheses, so the fields are counted from its last ')'.
bool readStat(qint64 pid, Process *process)
{
    QFile file(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return false;
    const QByteArray stat = file.readAll();
    const qsizetype close = stat.lastIndexOf(')');
    if (close < 0)
        return false;
    const QList<QByteArray> fields = stat.mid(close + 2).split(' ');
    // fields[0] is field 3 (state), so field n is fields[n - 3].
    if (fields.size() < 20)
        return false;
    process->pid = pid;
    process->zombie = fields.at(0) == "Z";
    process->parent = fields.at(1).toLongLong();
    process->group = fields.at(2).toLongLong();
    process->startTime = fields.at(19).toULongLong();
    return true;
}

bool hasEnvironment(qint64 pid, const QList<QByteArray> &markers)
{
    QFile file(QStringLiteral("/proc/%1/environ").arg(pid));
    if (markers.isEmpty() || !file.open(QIODevice::ReadOnly))
        return false;
    const QList<QByteArray> variables = file.readAll().split('\0');
    return std::all_of(markers.cbegin(), markers.cend(),
                       [&variables](const QByteArray &marker) { return variables.contains(marker); });
}

// A child of this process that was SIGKILLed: collect its exit status, without blocking on one
// that takes a moment to die. Only these pids are waited for, never QProcess's own children.
void reap(QList<qint64> pids, int attemptsLeft = 100)
{
#ifdef Q_OS_LINUX
    QList<qint64> pending;
    for (qint64 pid : std::as_const(pids)) {
        if (::waitpid(pid_t(pid), nullptr, WNOHANG) == 0)
            pending.append(pid);
    }
    if (!pending.isEmpty() && attemptsLeft > 0)
        QTimer::singleShot(20, [pending, attemptsLeft] { reap(pending, attemptsLeft - 1); });
#else
    Q_UNUSED(pids);
    Q_UNUSED(attemptsLeft);
#endif
}

} // namespace

void becomeSubreaper()
{
#ifdef Q_OS_LINUX
    ::prctl(PR_SET_CHILD_SUBREAPER, 1);
#endif
}

QList<Process> all()
{
    QList<Process> processes;
    const QStringList entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &entry : entries) {
        bool isPid = false;
        const qint64 pid = entry.toLongLong(&isPid);
        Process process;
        if (isPid && readStat(pid, &process))
            processes.append(process);
    }
    return processes;
}

QList<Process> descendantsOf(qint64 pid)
{
    const QList<Process> processes = all();
    QMultiHash<qint64, Process> children;
    for (const Process &process : processes)
        children.insert(process.parent, process);
    QList<Process> found;
    QList<qint64> parents{pid};
    while (!parents.isEmpty()) {
        const qint64 parent = parents.takeLast();
        for (auto it = children.constFind(parent); it != children.cend() && it.key() == parent; ++it) {
            found.append(*it);
            parents.append(it->pid);
        }
    }
    return found;
}

QList<Process> killTree(qint64 pid)
{
    QList<Process> found;
    if (pid <= 0)
        return found;
    // Stop it first, so it forks no more while its tree is read; then take the tree.
    ::kill(pid_t(pid), SIGSTOP);
    for (int pass = 0; pass < 8; ++pass) {
        ::kill(-pid_t(pid), SIGKILL); // its process group (it is the leader)
        bool fresh = false;
        for (const Process &process : descendantsOf(pid)) {
            ::kill(pid_t(process.pid), SIGKILL);
            const bool seen = std::any_of(found.cbegin(), found.cend(), [&process](const Process &p) {
                return p.pid == process.pid && p.startTime == process.startTime;
            });
            if (!seen) {
                found.append(process);
                fresh = true;
            }
        }
        if (!fresh)
            break;
    }
    ::kill(pid_t(pid), SIGKILL);
    return found;
}

void sweep(qint64 group, const QList<Process> &known, const QList<QByteArray> &environment,
           const QList<qint64> &exclude)
{
    const qint64 self = ::getpid();
    QList<qint64> killed;
    for (const Process &process : all()) {
        if (process.parent != self || exclude.contains(process.pid))
            continue;
        const bool recorded = std::any_of(known.cbegin(), known.cend(), [&process](const Process &p) {
            return p.pid == process.pid && p.startTime == process.startTime;
        });
        if ((group > 0 && process.group == group) || recorded
            || (!process.zombie && hasEnvironment(process.pid, environment))) {
            if (!process.zombie) {
                qCWarning(lcMain) << "killing process" << process.pid
                                  << "left behind by a renderer that is gone";
                ::kill(pid_t(process.pid), SIGKILL);
            }
            killed.append(process.pid);
        }
    }
    reap(killed);
}

} // namespace ProcessTree
