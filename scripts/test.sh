#!/usr/bin/env bash
# The project's test command (README "Run the tests"; CI's .ci/run calls exactly this).
# Installs what the tests need on a fresh Debian machine (Python 3.11, root or sudo):
# Debian chromium (real-browser tests) and nginx (URL-survival test), then the package with
# its test extras, then runs pytest. Extra arguments go to pytest (e.g. -m slow, -k crawl).
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" != "0" ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing Debian packages: ${need[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

python3 -m pip install -q --disable-pip-version-check -e '.[test]'
exec python3 -m pytest -q "$@"
