#!/usr/bin/env bash
# The awarding console (issue 21) in a real browser: headless Chromium from Debian driven by
# Playwright, with JavaScript off, through the whole maker-checker flow (console.mjs). New
# development keys sign; the example configuration gains an "awarding" section; the first
# administrator comes from `pramaan award user add`, as the README says; `pramaan serve` (the
# issuer and public roles together) serves a fresh registry on a free loopback port.
# Screenshots go to ARTIFACT_DIR (its own directory: this script empties it of PNGs first).
# Usage: console_test.sh PATH/TO/pramaan ARTIFACT_DIR
set -euo pipefail
pramaan="$1"
artifacts="$2"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
# shellcheck source=browser_setup.sh
source "$here/browser_setup.sh"
browser_install
browser_workdir

# The example configuration with its own keys, and an "awarding" section.
mkdir -p "$work/awarding"
"$pramaan" keys generate --out "$work/awarding/dev-issuer.key" >/dev/null
"$pramaan" keys certificate --out-cert "$work/awarding/dev-document-signer.crt.pem" \
  --out-key "$work/awarding/dev-document-signer.key.pem" >/dev/null
node -e '
  const fs = require("fs");
  const c = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
  c.awarding = {awarding_body: {name: "Example Awarding Body", ncvet_recognition_id: "AB-0001"}};
  fs.writeFileSync(process.argv[2], JSON.stringify(c, null, 2));' \
  "$root/examples/pramaan.json" "$work/awarding/console.json"
config="$work/awarding/console.json"
registry="$work/awarding/console.sqlite"
ADMIN_TOKEN="$("$pramaan" award user add --config "$config" --registry "$registry" \
  --name admin --role administrator)" || { echo "FAIL: award user add"; exit 1; }
export ADMIN_TOKEN

"$pramaan" serve --config "$config" --registry "$registry" --port 0 \
  >"$work/server.out" 2>"$work/server.err" &
server=$!
base="$(browser_wait_for_server "$server" "$work/server.out")" || {
  echo "FAIL: pramaan serve did not start"; cat "$work/server.out" "$work/server.err"; exit 1; }

mkdir -p "$artifacts"
rm -f "$artifacts"/*.png
node "$here/console.mjs" "$base" "$root/examples" "$work" "$artifacts"
