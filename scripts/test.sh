#!/usr/bin/env bash
# The one test command (README; CI's .ci/run calls exactly this). Runs every suite the project
# has; any missing tool is an error, never a skip.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ZSW_ROOT"
jobs=$(nproc 2>/dev/null || echo 2)
start=$(date +%s)

bash scripts/setup.sh

zsw_log "native: build + GoogleTest"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build build -j"$jobs"
ctest --test-dir build --output-on-failure -j"$jobs"

zsw_log "native: AddressSanitizer + UndefinedBehaviorSanitizer"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DZSW_SANITIZE=ON >/dev/null
cmake --build build-asan -j"$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-asan --output-on-failure -j"$jobs"

zsw_log "wasm: module + GoogleTest under node"
bash scripts/build.sh --wasm-tests
ctest --test-dir build-wasm --output-on-failure -j"$jobs"

zsw_log "all suites passed in $(( $(date +%s) - start )) s"
