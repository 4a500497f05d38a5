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

# npm packages: reinstall only when the lock file's content changed since the last install (not
# its time: a fresh checkout or a new git worktree gives it a new one).
lock_sum="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ "$(cat node_modules/.zsw-lock-sha256 2>/dev/null)" != "$lock_sum" ]; then
  zsw_log "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_sum" > node_modules/.zsw-lock-sha256
fi

# The real ZenML servers, pinned, each in a virtualenv outside the clone (a fresh CI clone reuses
# them): the newest release for every suite, and the compatibility matrix (docs/compatibility.md).
zenml_python() {
  local c
  for c in python3.11 python3.12 python3.10 python3; do
    if command -v "$c" >/dev/null && "$c" -c 'import sys; sys.exit(not ((3,10) <= sys.version_info[:2] <= (3,12)))' 2>/dev/null; then
      echo "$c"; return 0
    fi
  done
  zsw_die "ZenML needs Python 3.10-3.12 (every release from 0.80.0 on installs there)"
}
venv_ok() {  # venv_ok VERSION: the venv exists and holds exactly that release
  local v="$ZSW_CACHE/venv-$1"
  [ -x "$v/bin/python" ] && "$v/bin/python" -c "import zenml, sys; sys.exit(zenml.__version__ != '$1')" 2>/dev/null
}
make_venv() {  # make_venv VERSION PYTHON: a fresh venv with zenml[server]==VERSION
  local version="$1" py="$2" dest="$ZSW_CACHE/venv-$1"
  rm -rf "$dest"
  "$py" -m venv "$dest"
  "$dest/bin/pip" install -q --upgrade pip
  # Releases before 0.84 import pkg_resources, which setuptools 81 removed; newer ones don't mind.
  "$dest/bin/pip" install -q "zenml[server]==$version" "setuptools<81"
  # a half-made venv fails venv_ok and is made again by the next run
  venv_ok "$version" || zsw_die "venv-$version does not import zenml $version"
}
mkdir -p "$ZSW_CACHE"
want=()
for v in "$ZSW_ZENML_VERSION" $ZSW_COMPAT_VERSIONS; do
  venv_ok "$v" || want+=("$v")
done
if ((${#want[@]})); then
  py="$(zenml_python)"
  zsw_log "creating ZenML virtualenvs in $ZSW_CACHE for: ${want[*]} (a few minutes each, once)"
  # two at a time: pip is mostly waiting on the network, and the machine has two cores
  pids=(); names=()
  for v in "${want[@]}"; do
    ( make_venv "$v" "$py" > "$ZSW_CACHE/venv-$v.log" 2>&1 ) &
    pids+=($!); names+=("$v")
    if ((${#pids[@]} == 2)); then
      for i in 0 1; do wait "${pids[$i]}" || { cat "$ZSW_CACHE/venv-${names[$i]}.log" >&2; zsw_die "venv ${names[$i]} failed"; }; done
      pids=(); names=()
    fi
  done
  for i in "${!pids[@]}"; do wait "${pids[$i]}" || { cat "$ZSW_CACHE/venv-${names[$i]}.log" >&2; zsw_die "venv ${names[$i]} failed"; }; done
  for v in "${want[@]}"; do echo "  zenml $v: $ZSW_CACHE/venv-$v"; done
fi
zsw_log "setup complete"
