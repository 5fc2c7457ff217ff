#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QtGlobal>

// What main needs to reach every process a renderer started, read from /proc (Linux). Not API.
//
// A renderer runs in a process group of its own and main is a child subreaper, so a descendant
// that escapes the group (setsid()) comes back to main when its parent dies instead of going to
// init. Without cgroups nothing records where such a process came from once its parent is gone;
// these are the clues that remain: the renderer's process group, a snapshot of its descendants
// taken while it was alive (pid and start time, so a reused pid is never taken for it), and the
// renderer's environment, which children inherit.
namespace ProcessTree {

struct Process
{
    qint64 pid = 0;
    qint64 parent = 0;
    qint64 group = 0;
    quint64 startTime = 0; // clock ticks after boot: with pid, names one process for good
    bool zombie = false;
};

// Makes this process the reaper of its orphaned descendants (PR_SET_CHILD_SUBREAPER).
void becomeSubreaper();

QList<Process> all();
// Every descendant of pid, however deep, as now.
QList<Process> descendantsOf(qint64 pid);

// Kills the renderer at pid: its process group and every descendant, several passes until
// nothing new turns up (one that forks between passes is caught by the next). Returns what it
// found, for sweep().
QList<Process> killTree(qint64 pid);

// After a renderer is gone: kills and reaps main's children that came from it: members of its
// process group, those in `known` (same pid and start time), and those whose environment has
// every entry of `environment` (e.g. "IPCLAB_RENDERER_ID=3"). `exclude` lists pids that are
// not its (other renderers main runs).
void sweep(qint64 group, const QList<Process> &known, const QList<QByteArray> &environment,
           const QList<qint64> &exclude);

} // namespace ProcessTree
