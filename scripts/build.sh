#!/usr/bin/env bash
# Builds the wasm module and the npm package in dist/ (and, unless --package-only, the native tests).
#   scripts/build.sh                 native (build/) + wasm (build-wasm/) + dist/
#   scripts/build.sh --package-only  wasm + dist/ only (npm prepack)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ZSW_ROOT"
package_only=0
native=1
case "${1:-}" in
  --package-only) package_only=1; native=0 ;;
  --wasm-tests) native=0 ;;   # wasm module + wasm gtest suites (scripts/test.sh builds native itself)
esac
jobs=$(nproc 2>/dev/null || echo 2)

zsw_need cmake "Debian package cmake"
zsw_need emcmake "Debian package emscripten"

if [ "$native" = 1 ]; then
  zsw_log "native build (build/)"
  cmake -S . -B build -DCMAKE_BUILD_TYPE=Debug >/dev/null
  cmake --build build -j"$jobs"
fi

zsw_log "wasm build (build-wasm/)"
# emcmake's default emulator adds --experimental-wasm-threads, which node 20 rejects (docs/toolchain.md §1).
emcmake cmake -S . -B build-wasm -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_CROSSCOMPILING_EMULATOR=/usr/bin/node >/dev/null
if [ "$package_only" = 1 ]; then
  cmake --build build-wasm -j"$jobs" --target zenml_services zenml_services_single
else
  cmake --build build-wasm -j"$jobs"
fi

if [ -f wasm/index.js ]; then
  zsw_log "package (dist/)"
  node scripts/package-dist.mjs
fi
