#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan+UBSan) and runs each for N seconds (default 60).
#   scripts/fuzz.sh [seconds]
# New inputs go to a scratch corpus under build-fuzz/, seeded from tests/fuzz/corpus/ and the
# fixtures; the committed folders are only read. A crash fails the script and leaves the
# reproducer in build-fuzz/artifacts/.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ZSW_ROOT"
secs="${1:-60}"
zsw_need clang++ "Debian package clang"
cmake -S . -B build-fuzz -DZSW_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-fuzz -j"$(nproc)" --target $(cd tests/fuzz && ls *_fuzz.cpp | sed 's/\.cpp$//' | tr '\n' ' ')
mkdir -p build-fuzz/artifacts
for src in tests/fuzz/*_fuzz.cpp; do
  name=$(basename "$src" .cpp)
  corpus="build-fuzz/corpus/$name"
  mkdir -p "$corpus"
  seeds=(tests/fixtures tests/fixtures/live tests/fixtures/errors)
  [ -d "tests/fuzz/corpus/$name" ] && seeds=("tests/fuzz/corpus/$name" "${seeds[@]}")
  dict=(); [ -f "tests/fuzz/$name.dict" ] && dict=(-dict="tests/fuzz/$name.dict")
  zsw_log "fuzz $name for ${secs}s"
  set +e
  "./build-fuzz/$name" "$corpus" "${seeds[@]}" "${dict[@]}" -max_total_time="$secs" \
    -artifact_prefix=build-fuzz/artifacts/ -print_final_stats=1 >"build-fuzz/$name.log" 2>&1
  rc=$?
  set -e
  # -a: the log holds the recommended dictionary's raw bytes; libFuzzer separates "#N" and "DONE" by a tab
  grep -a -E "^(#[0-9]+[[:space:]]+DONE|stat::number_of_executed_units|stat::peak_rss)" "build-fuzz/$name.log" | tail -3 || true
  if [ "$rc" != 0 ] || ls build-fuzz/artifacts/ 2>/dev/null | grep -q .; then
    tail -40 "build-fuzz/$name.log" >&2
    zsw_die "fuzzer $name failed (exit $rc); reproducer in build-fuzz/artifacts/"
  fi
done
