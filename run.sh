#!/usr/bin/env bash
# Builds IPC Lab and starts it. With no display it runs `ipclab --demo` in the terminal instead.
# On a fresh Debian 12 machine it first installs what is missing (when run as root).
# Arguments go to ipclab, e.g. ./run.sh --lang zh_CN
set -euo pipefail
cd "$(dirname "$0")"

.ci/install-deps run
cmake --preset default >/dev/null
cmake --build --preset default

if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
    echo "No display here, so IPC Lab runs its demo in the terminal: every pattern once, one JSON line per message."
    echo "To get the windows, run ./run.sh in a desktop session (X11 or Wayland), or over 'ssh -X'."
    echo
    exec env QT_QPA_PLATFORM=offscreen build/bin/ipclab --demo "$@"
fi
exec build/bin/ipclab "$@"
