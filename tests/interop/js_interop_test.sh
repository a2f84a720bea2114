#!/usr/bin/env bash
# Interoperability with the JavaScript reference stack (Digital Bazaar's jsonld-signatures,
# data-integrity and eddsa-jcs-2022-cryptosuite, from the npm registry), both ways:
#   1. every credential `pramaan demo` issues verifies in the reference stack, and a tampered
#      one does not;
#   2. a credential the reference stack signs verifies with `pramaan verify`.
# Usage: js_interop_test.sh PATH/TO/pramaan
set -euo pipefail
pramaan="$1"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
js="$root/bench/js-reference"

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq nodejs npm >/dev/null
fi
# A lock prevents two build trees' test runs from installing into the same folder at once.
(flock 9; cd "$js" && npm install --no-audit --no-fund --silent >/dev/null) 9>"$js/.install.lock"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$pramaan" demo --dir "$work/demo" --examples "$root/examples" >/dev/null

count=0
for credential in "$work"/demo/credentials/*.json; do
  node "$js/verify.mjs" "$credential" >/dev/null || {
    echo "FAIL: the reference stack rejects $credential"; exit 1; }
  count=$((count + 1))
done
[ "$count" -ge 6 ] || { echo "FAIL: expected at least 6 credentials, got $count"; exit 1; }
echo "ok: $count credentials issued by pramaan verify in the JavaScript reference stack"

first="$(ls "$work"/demo/credentials/*.json | head -1)"
sed 's/"name": "/"name": "X/' "$first" > "$work/tampered.json"
if node "$js/verify.mjs" "$work/tampered.json" >/dev/null; then
  echo "FAIL: the reference stack accepts a tampered credential"; exit 1
fi
echo "ok: a tampered credential fails in the reference stack"

PRAMAAN_JS_SIGNED_OUT="$work/js-signed.json" node "$js/bench.mjs" "$first" 1 >/dev/null
"$pramaan" verify "$work/js-signed.json" >/dev/null || {
  echo "FAIL: pramaan rejects a credential signed by the reference stack"; exit 1; }
echo "ok: a credential signed by the reference stack verifies with pramaan"
echo "3 passed, 0 failed"
