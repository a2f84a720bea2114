#!/usr/bin/env bash
# POST /credentials/verify, two binaries compared on a noisy machine: both servers run at
# once and short wrk runs alternate between them (A B, B A, A B, ...), so that whatever else
# the host runs weighs on both alike; the figure to quote is the median of the per-pair ratios.
#
#   bench/http/paired_ab.sh OLD/pramaan NEW/pramaan       both verify OLD's demo credential
#   OWN_DEMO=1 bench/http/paired_ab.sh OLD NEW            each verifies its own demo's
#   PAIRS=30 SECONDS_PER_RUN=1 ...                        (defaults 20 and 1)
#
# Prints each binary's median requests per second and server CPU per request (user + system
# from /proc/PID/stat), and the medians of the paired ratios NEW/OLD (throughput) and OLD/NEW
# (CPU). The credential is the largest NCVET qualification the demo issues, as in run.sh.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
[ $# -eq 2 ] || { echo "usage: $0 OLD_BINARY NEW_BINARY" >&2; exit 2; }
command -v wrk >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
pairs="${PAIRS:-20}"
seconds="${SECONDS_PER_RUN:-1}"
work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT

# BINARY DIR: a demo issued by BINARY (its own checkout's examples when it sits in one), the
# request body and the wrk script, in DIR.
prepare() {
  local binary="$1" dir="$2" examples="$root/examples"
  [ -f "$(dirname "$1")/../examples/completion.json" ] && examples="$(dirname "$1")/../examples"
  mkdir -p "$dir"
  "$binary" demo --no-serve --dir "$dir/demo" --examples "$examples" >/dev/null
  local credential
  credential="$(ls -S $(grep -l NSQF "$dir"/demo/credentials/*.json) | head -1)"
  { printf '{"verifiableCredential":'; cat "$credential"; printf '}'; } >"$dir/body.json"
  cat >"$dir/post.lua" <<LUA
local f = io.open("$dir/body.json"); wrk.body = f:read("*a"); f:close()
wrk.method = "POST"; wrk.headers["Content-Type"] = "application/json"
LUA
}

# BINARY DIR: serves DIR's demo; sets url and pid.
serve() {
  chmod 600 "$2"/demo/pramaan.sqlite*
  "$1" serve --config "$2/demo/pramaan.json" --registry "$2/demo/pramaan.sqlite" --port 0 \
    >"$2/serve.out" 2>"$2/serve.err" &
  pid=$!
  pids+=("$pid")
  for _ in $(seq 50); do grep -q "^listening on" "$2/serve.out" 2>/dev/null && break; sleep 0.1; done
  url="$(sed -n 's/^listening on \(http:[^ ]*\).*/\1/p' "$2/serve.out")/credentials/verify"
}

prepare "$1" "$work/a"
if [ "${OWN_DEMO:-0}" = 1 ]; then
  prepare "$2" "$work/b"
else
  mkdir -p "$work/b"
  cp -r "$work/a/demo" "$work/b/demo"  # the NEW binary migrates its copy of the registry
  cp "$work/a/body.json" "$work/a/post.lua" "$work/b/"
fi
serve "$1" "$work/a"; url_a="$url"; pid_a="$pid"
serve "$2" "$work/b"; url_b="$url"; pid_b="$pid"

ticks_per_second="$(getconf CLK_TCK)"
# URL PID DIR: one run; prints "requests/s µs-of-CPU-per-request".
run() {
  local before after out
  before="$(awk '{print $14 + $15}' "/proc/$2/stat")"
  out="$(wrk -t2 -c16 -d"${4:-$seconds}"s -s "$3/post.lua" "$1")"
  after="$(awk '{print $14 + $15}' "/proc/$2/stat")"
  echo "$out" | awk -v t="$((after - before))" -v hz="$ticks_per_second" '
    /requests in/ {n = $1} /Requests\/sec/ {r = $2} /Non-2xx/ {bad = $NF}
    END {if (bad > 0) {print "non-2xx answers" > "/dev/stderr"; exit 1}
         printf "%s %.1f\n", r, t * 1e6 / hz / n}'
}
run "$url_a" "$pid_a" "$work/a" 2 >/dev/null  # warm up
run "$url_b" "$pid_b" "$work/b" 2 >/dev/null
for i in $(seq "$pairs"); do
  if [ $((i % 2)) = 1 ]; then
    a="$(run "$url_a" "$pid_a" "$work/a")"; b="$(run "$url_b" "$pid_b" "$work/b")"
  else
    b="$(run "$url_b" "$pid_b" "$work/b")"; a="$(run "$url_a" "$pid_a" "$work/a")"
  fi
  echo "$a $b"
done >"$work/pairs"
python3 - "$1" "$2" "$work/pairs" <<'PY'
import statistics, sys
rows = [list(map(float, line.split())) for line in open(sys.argv[3]) if line.strip()]
rate_a, cpu_a, rate_b, cpu_b = (list(column) for column in zip(*rows))
med = statistics.median
print(f"OLD {sys.argv[1]}: {med(rate_a):.0f} req/s, {med(cpu_a):.0f} us of server CPU per request (medians)")
print(f"NEW {sys.argv[2]}: {med(rate_b):.0f} req/s, {med(cpu_b):.0f} us of server CPU per request (medians)")
print(f"NEW/OLD over {len(rows)} pairs: throughput {med([b / a for a, b in zip(rate_a, rate_b)]):.3f}, "
      f"CPU per request OLD/NEW {med([a / b for a, b in zip(cpu_a, cpu_b)]):.3f} (medians of the paired ratios)")
PY
