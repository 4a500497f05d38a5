#!/usr/bin/env bash
# The one test command (README; CI's .ci/run calls exactly this). Runs every suite the project
# has, in order; a missing tool is an error, never a skip. Prints a summary line at the end.
#   scripts/test.sh              every stage (what CI runs)
#   scripts/test.sh STAGE...     only the named stages, e.g. `scripts/test.sh e2e faults`
#   scripts/test.sh --list       the stage names, in order
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ZSW_ROOT"
jobs=$(nproc 2>/dev/null || echo 2)
start=$(date +%s)
passed=0
current=""
declare -a timings=()

node_suites() {  # every node:test file of a folder; an empty folder is an error
  local files=()
  for d in "$@"; do
    for f in "$d"/*.test.mjs; do [ -e "$f" ] && files+=("$f"); done
  done
  [ ${#files[@]} -gt 0 ] || zsw_die "no test files in $*"
  # One file at a time: each starts its own ZenML server (and browser) on this 2-core machine.
  node --test --test-concurrency=1 "${files[@]}"
}

# The suites below import the package from dist/: a stage run on its own (`scripts/test.sh e2e`)
# rebuilds it first when it is missing or older than a source, instead of testing stale code.
package_suites() {
  local stamp=dist/index.js
  if [ ! -f "$stamp" ] || [ -n "$(find include wasm CMakeLists.txt package.json scripts/build.sh \
      scripts/package-dist.mjs -type f -newer "$stamp" -print -quit)" ]; then
    zsw_log "dist/ is missing or older than its sources: building the package first"
    bash scripts/build.sh --package-only
  fi
  node_suites "$@"
}

# ---- the stages, in the order CI runs them: "id|title|command" --------------------------------
st_setup()     { bash scripts/setup.sh; zsw_need chromium "Debian package chromium"; zsw_need clang++ "Debian package clang"; }
st_format()    { bash scripts/format.sh --check; }
st_lint()      { npx --no-install biome ci --error-on-warnings .; }
st_native() {
  cmake -S . -B build -DCMAKE_BUILD_TYPE=Debug >/dev/null
  cmake --build build -j"$jobs"
  ctest --test-dir build --output-on-failure -j"$jobs"
}
st_asan() {
  cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DZSW_SANITIZE=ON >/dev/null
  cmake --build build-asan -j"$jobs"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build-asan --output-on-failure -j"$jobs"
}
st_wasm() {
  bash scripts/build.sh --wasm-tests
  ctest --test-dir build-wasm --output-on-failure -j"$jobs"
}
st_coverage()    { bash scripts/coverage.sh 90; }
st_fuzz()        { bash scripts/fuzz.sh 10; }
st_types()       { npx --no-install tsc -p tests/types --noEmit && node tests/types/readme.mjs; }
st_node()        { package_suites tests/js; }
st_live()        { package_suites tests/live; }
st_compat()      { package_suites tests/compat; }
st_browser()     { package_suites tests/browser; }
st_e2e()         { package_suites tests/e2e; }
st_faults()      { package_suites tests/faults; }
st_reliability() { package_suites tests/reliability; }
st_pack()        { bash scripts/pack-smoke.sh; }

STAGES=(
  "setup|setup: Debian, npm, ZenML venv|st_setup"
  "format|format: clang-format of the C++|st_format"
  "lint|lint: Biome over all JS (format, lint, imports)|st_lint"
  "native|native: GoogleTest|st_native"
  "asan|native: ASan + UBSan|st_asan"
  "wasm|wasm: module + GoogleTest in node|st_wasm"
  "coverage|coverage of include/zenml (>= 90%)|st_coverage"
  "fuzz|fuzz smoke (libFuzzer)|st_fuzz"
  "types|types: tsc --strict on a usage file and the README's examples|st_types"
  "node|node: package vs real ZenML|st_node"
  "live|live: ZenML 0.98.0 contract|st_live"
  "compat|compat: every matrix release (0.80.2 - 0.98.0) through the package|st_compat"
  "browser|browser: package in Chromium|st_browser"
  "e2e|e2e: dashboard in Chromium|st_e2e"
  "faults|faults: fault matrix, Node + Chromium|st_faults"
  "reliability|reliability: updates, load, security|st_reliability"
  "pack|pack: npm pack, install, Vite build|st_pack"
)

if [ "${1:-}" = "--list" ]; then
  for s in "${STAGES[@]}"; do IFS='|' read -r id title _ <<<"$s"; printf '%-12s %s\n' "$id" "$title"; done
  exit 0
fi

# Which stages: all, or the named ones (an unknown name is an error, not a silent no-op).
declare -a selected=()
if [ $# -eq 0 ]; then
  selected=("${STAGES[@]}")
else
  for want in "$@"; do
    found=""
    for s in "${STAGES[@]}"; do [ "${s%%|*}" = "$want" ] && found="$s"; done
    [ -n "$found" ] || zsw_die "unknown stage '$want' (scripts/test.sh --list)"
    selected+=("$found")
  done
fi

on_exit() {
  local rc=$?
  if [ "$rc" != 0 ]; then
    printf '%s\n' "${timings[@]}" >&2
    echo "failed stage: $current (rerun it alone: scripts/test.sh $current)" >&2
    echo "suites: $passed passed, 1 failed" >&2
  fi
}
trap on_exit EXIT

for s in "${selected[@]}"; do
  IFS='|' read -r id title fn <<<"$s"
  current="$id"
  t0=$(date +%s)
  zsw_log "$title"
  "$fn"
  timings+=("$(printf '%-44s %4d s' "$id: $title" $(( $(date +%s) - t0 )))")
  passed=$((passed + 1))
done

printf '%s\n' "${timings[@]}"
echo "all suites passed in $(( $(date +%s) - start )) s"
echo "suites: $passed passed, 0 failed"
