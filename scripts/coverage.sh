#!/usr/bin/env bash
# Line coverage of the core (include/zenml/) by the native GoogleTest suites.
#   scripts/coverage.sh [min-percent]   fails when below min-percent (default 90)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ZSW_ROOT"
min="${1:-90}"
zsw_need lcov "Debian package lcov"
cmake -S . -B build-cov -DCMAKE_BUILD_TYPE=Debug -DZSW_COVERAGE=ON >/dev/null
cmake --build build-cov -j"$(nproc)"
find build-cov -name '*.gcda' -delete
ctest --test-dir build-cov -j"$(nproc)" >/dev/null
lcov --quiet --capture --directory build-cov --output-file build-cov/all.info 2>/dev/null
lcov --quiet --extract build-cov/all.info "$ZSW_ROOT/include/zenml/*" --output-file build-cov/core.info 2>/dev/null
lcov --list build-cov/core.info | sed -n '1,40p'
pct=$(lcov --summary build-cov/core.info 2>&1 | sed -n 's/.*lines\.*: \([0-9.]*\)%.*/\1/p')
echo "core line coverage: ${pct}% (minimum ${min}%)"
awk -v p="$pct" -v m="$min" 'BEGIN { exit !(p >= m) }' || zsw_die "coverage ${pct}% is below ${min}%"
