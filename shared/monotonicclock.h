#pragma once

#include <QtGlobal>

#include <chrono>

// Nanoseconds on the system-wide monotonic clock (CLOCK_MONOTONIC on Linux): comparable between
// processes on one machine, so a send time from a renderer and a receive time in main give a
// one-way latency.
inline qint64 monotonicNanoseconds()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
                   std::chrono::steady_clock::now().time_since_epoch())
            .count();
}
