#!/usr/bin/env bash
# Installs what a fresh machine lacks: Debian packages, npm packages, the ZenML virtualenv.
# Idempotent, and quick (a few checks) when everything is present.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ZSW_ROOT"

DEB_PACKAGES=(emscripten cmake g++ make nlohmann-json3-dev googletest libgtest-dev chromium
              clang clang-format libclang-rt-14-dev lcov curl python3-venv)
missing=()
for p in "${DEB_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  zsw_log "installing Debian packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${missing[@]}"
fi

zsw_need node "Node.js 20+ is expected on the machine"
zsw_need npm "comes with Node.js"
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 20 ] || zsw_die "Node.js >= 20 needed, found $(node --version)"

# npm packages: reinstall only when the lock file changed since the last install.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  zsw_log "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi

# The real ZenML server, pinned, in a virtualenv outside the clone (a fresh CI clone reuses it).
if [ ! -x "$ZSW_VENV/bin/python" ] || ! "$ZSW_VENV/bin/python" -c "import zenml, sys; sys.exit(zenml.__version__ != '$ZSW_ZENML_VERSION')" 2>/dev/null; then
  py=""
  for c in python3.11 python3.12 python3.10 python3.13 python3; do
    if command -v "$c" >/dev/null && "$c" -c 'import sys; sys.exit(not ((3,10) <= sys.version_info[:2] <= (3,13)))' 2>/dev/null; then py="$c"; break; fi
  done
  [ -n "$py" ] || zsw_die "ZenML $ZSW_ZENML_VERSION needs Python 3.10-3.13"
  zsw_log "creating $ZSW_VENV with zenml[server]==$ZSW_ZENML_VERSION (takes a few minutes once)"
  rm -rf "$ZSW_VENV"
  "$py" -m venv "$ZSW_VENV"
  "$ZSW_VENV/bin/pip" install -q --upgrade pip
  "$ZSW_VENV/bin/pip" install -q "zenml[server]==$ZSW_ZENML_VERSION"
  "$ZSW_VENV/bin/python" -c "import zenml; print('zenml', zenml.__version__)"
fi
zsw_log "setup complete"
