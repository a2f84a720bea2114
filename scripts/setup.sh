#!/usr/bin/env bash
# Shared set-up for scripts/demo.sh and scripts/test.sh: installs the Debian 12 packages the
# build needs when any is missing, then configures and builds into the given directory.
# Usage: source scripts/setup.sh; pramaan_install_deps; pramaan_build DIR [cmake options...]
#        (or pramaan_build_target DIR TARGET)
set -euo pipefail

PRAMAAN_PACKAGES=(
  cmake ninja-build g++ pkg-config
  libsodium-dev libssl-dev nlohmann-json3-dev libmimalloc-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libcairo2-dev libpango1.0-dev libqrencode-dev zlib1g-dev fonts-noto-core
  poppler-utils libpoppler-cpp-dev zbar-tools
  libsqlite3-dev libpq-dev libboost1.81-dev libboost-url1.81-dev libexpat1-dev curl
)

pramaan_install_deps() {
  local missing=()
  for package in "${PRAMAAN_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$package")
    fi
  done
  if [ ${#missing[@]} -eq 0 ]; then
    return 0
  fi
  echo "Installing missing Debian packages: ${missing[*]}"
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# pramaan_configure DIR [cmake options...]
pramaan_configure() {
  local dir="$1"
  shift
  cmake -S "$PRAMAAN_ROOT" -B "$PRAMAAN_ROOT/$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
}

# pramaan_build DIR [cmake options...]: everything, tests and benchmarks included, with
# warnings as errors (the CMake default is off once a build type is chosen, for packagers).
pramaan_build() {
  pramaan_configure "$1" -DPRAMAAN_WERROR=ON "${@:2}"
  cmake --build "$PRAMAAN_ROOT/$1" --parallel "$(nproc)"
}

# pramaan_build_target DIR TARGET: only TARGET and what it needs (the demo needs the binary,
# not the tests: on two cores that is minutes instead of half an hour).
pramaan_build_target() {
  pramaan_configure "$1"
  cmake --build "$PRAMAAN_ROOT/$1" --parallel "$(nproc)" --target "$2"
}

PRAMAAN_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PRAMAAN_ROOT
