#!/usr/bin/env bash
# Builds IPC Lab and runs every test with CTest (headless: QT_QPA_PLATFORM=offscreen).
# On a fresh Debian 12 machine it first installs what is missing (when run as root).
set -euo pipefail
cd "$(dirname "$0")"

.ci/install-deps build
cmake --preset default >/dev/null
cmake --build --preset default
ctest --preset default "$@"
