#!/usr/bin/env bash
# The one test command (README; CI's .ci/run calls exactly this). Runs every suite the project
# has, in order; a missing tool is an error, never a skip. Prints a summary line at the end.
#   scripts/test.sh
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ZSW_ROOT"
jobs=$(nproc 2>/dev/null || echo 2)
start=$(date +%s)
passed=0
declare -a timings=()

stage() {  # stage NAME COMMAND...: runs one suite, records its time; set -e stops on failure
  local name="$1"; shift
  local t0=$(date +%s)
  zsw_log "$name"
  "$@"
  timings+=("$(printf '%-34s %4d s' "$name" $(( $(date +%s) - t0 )))")
  passed=$((passed + 1))
}
on_exit() {
  local rc=$?
  if [ "$rc" != 0 ]; then
    printf '%s\n' "${timings[@]}" >&2
    echo "suites: $passed passed, 1 failed" >&2
  fi
}
trap on_exit EXIT

node_suites() {  # every node:test file of a folder; an empty folder is an error
  local files=()
  for d in "$@"; do
    for f in "$d"/*.test.mjs; do [ -e "$f" ] && files+=("$f"); done
  done
  [ ${#files[@]} -gt 0 ] || zsw_die "no test files in $*"
  # One file at a time: each starts its own ZenML server (and browser) on this 2-core machine.
  node --test --test-concurrency=1 "${files[@]}"
}

stage "setup" bash scripts/setup.sh
zsw_need chromium "Debian package chromium"
zsw_need clang++ "Debian package clang"

native() {
  cmake -S . -B build -DCMAKE_BUILD_TYPE=Debug >/dev/null
  cmake --build build -j"$jobs"
  ctest --test-dir build --output-on-failure -j"$jobs"
}
stage "native: GoogleTest" native

sanitized() {
  cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DZSW_SANITIZE=ON >/dev/null
  cmake --build build-asan -j"$jobs"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build-asan --output-on-failure -j"$jobs"
}
stage "native: ASan + UBSan" sanitized

wasm_gtest() {
  bash scripts/build.sh --wasm-tests
  ctest --test-dir build-wasm --output-on-failure -j"$jobs"
}
stage "wasm: module + GoogleTest in node" wasm_gtest

stage "coverage of include/zenml (>= 90%)" bash scripts/coverage.sh 90
stage "fuzz smoke (libFuzzer)" bash scripts/fuzz.sh 10
stage "types: tsc --strict on a usage file" npx --no-install tsc -p tests/types --noEmit
stage "node: package vs real ZenML" node_suites tests/js
stage "live: ZenML 0.98.0 contract" node_suites tests/live
stage "browser: package in Chromium" node_suites tests/browser
stage "e2e: dashboard in Chromium" node_suites tests/e2e
stage "faults: fault matrix, Node + Chromium" node_suites tests/faults
stage "reliability: updates, load, security" node_suites tests/reliability
stage "pack: npm pack, install, Vite build" bash scripts/pack-smoke.sh

printf '%s\n' "${timings[@]}"
echo "all suites passed in $(( $(date +%s) - start )) s"
echo "suites: $passed passed, 0 failed"
