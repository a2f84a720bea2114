#!/usr/bin/env bash
# Interoperability with the JavaScript reference stack (Digital Bazaar's jsonld-signatures,
# data-integrity, eddsa-rdfc-2022-cryptosuite and eddsa-jcs-2022-cryptosuite, from the npm
# registry), both ways:
#   1. every credential `pramaan demo` issues (eddsa-rdfc-2022, the default; course
#      completions and NCVET qualifications) verifies in the reference stack holding only the
#      W3C and Open Badges contexts: Pramaan's own context is fetched over HTTP from the
#      running `pramaan serve` and must have the digest the credential pins (issue 18);
#      a tampered credential does not verify;
#   2. credentials the reference stack signs with either suite verify with `pramaan verify`.
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
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
"$pramaan" demo --no-serve --dir "$work/demo" --examples "$root/examples" >/dev/null

# The demo's public server, which publishes the context its credentials name.
"$pramaan" serve --role public --config "$work/demo/pramaan.json" \
  --registry "$work/demo/pramaan.sqlite" --port 0 >"$work/serve.out" 2>"$work/serve.err" &
server_pid=$!
for _ in $(seq 100); do grep -q "^listening on" "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
origin="$(sed -n 's/^listening on \(http:[^ ]*\).*/\1/p' "$work/serve.out")"
[ -n "$origin" ] || { echo "FAIL: pramaan serve did not start"; cat "$work/serve.err"; exit 1; }
base_url="$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1])).base_url)' \
  "$work/demo/pramaan.json")"
headers="$(curl -sS -D - -o "$work/context.jsonld" "$origin/contexts/pramaan/v1")"
grep -qi '^content-type: application/ld+json' <<<"$headers" &&
  grep -qi '^cache-control: public, max-age=31536000, immutable' <<<"$headers" &&
  cmp -s "$work/context.jsonld" "$root/schemas/contexts/pramaan-v1.jsonld" || {
  echo "FAIL: GET /contexts/pramaan/v1 is not the bundled context, long-cached"; echo "$headers"; exit 1; }
echo "ok: the server publishes its context at /contexts/pramaan/v1 (application/ld+json, immutable)"

# From here the reference stack holds only the W3C and Open Badges contexts and fetches the
# rest from the server.
export PRAMAAN_PUBLIC_ONLY=1 PRAMAAN_BASE_URL="$base_url" PRAMAAN_FETCH_FROM="$origin"
count=0
for credential in "$work"/demo/credentials/*.json; do
  out="$(node "$js/verify.mjs" "$credential")" || {
    echo "FAIL: the reference stack rejects $credential: $out"; exit 1; }
  grep -q "fetched and digest-checked: $base_url/contexts/pramaan/v1" <<<"$out" || {
    echo "FAIL: $credential did not have its context fetched and checked: $out"; exit 1; }
  count=$((count + 1))
done
[ "$count" -ge 6 ] || { echo "FAIL: expected at least 6 credentials, got $count"; exit 1; }
grep -l '"NSQF' "$work"/demo/credentials/*.json >/dev/null &&
  grep -L '"NSQF' "$work"/demo/credentials/*.json | grep -q . || {
  echo "FAIL: the demo did not issue both course completions and qualifications"; exit 1; }
echo "ok: $count credentials issued by pramaan (both kinds) verify in the JavaScript reference stack with only public contexts"
# Credentials signed before the context was published name https://w3id.org/pramaan/v1: the
# reference stack is given it locally to check those signatures.
for credential in "$root"/examples/signed/*.credential.json; do
  PRAMAAN_PUBLIC_ONLY=0 node "$js/verify.mjs" "$credential" >/dev/null || {
    echo "FAIL: the reference stack rejects $credential"; exit 1; }
done

first="$(ls "$work"/demo/credentials/*.json | head -1)"
sed 's/"name": "/"name": "X/' "$first" > "$work/tampered.json"
if node "$js/verify.mjs" "$work/tampered.json" >/dev/null; then
  echo "FAIL: the reference stack accepts a tampered credential"; exit 1
fi
echo "ok: a tampered credential fails in the reference stack"

# The same credential signed by pramaan with eddsa-jcs-2022 instead.
node -e 'const fs=require("fs");const c=JSON.parse(fs.readFileSync(process.argv[1]));delete c.proof;fs.writeFileSync(process.argv[2],JSON.stringify(c))' "$first" "$work/unsigned.json"
"$pramaan" sign --key "$work/demo/dev-issuer.key" --cryptosuite eddsa-jcs-2022 "$work/unsigned.json" > "$work/jcs.json"
node "$js/verify.mjs" "$work/jcs.json" >/dev/null || {
  echo "FAIL: the reference stack rejects pramaan's eddsa-jcs-2022 credential"; exit 1; }
echo "ok: pramaan's eddsa-jcs-2022 signature verifies in the reference stack"

for suite in eddsa-rdfc-2022 eddsa-jcs-2022; do
  node "$js/sign.mjs" "$first" "$suite" "$work/js-$suite.json"
  # --offline: the demo credentials name status lists at the demo server, not running here;
  # this compares signatures.
  "$pramaan" verify --offline "$work/js-$suite.json" >/dev/null || {
    echo "FAIL: pramaan rejects a credential the reference stack signed with $suite"; exit 1; }
done
echo "ok: credentials signed by the reference stack (eddsa-rdfc-2022, eddsa-jcs-2022) verify with pramaan"
echo "5 passed, 0 failed"
