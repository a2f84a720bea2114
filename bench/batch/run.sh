#!/usr/bin/env bash
# Batch issuance at scale: N course-completion records (examples/completion.json with
# distinct ids and names) issued by `pramaan issue` to signed, stored credentials with status
# entries, on the demo key and an SQLite registry; timed with /usr/bin/time.
#
#   bench/batch/run.sh [N] [--pdf] [PATH/TO/pramaan]     default N = 1000000, no PDFs
#
# Prints the wall time, rate, CPU and peak resident memory; then checks the result (one
# credential per record in the registry, distinct status positions, one file per credential).
# Needs about 12 KB of disk per record (files and registry), 60 KB with PDFs.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
count=1000000
pdf=0
pramaan="$root/build/pramaan"
for arg in "$@"; do
  case "$arg" in
    --pdf) pdf=1 ;;
    [0-9]*) count="$arg" ;;
    *) pramaan="$arg" ;;
  esac
done
for tool in jq sqlite3 /usr/bin/time; do
  if ! command -v "$tool" >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq jq sqlite3 time >/dev/null
    break
  fi
done

work="$(mktemp -d "${BATCH_WORK_DIR:-/tmp}/pramaan-batch.XXXXXX")"
trap 'rm -rf "$work"' EXIT
"$pramaan" demo --no-serve --dir "$work/demo" --examples "$root/examples" >/dev/null
config="$work/demo/pramaan.json"
if [ "$pdf" = 0 ]; then
  jq 'del(.certificates)' "$config" >"$work/demo/no-pdf.json"
  config="$work/demo/no-pdf.json"
fi

# One JSON line per record; the template's id, learner id and name made distinct.
jq -c '.source_record_id = "@ID@" | .learner.id = "@LEARNER@" | .learner.name = "@NAME@"' \
  "$root/examples/completion.json" >"$work/template.json"
awk -v n="$count" '{ t = $0 } END {
  # The template cut at its three placeholders once; each record is printed from the parts.
  split(t, a, "@ID@"); split(a[2], b, "@LEARNER@"); split(b[2], c, "@NAME@")
  for (i = 0; i < n; i++) {
    printf "%sbench-cc-%08d%sbench-user-%d%sLearner %d%s\n", a[1], i, b[1], i, c[1], i, c[2]
  } }' "$work/template.json" >"$work/records.jsonl"

echo "pramaan issue: $count records, $([ "$pdf" = 1 ] && echo "with" || echo "without") PDFs, $(nproc) cores"
/usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" \
  "$pramaan" issue --config "$config" --registry "$work/registry.sqlite" "$work/records.jsonl" \
  --out "$work/out" >/dev/null
read -r wall user sys rss <"$work/time.txt"
awk -v n="$count" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" 'BEGIN {
  printf "wall %.1f s, %.0f credentials/s, CPU %.1f s user + %.1f s system (%.0f%% of one core), peak RSS %.0f MB\n",
    w, n / w, u, s, 100 * (u + s) / w, r / 1024 }'

# The result: exactly one credential per record, every status position distinct, every file.
read -r stored positions <<<"$(sqlite3 -separator ' ' "$work/registry.sqlite" \
  "SELECT count(*), count(DISTINCT revocation_index) FROM credentials")"
files="$(find "$work/out" -name '*.json' | wc -l)"
echo "registry: $stored credentials, $positions distinct status positions; $files credential files"
[ "$stored" = "$count" ] && [ "$positions" = "$count" ] && [ "$files" = "$count" ] ||
  { echo "the batch result is wrong"; exit 1; }
