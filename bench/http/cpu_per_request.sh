#!/usr/bin/env bash
# Server CPU time per POST /credentials/verify, for comparing builds on a noisy machine:
# throughput moves with whatever else the host runs, the CPU a request costs much less.
#
#   bench/http/cpu_per_request.sh [PATH/TO/pramaan ...]     three 6 s runs per binary, in turn
#   ROUTE=page bench/http/cpu_per_request.sh ...           the same for GET /v/{id} (JSON)
#
# Prints one line per run: microseconds of server CPU (user + system, from /proc/PID/stat)
# per request, and the requests per second wrk saw. Uses the largest NCVET qualification
# credential the demo issues, as bench/http/run.sh does.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
[ $# -gt 0 ] || set -- "$root/build/pramaan"
command -v wrk >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null

work="$(mktemp -d)"
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

"$1" demo --no-serve --dir "$work/demo" --examples "$root/examples" >/dev/null
credential="$(ls -S $(grep -l NSQF "$work"/demo/credentials/*.json) | head -1)"
{ printf '{"verifiableCredential":'; cat "$credential"; printf '}'; } >"$work/body.json"
if [ "${ROUTE:-verify}" = page ]; then
  path="/v/$(basename "$credential" .json)"
  cat >"$work/post.lua" <<LUA
wrk.method = "GET"; wrk.headers["Accept"] = "application/json"
LUA
else
  path="/credentials/verify"
  cat >"$work/post.lua" <<LUA
local f = io.open("$work/body.json"); wrk.body = f:read("*a"); f:close()
wrk.method = "POST"; wrk.headers["Content-Type"] = "application/json"
LUA
fi
ticks_per_second="$(getconf CLK_TCK)"
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

for binary in "$@"; do
  "$binary" serve --config "$work/demo/pramaan.json" --registry "$work/demo/pramaan.sqlite" \
    --port 0 >"$work/serve.out" 2>"$work/serve.err" &
  server_pid=$!
  for _ in $(seq 50); do grep -q "^listening on" "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
  url="$(sed -n 's/^listening on \(http:[^ ]*\).*/\1/p' "$work/serve.out")$path"
  wrk -t2 -c16 -d2s -s "$work/post.lua" "$url" >/dev/null  # warm up
  for _ in 1 2 3; do
    before="$(cpu_ticks "$server_pid")"
    out="$(wrk -t2 -c16 -d6s -s "$work/post.lua" "$url")"
    after="$(cpu_ticks "$server_pid")"
    requests="$(echo "$out" | awk '/requests in/ {print $1}')"
    rps="$(echo "$out" | awk '/Requests\/sec/ {print $2}')"
    awk -v b="$binary" -v t="$((after - before))" -v hz="$ticks_per_second" -v n="$requests" \
      -v r="$rps" 'BEGIN {printf "%s: %.0f us of server CPU per request, %s req/s\n", b, t * 1e6 / hz / n, r}'
  done
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
done
