#!/usr/bin/env bash
# C++ formatting with the project's .clang-format (Debian's clang-format 14).
#   scripts/format.sh           rewrite every C++ file of the project in place
#   scripts/format.sh --check   list the files that differ and fail (scripts/test.sh's format stage)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ZSW_ROOT"
zsw_need clang-format "Debian package clang-format"
mapfile -t files < <(git ls-files '*.hpp' '*.cpp' '*.h' '*.cc')
[ ${#files[@]} -gt 0 ] || zsw_die "no C++ files found"
if [ "${1:-}" = "--check" ]; then
  bad=()
  for f in "${files[@]}"; do
    clang-format --style=file "$f" | cmp -s - "$f" || bad+=("$f")
  done
  if ((${#bad[@]})); then
    printf 'not formatted: %s\n' "${bad[@]}" >&2
    zsw_die "${#bad[@]} C++ file(s) differ from .clang-format; run scripts/format.sh"
  fi
  echo "format: ${#files[@]} C++ files match .clang-format"
else
  clang-format --style=file -i "${files[@]}"
fi
