#!/usr/bin/env bash
# Load on `pramaan serve` with wrk (Debian), against nginx (Debian) serving a static file of
# the same size, measured alternately in the same run so a noisy machine hits both alike.
#
#   bench/http/run.sh [PATH/TO/pramaan]            page and verify throughput (about 4 min)
#   SOAK_SECONDS=600 bench/http/run.sh --soak      ten minutes of mixed load, memory sampled
#
# Prints one line per run and the medians; results go in docs/BENCHMARKS.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
soak=0
if [ "${1:-}" = "--soak" ]; then soak=1; shift; fi
pramaan="${1:-$root/build/pramaan}"
rounds="${ROUNDS:-5}"
seconds="${SECONDS_PER_RUN:-8}"
connections="${CONNECTIONS:-16}"

for tool in wrk nginx curl; do
  if ! command -v "$tool" >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx-light curl >/dev/null
    break
  fi
done

work="$(mktemp -d)"
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  [ -f "$work/nginx/nginx.pid" ] && kill "$(cat "$work/nginx/nginx.pid")" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

"$pramaan" demo --no-serve --dir "$work/demo" --examples "$root/examples" >/dev/null
"$pramaan" serve --config "$work/demo/pramaan.json" --registry "$work/demo/pramaan.sqlite" \
  --port 0 >"$work/serve.out" 2>"$work/serve.err" &
server_pid=$!
for _ in $(seq 50); do grep -q "^listening on" "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
port="$(sed -n 's/^listening on http:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$work/serve.out")"
[ -n "$port" ] || { echo "the server did not start"; cat "$work/serve.err"; exit 1; }
base="http://127.0.0.1:$port"

# The largest course-completion credential and the largest NCVET qualification the demo
# issued: the worst case of each kind (a qualification carries more: NSQF level, NQR code,
# credits, assessment).
largest() { ls -S "$@" | head -1; }
course="$(largest $(grep -L NSQF "$work"/demo/credentials/*.json))"
qualification="$(largest $(grep -l NSQF "$work"/demo/credentials/*.json))"
id="$(basename "$course" .json)"
page="$base/v/$id"
curl -sf -H 'Accept: application/json' "$page" >"$work/page.json"
for kind in course qualification; do
  file="${!kind}"
  { printf '{"verifiableCredential":'; cat "$file"; printf '}'; } >"$work/verify-$kind.json"
  curl -sf -o /dev/null -X POST -H 'Content-Type: application/json' \
    --data-binary @"$work/verify-$kind.json" "$base/credentials/verify" ||
    { echo "POST /credentials/verify does not answer 200 for $file"; exit 1; }
  cat >"$work/post-$kind.lua" <<LUA
local f = io.open("$work/verify-$kind.json"); wrk.body = f:read("*a"); f:close()
wrk.method = "POST"; wrk.headers["Content-Type"] = "application/json"
LUA
done

# nginx serving a static file of the same size as the page's JSON.
mkdir -p "$work/nginx/www" "$work/nginx/tmp"
chmod 755 "$work" "$work/nginx" "$work/nginx/www"  # nginx workers run as nobody
cp "$work/page.json" "$work/nginx/www/page.json"
cat >"$work/nginx/nginx.conf" <<CONF
worker_processes auto;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  types { application/json json; }
  client_body_temp_path $work/nginx/tmp;
  proxy_temp_path $work/nginx/tmp;
  fastcgi_temp_path $work/nginx/tmp;
  uwsgi_temp_path $work/nginx/tmp;
  scgi_temp_path $work/nginx/tmp;
  keepalive_requests 1000000;
  server { listen 127.0.0.1:0; root $work/nginx/www; }
}
CONF
nginx_port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
sed -i "s/127.0.0.1:0;/127.0.0.1:$nginx_port;/" "$work/nginx/nginx.conf"
nginx -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log"
for _ in $(seq 50); do curl -sf -o /dev/null "http://127.0.0.1:$nginx_port/page.json" && break; sleep 0.1; done
static="http://127.0.0.1:$nginx_port/page.json"
[ "$(curl -sf "$static" | wc -c)" = "$(wc -c <"$work/page.json")" ] || { echo "nginx is not serving"; exit 1; }


rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$server_pid/status"; }
rps() { awk '/^Requests\/sec/ {printf "%d", $2}'; }
p99() { awk '$1 == "99%" {print $2}'; }
errors() { awk '/Non-2xx|Socket errors/ {print}'; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }

echo "pramaan serve on $(nproc) cores, $(grep -m1 "model name" /proc/cpuinfo | cut -d: -f2 | xargs); page body $(wc -c <"$work/page.json") bytes; verify bodies $(wc -c <"$work/verify-course.json") (course) and $(wc -c <"$work/verify-qualification.json") (qualification) bytes; wrk -t2 -c$connections -d${seconds}s"

if [ "$soak" = 1 ]; then
  total="${SOAK_SECONDS:-600}"
  echo "soak: ${total}s of GET /v/{id} (JSON and HTML) and POST /credentials/verify at once"
  echo "second rss_kb"
  wrk -t1 -c8 -d"${total}s" --latency -H 'Accept: application/json' "$page" >"$work/soak-page.txt" &
  w1=$!
  wrk -t1 -c8 -d"${total}s" --latency "$page" >"$work/soak-html.txt" &
  w2=$!
  wrk -t1 -c8 -d"${total}s" --latency -s "$work/post-course.lua" "$base/credentials/verify" >"$work/soak-verify.txt" &
  w3=$!
  for ((t = 0; t <= total; t += 30)); do
    echo "$t $(rss_kb)"
    sleep 30
  done
  wait $w1 $w2 $w3
  for f in page html verify; do
    echo "$f: $(rps <"$work/soak-$f.txt") req/s, p99 $(p99 <"$work/soak-$f.txt") $(errors <"$work/soak-$f.txt")"
  done
  echo "rss at the end: $(rss_kb) kB"
  exit 0
fi

: >"$work/static"; : >"$work/page"
for kind in course qualification; do : >"$work/verify-$kind"; : >"$work/p99-$kind"; done
for round in $(seq "$rounds"); do
  s="$(wrk -t2 -c"$connections" -d"${seconds}s" "$static" | rps)"
  out="$(wrk -t2 -c"$connections" -d"${seconds}s" -H 'Accept: application/json' "$page")"
  p="$(echo "$out" | rps)"; problems="$(echo "$out" | errors)"
  echo "$s" >>"$work/static"; echo "$p" >>"$work/page"
  line="round $round: nginx static $s/s, GET /v/{id} JSON $p/s (ratio $(awk "BEGIN {printf \"%.2f\", $p/$s}"))"
  for kind in course qualification; do
    out="$(wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$work/post-$kind.lua" "$base/credentials/verify")"
    v="$(echo "$out" | rps)"; v99="$(echo "$out" | p99)"; problems="$problems$(echo "$out" | errors)"
    echo "$v" >>"$work/verify-$kind"; echo "$v99" >>"$work/p99-$kind"
    line="$line, verify $kind $v/s p99 $v99"
  done
  echo "$line, rss $(rss_kb) kB ${problems}"
done
ms="$(median <"$work/static")"; mp="$(median <"$work/page")"
echo "median: nginx static $ms/s, GET /v/{id} JSON $mp/s (ratio $(awk "BEGIN {printf \"%.2f\", $mp/$ms}"))"
for kind in course qualification; do
  echo "median: POST /credentials/verify ($kind) $(median <"$work/verify-$kind")/s, p99s: $(tr '\n' ' ' <"$work/p99-$kind")"
done
