#!/usr/bin/env bash
# The public verification page (GET /v/{id}) and the learner's page (GET /c/{id}) in a real
# browser: headless Chromium from Debian,
# driven by Playwright (playwright-core from the npm registry), at phone and desktop sizes with
# JavaScript disabled. `pramaan demo` issues the sample credentials, `pramaan serve` serves
# its registry on a free loopback port, and verification_page.mjs checks the pages and keeps
# full-page screenshots (phone-en.png, desktop-en.png, phone-hi.png, ...) in ARTIFACT_DIR.
# Usage: verification_page_test.sh PATH/TO/pramaan ARTIFACT_DIR
set -euo pipefail
pramaan="$1"
artifacts="$2"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
# shellcheck source=browser_setup.sh
source "$here/browser_setup.sh"
browser_install
browser_workdir

"$pramaan" demo --no-serve --dir "$work/demo" --examples "$root/examples" >"$work/demo.out" || {
  echo "FAIL: pramaan demo"; cat "$work/demo.out"; exit 1; }

# Two of the demo's course completions change status, for the pages that say what to do:
# Rahul Mishra's is revoked, Karthik Subramanian's suspended (issue 19).
id_of() {  # the short id of the demo credential whose learner is $1
  basename "$(grep -l "\"name\": \"$1\"" "$work/demo/credentials"/*.json | head -1)" .json
}
export REVOKED_ID SUSPENDED_ID
REVOKED_ID="$(id_of "Rahul Mishra")"
SUSPENDED_ID="$(id_of "Karthik Subramanian")"
status() {  # pramaan status ACTION ID --reason-code CODE --reason TEXT, on the demo's registry
  "$pramaan" status "$1" "$2" --reason-code "$3" --reason "$4" --actor browser-test \
    --registry "$work/demo/pramaan.sqlite" --config "$work/demo/pramaan.json" >/dev/null ||
    { echo "FAIL: pramaan status $1 $2"; exit 1; }
}
status revoke "$REVOKED_ID" issued_in_error "the course was not completed"
status suspend "$SUSPENDED_ID" other "Under review by the issuer"

# A corrected reissue (the old certificate superseded) and one valid for three seconds only
# (expired by the time the pages are opened), from the completion example.
issue() {  # RECORD [MORE pramaan issue ARGS]: prints the new credential's id
  "$pramaan" issue --config "$work/demo/pramaan.json" --registry "$work/demo/pramaan.sqlite" \
    "$@" --out "$work/issued" | cut -f1 | head -1
}
export SUPERSEDED_ID SUCCESSOR_ID EXPIRED_ID TAMPERED_PDF VALID_PDF
record_as() {  # NAME SUFFIX: the completion example for learner NAME, source id + SUFFIX
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    r.learner.name = process.argv[2]; delete r.learner.name_local;
    r.source_record_id += process.argv[3];
    console.log(JSON.stringify(r));' "$root/examples/completion.json" "$1" "$2"
}
record_as "Vikram Rao" -corrected >"$work/original.json"
record_as "Vikram Rao Naidu" -corrected >"$work/corrected.json"
SUPERSEDED_ID="$(issue "$work/original.json")"
SUCCESSOR_ID="$(issue "$work/corrected.json" --replaces "$SUPERSEDED_ID" --reason "name corrected")"
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  r.source_record_id += "-short"; r.valid_until = new Date(Date.now() + 3000).toISOString()
    .replace(/\.\d+Z$/, "Z");
  console.log(JSON.stringify(r));' "$root/examples/completion.json" >"$work/short.json"
EXPIRED_ID="$(issue "$work/short.json")"
[ -n "$SUCCESSOR_ID" ] && [ -n "$EXPIRED_ID" ] || { echo "FAIL: pramaan issue"; exit 1; }
# The PDFs an employer may upload: one as issued, one changed by a byte after signing.
VALID_PDF="$work/demo/credentials/$(id_of "Meenakshi Sundaram").pdf"
TAMPERED_PDF="$work/tampered.pdf"
node -e '
  const fs = require("fs"); const pdf = fs.readFileSync(process.argv[1]);
  const at = pdf.indexOf("/FlateDecode"); pdf[at + 1] = "f".charCodeAt(0);
  fs.writeFileSync(process.argv[2], pdf);' "$VALID_PDF" "$TAMPERED_PDF"
# A course completion issued without its PDF: the public role, serving below, shows its
# learner's page as "PDF still being made" (the issuer role's worker would make it).
node -e '
  const fs = require("fs");
  const c = JSON.parse(fs.readFileSync(process.argv[1], "utf8")); delete c.certificates;
  fs.writeFileSync(process.argv[2], JSON.stringify(c));
  const r = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
  r.source_record_id += "-no-pdf"; r.learner.name = "Farhan Qureshi"; delete r.learner.name_local;
  console.log(JSON.stringify(r));' "$work/demo/pramaan.json" "$work/demo/no-pdf.json" \
  "$root/examples/completion.json" >"$work/no-pdf-record.json"
PENDING_ID="$("$pramaan" issue --config "$work/demo/no-pdf.json" --registry "$work/demo/pramaan.sqlite" \
  "$work/no-pdf-record.json" --out "$work/issued-no-pdf" | cut -f1 | head -1)"
sleep 3

# The learners' links (issue 20), made by `pramaan link` with the key the server is given.
export LINK_KEY VALID_LINK QUALIFICATION_LINK REVOKED_LINK SUSPENDED_LINK SUPERSEDED_LINK \
  PENDING_LINK
LINK_KEY="browser-test-link-key-$RANDOM$RANDOM"
link() {  # ID: the learner's link to it
  PRAMAAN_LINK_KEY="$LINK_KEY" "$pramaan" link "$1" --config "$work/demo/pramaan.json" \
    --registry "$work/demo/pramaan.sqlite" --days 1 || { echo "FAIL: pramaan link $1" >&2; exit 1; }
}
VALID_LINK="$(link "$(id_of "Asha Verma")")"
QUALIFICATION_LINK="$(link "$(id_of "Sumitra Das")")"
REVOKED_LINK="$(link "$REVOKED_ID")"
SUSPENDED_LINK="$(link "$SUSPENDED_ID")"
SUPERSEDED_LINK="$(link "$SUPERSEDED_ID")"
PENDING_LINK="$(link "$PENDING_ID")"

# The public role alone (no key, no certificate worker), as an operator runs it in front.
PRAMAAN_LINK_KEY="$LINK_KEY" "$pramaan" serve --role public --config "$work/demo/pramaan.json" \
  --registry "$work/demo/pramaan.sqlite" --port 0 >"$work/server.out" 2>"$work/server.err" &
server=$!
base="$(browser_wait_for_server "$server" "$work/server.out")" || {
  echo "FAIL: pramaan serve did not start"; cat "$work/server.out" "$work/server.err"; exit 1; }

mkdir -p "$artifacts"
rm -f "$artifacts"/*.png
failed=0
node "$here/verification_page.mjs" "$base" "$work/demo" "$root/examples" "$artifacts" || failed=1
node "$here/learner_page.mjs" "$base" "$work/demo" "$artifacts" || failed=1
exit "$failed"
