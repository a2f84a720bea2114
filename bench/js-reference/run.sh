#!/usr/bin/env bash
# Side by side: pramaan and the JavaScript reference stack on the same credential, same run.
# Needs Node.js and the npm registry (packages are installed here, not by the build).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
count="${1:-2000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$here" && npm install --no-audit --no-fund --silent >/dev/null)
"$root/build/pramaan" demo --no-serve --dir "$work/demo" --examples "$root/examples" >/dev/null
credential="$(ls "$work"/demo/credentials/*.json | head -1)"
node "$here/bench.mjs" "$credential" "$count"
"$root/build/pramaan" bench sign --cryptosuite eddsa-jcs-2022 --count $((count * 10))
"$root/build/pramaan" bench verify --cryptosuite eddsa-jcs-2022 --count $((count * 10))
