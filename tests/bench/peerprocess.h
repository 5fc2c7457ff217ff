#pragma once

#include <QString>
#include <QStringList>

class QProcess;

// A copy of ipclab-bench started as a peer for one row (--qtro-peer, --dbus-peer): it prints
// one line, "ready" and what the bench needs to reach it, once it listens, and exits when its
// standard input closes, so that a bench that dies takes its peers with it.
class PeerProcess
{
public:
    ~PeerProcess() { stop(); }

    // Starts this executable with arguments and waits for its ready line; *readyLine gets what
    // follows "ready ". False with a sentence in *why otherwise.
    bool start(const QStringList &arguments, QString *readyLine, QString *why);
    void stop();

    // The peer's side: says it is ready, then quits the application when stdin closes.
    static void announceReady(const QString &detail);

private:
    QProcess *m_process = nullptr;
};
