#!/usr/bin/env bash
# Runs ob3_schema_test.py with Debian's python3 and python3-jsonschema, installing it when
# missing. Usage: ob3_schema_test.sh PATH/TO/pramaan
set -euo pipefail
if ! /usr/bin/python3 -c "import jsonschema" 2>/dev/null; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3-jsonschema >/dev/null
fi
exec /usr/bin/python3 "$(dirname "${BASH_SOURCE[0]}")/ob3_schema_test.py" "$1"
