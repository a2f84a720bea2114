#!/usr/bin/env bash
# The main job: install what is missing, build, create a development issuer key, issue the
# sample records in examples/ and verify every credential issued.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
pramaan_install_deps
pramaan_build build
cd "$PRAMAAN_ROOT"
exec build/pramaan demo "$@"
