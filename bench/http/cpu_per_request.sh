#!/usr/bin/env bash
# Server CPU time per POST /credentials/verify, for comparing builds on a noisy machine:
# throughput moves with whatever else the host runs, the CPU a request costs much less.
#
#   bench/http/cpu_per_request.sh [PATH/TO/pramaan ...]     three 6 s runs per binary, in turn
#   ROUTE=page bench/http/cpu_per_request.sh ...           the same for GET /v/{id} (JSON)
#   SAME_DEMO=1 bench/http/cpu_per_request.sh OLD NEW      every binary serves a copy of the
#                                                          first one's demo: the same credential,
#                                                          keys and trust, so only the code differs
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

# Each binary issues its own demo (its own registry schema and keys): the same examples, so the
# credential verified has the same shape and size for every binary.
prepare() {  # BINARY DIR: the demo, the request body and the wrk script in DIR
  local binary="$1" dir="$2"
  mkdir -p "$dir"
  # A binary inside a checkout (CHECKOUT/build/pramaan) issues that checkout's examples, which
  # its record schemas accept; others issue this one's.
  local examples="$root/examples"
  [ -f "$(dirname "$binary")/../examples/completion.json" ] && examples="$(dirname "$binary")/../examples"
  "$binary" demo --no-serve --dir "$dir/demo" --examples "$examples" >/dev/null
  local credential
  credential="$(ls -S $(grep -l NSQF "$dir"/demo/credentials/*.json) | head -1)"
  { printf '{"verifiableCredential":'; cat "$credential"; printf '}'; } >"$dir/body.json"
  if [ "${ROUTE:-verify}" = page ]; then
    echo "/v/$(basename "$credential" .json)" >"$dir/path"
    cat >"$dir/post.lua" <<LUA
wrk.method = "GET"; wrk.headers["Accept"] = "application/json"
LUA
  else
    echo "/credentials/verify" >"$dir/path"
    cat >"$dir/post.lua" <<LUA
local f = io.open("$dir/body.json"); wrk.body = f:read("*a"); f:close()
wrk.method = "POST"; wrk.headers["Content-Type"] = "application/json"
LUA
  fi
}
ticks_per_second="$(getconf CLK_TCK)"
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

index=0
for binary in "$@"; do
  index=$((index + 1))
  dir="$work/$index"
  if [ "${SAME_DEMO:-0}" = 1 ] && [ "$index" -gt 1 ]; then
    # The first binary's demo, request body and script; this binary's registry migrates the copy.
    cp -r "$work/1" "$dir"
    sed -i "s|$work/1/|$dir/|g" "$dir/post.lua" "$dir/demo/pramaan.json"
    chmod 600 "$dir"/demo/pramaan.sqlite*
  else
    prepare "$binary" "$dir"
  fi
  "$binary" serve --config "$dir/demo/pramaan.json" --registry "$dir/demo/pramaan.sqlite" \
    --port 0 >"$work/serve.out" 2>"$work/serve.err" &
  server_pid=$!
  for _ in $(seq 50); do grep -q "^listening on" "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
  url="$(sed -n 's/^listening on \(http:[^ ]*\).*/\1/p' "$work/serve.out")$(cat "$dir/path")"
  wrk -t2 -c16 -d2s -s "$dir/post.lua" "$url" >/dev/null  # warm up
  for _ in 1 2 3; do
    before="$(cpu_ticks "$server_pid")"
    out="$(wrk -t2 -c16 -d6s -s "$dir/post.lua" "$url")"
    after="$(cpu_ticks "$server_pid")"
    requests="$(echo "$out" | awk '/requests in/ {print $1}')"
    rps="$(echo "$out" | awk '/Requests\/sec/ {print $2}')"
    non2xx="$(echo "$out" | awk '/Non-2xx/ {print $NF}')"
    awk -v b="$binary" -v t="$((after - before))" -v hz="$ticks_per_second" -v n="$requests" \
      -v r="$rps" -v e="${non2xx:-0}" \
      'BEGIN {printf "%s: %.0f us of server CPU per request, %s req/s, %s non-2xx\n", b, t * 1e6 / hz / n, r, e}'
  done
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
done
