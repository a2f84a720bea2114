# What the browser tests' scripts share (sourced): installing Chromium, Node and the npm
# packages, and waiting for `pramaan serve --port 0` to say where it listens.
chromium=/usr/bin/chromium
browser_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# The Debian packages not yet installed. Only those: node and npm may come from elsewhere
# (NodeSource's nodejs bundles npm and conflicts with Debian's).
browser_missing() {
  [ -x "$chromium" ] || echo chromium
  command -v node >/dev/null || echo nodejs
  command -v npm >/dev/null || echo npm
}

# Installs what is missing. A lock keeps two test runs (two build trees, or two browser tests)
# from installing (apt-get, npm) at once.
browser_install() {
  (
    flock 9
    packages="$(browser_missing)"
    if [ -n "$packages" ]; then
      sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
      DEBIAN_FRONTEND=noninteractive $sudo apt-get update -qq
      # shellcheck disable=SC2086  # one word per package
      DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $packages >/dev/null
    fi
    cd "$browser_dir" && npm install --no-audit --no-fund --silent >/dev/null
  ) 9>"$browser_dir/.install.lock"
}

# browser_wait_for_server PID OUT_FILE: prints the server's base URL once its first line of
# output ("listening on http://127.0.0.1:PORT") is there; fails if it exits or takes 10 s.
browser_wait_for_server() {
  local pid="$1" out="$2" line
  for _ in $(seq 100); do
    # `read` succeeds only once the whole line, newline included, is there.
    if IFS= read -r line <"$out" &&
       [[ "$line" =~ ^listening\ on\ (http://127\.0\.0\.1:[0-9]+)$ ]]; then
      echo "${BASH_REMATCH[1]}"
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

# browser_workdir: makes $work (a temporary directory) and sets traps that stop the server whose
# process id is in $server (when set) and remove $work, on exit or interruption.
browser_workdir() {
  work="$(mktemp -d)"
  server=""
  trap browser_cleanup EXIT
  trap 'exit 1' INT TERM  # so that the EXIT trap stops the server then too
}
browser_cleanup() {
  if [ -n "${server:-}" ]; then
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  rm -rf "$work"
}
