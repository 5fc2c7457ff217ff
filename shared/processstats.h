#pragma once

#include <QtGlobal>

#include <cstdio>

#include <malloc.h>

// A field of /proc/PID/status in KiB ("VmRSS", "VmHWM"), of this process when pid is 0; -1
// without /proc or the field. For the load, soak and hostile figures, never for a timed test.
inline qint64 statusKilobytes(const char *field, qint64 pid = 0)
{
    char path[64];
    if (pid > 0)
        std::snprintf(path, sizeof path, "/proc/%lld/status", static_cast<long long>(pid));
    else
        std::snprintf(path, sizeof path, "/proc/self/status");
    std::FILE *status = std::fopen(path, "r");
    if (!status)
        return -1;
    char line[256];
    char format[64];
    std::snprintf(format, sizeof format, "%s: %%lld kB", field);
    long long kilobytes = -1;
    while (std::fgets(line, sizeof line, status)) {
        if (std::sscanf(line, format, &kilobytes) == 1)
            break;
    }
    std::fclose(status);
    return kilobytes;
}

// This process's peak resident memory (VmHWM), in KiB: tst_load reads main's, the renderers'
// agents report theirs.
inline qint64 peakResidentKilobytes()
{
    return statusKilobytes("VmHWM");
}

// This process's resident memory (VmRSS), in KiB, as the allocator holds it.
inline qint64 residentKilobytes()
{
    return statusKilobytes("VmRSS");
}

// The same after malloc_trim(0) gave freed memory back: what the process still uses, which
// tells a leak from memory glibc keeps.
inline qint64 trimmedResidentKilobytes()
{
    ::malloc_trim(0);
    return residentKilobytes();
}

// Bytes the allocator has handed out and not had back, over every arena (mallinfo2()), in KiB:
// what the process uses, whatever glibc keeps. malloc_trim() returns the free memory of the main
// arena, but a thread's arena keeps its free top up to glibc's trim threshold (twice the largest
// block recently freed, up to 64 MiB): where trimmed RSS stays up, this tells whether anything
// is still in use.
inline qint64 heapInUseKilobytes()
{
    const struct mallinfo2 info = ::mallinfo2();
    return qint64((info.uordblks + info.hblkhd) / 1024);
}
