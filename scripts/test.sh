#!/usr/bin/env bash
# The whole test suite: install what is missing, build, run every test; then build again with
# AddressSanitizer and UndefinedBehaviorSanitizer and run every test once more.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
pramaan_install_deps

echo "== build (RelWithDebInfo) and test"
pramaan_build build
(cd "$PRAMAAN_ROOT/build" && ctest --output-on-failure --parallel "$(nproc)")

echo "== build with AddressSanitizer + UndefinedBehaviorSanitizer and test"
pramaan_build build-asan -DPRAMAAN_SANITIZE=ON
(cd "$PRAMAAN_ROOT/build-asan" &&
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  LSAN_OPTIONS=suppressions=$PRAMAAN_ROOT/tests/lsan.supp \
  ctest --output-on-failure --parallel "$(nproc)")
