# Sourced by the other scripts: paths and the environment every step needs.
# shellcheck shell=bash
ZSW_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ZSW_ZENML_VERSION="0.98.0"   # the newest release: every suite runs against it
# The compatibility matrix (scripts/test.sh compat, docs/compatibility.md): one release per range
# of server rules, each in its own cached virtualenv.
ZSW_COMPAT_VERSIONS="${ZSW_COMPAT_VERSIONS-0.80.2 0.82.1 0.83.0 0.83.1 0.85.0 0.90.0 0.93.0 0.93.3 0.95.0}"
ZSW_CACHE="${ZSW_CACHE:-$HOME/.cache/zenml-services-wasm}"
ZSW_VENV="${ZSW_VENV:-$ZSW_CACHE/venv-$ZSW_ZENML_VERSION}"
# Debian's emscripten needs Debian's node-acorn at -O2 and above; nodesource's node does not
# search /usr/share/nodejs by itself (docs/toolchain.md §1).
export NODE_PATH="/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}"
export ZSW_ROOT ZSW_CACHE ZSW_VENV ZSW_ZENML_VERSION ZSW_COMPAT_VERSIONS

zsw_log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
zsw_die() { printf '\033[31merror:\033[0m %s\n' "$*" >&2; exit 1; }
zsw_need() {  # zsw_need TOOL HINT: a missing tool is an error, never a silent skip
  command -v "$1" >/dev/null 2>&1 || zsw_die "required tool '$1' not found ($2). Run scripts/setup.sh."
}
