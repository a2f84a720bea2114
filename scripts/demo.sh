#!/usr/bin/env bash
# The main job: install what is missing, build the pramaan binary (only it: the tests are
# scripts/test.sh's), create a development issuer key, issue the sample records in examples/
# and verify every credential issued, then serve.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
pramaan_install_deps
pramaan_build_target build pramaan
cd "$PRAMAAN_ROOT"
exec build/pramaan demo "$@"
