#pragma once

// For helper processes a test drives: quit the event loop when the test closes our standard
// input (QProcess::closeWriteChannel()), the test's way of saying "exit normally now".

#include <QCoreApplication>
#include <QSocketNotifier>

#include <unistd.h>

inline void quitOnStdinClose(QObject *parent)
{
    auto *notifier = new QSocketNotifier(STDIN_FILENO, QSocketNotifier::Read, parent);
    QObject::connect(notifier, &QSocketNotifier::activated, parent, [] {
        char buffer[64];
        if (::read(STDIN_FILENO, buffer, sizeof buffer) <= 0)
            QCoreApplication::quit();
    });
}
