#!/usr/bin/env bash
# Records over HTTP (issue 20): POST /records/batch of N course-completion records into an
# SQLite registry, signed and committed before the answer, with the server's certificate
# worker making the PDFs behind them; beside `pramaan issue` of the same N records (no PDFs)
# in the same run, alternating, ROUNDS times each.
#
#   bench/records/run.sh [N] [ROUNDS] [PATH/TO/pramaan]     default N = 10000, ROUNDS = 3
#
# Prints per round: the CLI's wall time and rate; the batch request's time (curl's total,
# upload included) and rate; and how long after the answer the worker had every PDF stored
# (its rate over the whole time from the request). Then the medians.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
count="${1:-10000}"
rounds="${2:-3}"
pramaan="${3:-$root/build/pramaan}"
for tool in jq sqlite3 curl bc; do
  command -v "$tool" >/dev/null ||
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq jq sqlite3 curl bc >/dev/null
done

work="$(mktemp -d "${BATCH_WORK_DIR:-/tmp}/pramaan-records.XXXXXX")"
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

"$pramaan" demo --no-serve --dir "$work/demo" --examples "$root/examples" >/dev/null
config="$work/demo/pramaan.json"
jq 'del(.certificates)' "$config" >"$work/demo/no-pdf.json"
jq -c '.source_record_id = "@ID@" | .learner.id = "@LEARNER@" | .learner.name = "@NAME@"' \
  "$root/examples/completion.json" >"$work/template.json"
records() {  # PREFIX: N records with distinct ids and names
  awk -v n="$count" -v p="$1" '{ t = $0 } END {
    split(t, a, "@ID@"); split(a[2], b, "@LEARNER@"); split(b[2], c, "@NAME@")
    for (i = 0; i < n; i++) printf "%s%s-%08d%suser-%d%sLearner %d%s\n", a[1], p, i, b[1], i, c[1], i, c[2]
  }' "$work/template.json"
}

token="bench-platform-token-$RANDOM$RANDOM"
echo "records: $count per batch, $rounds rounds, $(nproc) cores"
cli_rates=() http_rates=() pdf_rates=()
for round in $(seq "$rounds"); do
  dir="$work/round-$round"
  mkdir -p "$dir"
  records "cli$round" >"$dir/cli.jsonl"
  records "http$round" >"$dir/http.jsonl"

  start=$(date +%s.%N)
  "$pramaan" issue --config "$work/demo/no-pdf.json" --registry "$dir/cli.sqlite" \
    "$dir/cli.jsonl" --out "$dir/out" >/dev/null 2>"$dir/cli.err"
  cli=$(echo "$(date +%s.%N) - $start" | bc)

  PRAMAAN_PLATFORM_TOKEN="$token" "$pramaan" serve --config "$config" \
    --registry "$dir/http.sqlite" --port 0 >"$dir/server.out" 2>"$dir/server.err" &
  server=$!
  base=""
  for _ in $(seq 100); do
    if IFS= read -r line <"$dir/server.out" && [[ "$line" =~ ^listening\ on\ (http://[0-9.:]+)$ ]]; then
      base="${BASH_REMATCH[1]}"; break
    fi
    sleep 0.1
  done
  [ -n "$base" ] || { echo "the server did not start"; cat "$dir/server.err"; exit 1; }
  start=$(date +%s.%N)
  http=$(curl -s -o "$dir/answer.jsonl" -w '%{time_total}' -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/x-ndjson' --data-binary @"$dir/http.jsonl" "$base/records/batch")
  issued=$(grep -c '"outcome":"issued"' "$dir/answer.jsonl" || true)
  [ "$issued" = "$count" ] || { echo "only $issued of $count issued"; head -3 "$dir/answer.jsonl"; exit 1; }
  stored=$(sqlite3 "$dir/http.sqlite" "SELECT count(*) FROM credentials")
  [ "$stored" = "$count" ] || { echo "the registry holds $stored credentials"; exit 1; }
  # The worker's PDFs: polled until all are stored.
  while [ "$(sqlite3 "$dir/http.sqlite" "SELECT count(*) FROM certificates")" -lt "$count" ]; do
    sleep 0.5
  done
  pdfs=$(echo "$(date +%s.%N) - $start" | bc)
  kill "$server"; wait "$server" 2>/dev/null || true; server=""

  cli_rate=$(echo "$count / $cli" | bc); http_rate=$(echo "$count / $http" | bc)
  pdf_rate=$(echo "$count / $pdfs" | bc)
  printf 'round %d: CLI %.2f s (%d/s); POST /records/batch %.2f s (%d/s, ratio %.2f); all PDFs %.1f s after the request (%d/s)\n' \
    "$round" "$cli" "$cli_rate" "$http" "$http_rate" "$(echo "$http_rate / $cli_rate" | bc -l)" \
    "$pdfs" "$pdf_rate"
  cli_rates+=("$cli_rate") http_rates+=("$http_rate") pdf_rates+=("$pdf_rate")
  rm -rf "$dir"
done
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
echo "medians: CLI $(median "${cli_rates[@]}")/s, POST /records/batch $(median "${http_rates[@]}")/s, PDFs $(median "${pdf_rates[@]}")/s"
