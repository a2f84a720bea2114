#!/usr/bin/env bash
# Installs Debian's postgresql package for the registry tests when no initdb is present
# (tests/store/postgres_server.cc runs this). Two test runs (build/ and build-asan/) may call it
# at once: the install runs under a lock, and the second finds the work done.
set -euo pipefail

have_initdb() { compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; }

have_initdb && exit 0

as_root=()
if [ "$(id -u)" -ne 0 ]; then as_root=(sudo -n); fi

echo "Installing Debian's postgresql package for the registry tests" >&2
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
  flock --timeout 900 /var/lock/pramaan-postgresql-install.lock bash -c '
    set -euo pipefail
    compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null && exit 0
    apt_install() {
      apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=600 postgresql >/dev/null
    }
    apt_install || { apt-get update -qq -o DPkg::Lock::Timeout=600 && apt_install; }
  '

if ! have_initdb; then
  echo "postgresql was installed but no /usr/lib/postgresql/*/bin/initdb exists" >&2
  exit 1
fi
