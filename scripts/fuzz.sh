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
# libFuzzer's -max_total_time counts wall time, which on a busy machine is not CPU time: the
# fuzzer runs until its own CPU time (user + system, /proc/PID/stat) reaches SECONDS, then gets
# SIGINT, on which libFuzzer prints its final statistics and exits.
ticks_per_second="$(getconf CLK_TCK)"
"$root/build-fuzz/tests/fuzz/$target" -max_total_time=$((seconds * 50)) -max_len=65536 \
  -print_final_stats=1 "$corpus" "$root/tests/fuzz/corpus/$target" &
fuzzer=$!
cpu_seconds() { awk -v hz="$ticks_per_second" '{print int(($14 + $15) / hz)}' "/proc/$fuzzer/stat"; }
while kill -0 "$fuzzer" 2>/dev/null; do
  used="$(cpu_seconds 2>/dev/null || echo 0)"
  if (( used >= seconds )); then
    kill -INT "$fuzzer"
    break
  fi
  sleep 2
done
status=0
wait "$fuzzer" || status=$?
echo "fuzz.sh: $target ran ${used:-0} CPU seconds (exit $status)"
# libFuzzer exits 72 on SIGINT; a crash is any other failure.
(( status == 0 || status == 72 )) || exit "$status"
