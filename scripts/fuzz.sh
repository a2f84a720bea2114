#!/usr/bin/env bash
# Fuzzes one libFuzzer target (tests/fuzz/fuzz_targets.cmake) for SECONDS of CPU time, from its
# committed seeds, in a clang build tree with AddressSanitizer and UndefinedBehaviorSanitizer:
#
#   scripts/fuzz.sh TARGET [SECONDS=600]      e.g. scripts/fuzz.sh csv_fuzz 600
#
# The working corpus grows in build-fuzz/corpus/TARGET (the committed seeds stay as they are).
# A crash leaves build-fuzz/crash-* and stops the run: copy the file to
# tests/fuzz/crashes/TARGET/ with the fix, so that ctest replays it forever after.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="${1:?usage: scripts/fuzz.sh TARGET [SECONDS]}"
seconds="${2:-600}"
command -v clang++ >/dev/null || apt-get install -y clang libclang-rt-14-dev
if [[ ! -f "$root/build-fuzz/build.ninja" ]]; then
  CC=clang CXX=clang++ cmake -S "$root" -B "$root/build-fuzz" -G Ninja -DPRAMAAN_FUZZ=ON \
    -DPRAMAAN_WERROR=OFF -DBUILD_TESTING=OFF
fi
cmake --build "$root/build-fuzz" --target "$target"
corpus="$root/build-fuzz/corpus/$target"
mkdir -p "$corpus"
cd "$root/build-fuzz"
# -max_total_time counts wall time; with one job on an idle core that is CPU time.
exec "$root/build-fuzz/tests/fuzz/$target" -max_total_time="$seconds" -max_len=65536 \
  -print_final_stats=1 "$corpus" "$root/tests/fuzz/corpus/$target"
