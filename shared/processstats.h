#pragma once

#include <QtGlobal>

#include <cstdio>

// This process's peak resident memory (VmHWM in /proc/self/status), in KiB; 0 without /proc.
// For the load figures: tst_load reads main's, the renderers' agents report theirs.
inline qint64 peakResidentKilobytes()
{
    std::FILE *status = std::fopen("/proc/self/status", "r");
    if (!status)
        return 0;
    char line[256];
    long long kilobytes = 0;
    while (std::fgets(line, sizeof line, status)) {
        if (std::sscanf(line, "VmHWM: %lld kB", &kilobytes) == 1)
            break;
    }
    std::fclose(status);
    return kilobytes;
}
