#!/usr/bin/env bash
# Builds IPC Lab and runs every test with CTest (headless: QT_QPA_PLATFORM=offscreen).
# On a fresh Debian 12 machine it first installs what is missing (when run as root).
#   ./test.sh              the normal build (build/)
#   ./test.sh --sanitize   the same tests built with AddressSanitizer and UBSan (build-sanitize/):
#                          any memory error, leak or undefined behaviour fails the test it is in
#   ./test.sh --tsan       the same tests built with ThreadSanitizer (build-tsan/): a data race or a
#                          lock-order inversion fails the test it is in (tests/tsan.supp says what
#                          is suppressed and why)
# Other arguments go to ctest, e.g. ./test.sh -R patterns
set -euo pipefail
cd "$(dirname "$0")"

preset=default
case "${1:-}" in
    --sanitize) preset=sanitize; shift ;;
    --tsan) preset=tsan; shift ;;
esac

.ci/install-deps build
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset"
run=()
if [ "$preset" = tsan ] && [ "$(cat /proc/sys/vm/mmap_rnd_bits 2>/dev/null || echo 0)" -gt 28 ]; then
    # GCC 12's ThreadSanitizer expects at most 28 bits of mmap randomisation (more gives
    # "FATAL: ThreadSanitizer: unexpected memory mapping" at start); setarch -R turns the
    # randomisation off for ctest and everything it starts.
    run=(setarch "$(uname -m)" -R)
fi
"${run[@]}" ctest --preset "$preset" "$@"
