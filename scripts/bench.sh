#!/usr/bin/env bash
# Runs every benchmark of docs/benchmarks.md side by side on this machine and rewrites that page
# (tables + docs/benchmarks.svg). Not part of CI; takes several minutes (most of it seeding
# 10,000 services and rebuilding the size ladder). Starts and stops its own ZenML server.
#   scripts/bench.sh            everything
#   ZSW_BENCH_SKIP=size,live scripts/bench.sh   skip parts (size, decode, memory, startup, fast, live, python)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ZSW_ROOT"
work="$ZSW_ROOT/build-bench"
out="$work/results"
mkdir -p "$out"
skip=",${ZSW_BENCH_SKIP:-},"
want() { [[ "$skip" != *",$1,"* ]]; }

ZSW_COMPAT_VERSIONS="" bash scripts/setup.sh
zsw_need chromium "Debian package chromium"
zsw_log "package (dist/)"
bash scripts/build.sh --package-only

zsw_log "machine"
node -e '
const fs = require("fs"), cp = require("child_process");
const sh = (c) => { try { return cp.execSync(c, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim(); } catch { return "?"; } };
const ver = (p) => { try { return require(`./node_modules/${p}/package.json`).version; } catch { return "?"; } };
const venv = process.env.ZSW_VENV;
fs.writeFileSync(process.argv[1], JSON.stringify({
  date: new Date().toISOString().replace("T", " ").slice(0, 16) + " UTC",
  cpu: sh("grep -m1 \"model name\" /proc/cpuinfo | cut -d: -f2-"), nproc: sh("nproc"),
  mem: sh("free -h | awk \"/^Mem:/ {print \\$2 \\\" total, \\\" \\$7 \\\" available\\\"}\""),
  load: sh("cut -d\" \" -f1-3 /proc/loadavg"), node: process.version,
  chromium: sh("chromium --version 2>/dev/null"), playwright: ver("playwright-core"),
  emscripten: sh("em++ --version | head -1"),
  zenml: sh(`${venv}/bin/python -c "import zenml; print(zenml.__version__)"`), python: sh(`${venv}/bin/python --version`),
  zod: ver("zod"), openapiFetch: ver("openapi-fetch"), openapiTypescript: ver("openapi-typescript"),
}, null, 1));' "$out/env.json"

if want size; then zsw_log "size ladder"; node bench/size.mjs "$work" "$out/size.json"; fi
if want decode; then
  zsw_log "the response scanner alone (bench/validate_bench.cpp)"
  # the flags wasm/CMakeLists.txt gives hot_path.cpp; nlohmann from the folder the wasm build stages
  em++ -std=c++17 -O2 -sINLINING_LIMIT=0 -flto -DNDEBUG -DJSON_NOEXCEPTION=1 -fno-exceptions \
    -Iinclude -Ibuild-wasm/_nlohmann_include bench/validate_bench.cpp -sSTANDALONE_WASM --no-entry \
    -sALLOW_MEMORY_GROWTH=1 -o "$work/validate_bench.wasm"
  zsw_log "decode: Node"; node bench/decode-node.mjs "$out/decode-node.json"
  zsw_log "decode: Chromium"; node bench/browser.mjs decode "$out/decode-chromium.json"
fi
if want memory; then zsw_log "memory"; node bench/run-memory.mjs "$work/memory" "$out/memory.json"; fi
if want fast; then
  zsw_log "client's share, fast server: Node"; node bench/fast-node.mjs "$out/fast-node.json"
  zsw_log "client's share, fast server: Chromium"; node bench/browser.mjs fast "$out/fast-chromium.json"
fi
if want startup; then zsw_log "start-up"; node bench/browser.mjs startup "$out/startup.json" 20; fi

if want live; then
  export ZSW_SERVER_DIR="$work/server"
  trap 'ZSW_SERVER_DIR="$work/server" bash scripts/zenml-server.sh stop >/dev/null 2>&1 || true' EXIT
  zsw_log "ZenML server"
  bash scripts/zenml-server.sh start >/dev/null
  eval "$(bash scripts/zenml-server.sh env | sed 's/^/export /')"
  zsw_log "seeding 10,000 services"
  seed=$(node bench/seed-fast.mjs "$ZENML_URL" "$ZENML_TOKEN" "$ZENML_PROJECT_ID" 10000 8)
  node -e 'const f=process.argv[1], e=JSON.parse(require("fs").readFileSync(f)), s=JSON.parse(process.argv[2]);
    e.seeded=s.count; e.seedSeconds=s.seconds; require("fs").writeFileSync(f, JSON.stringify(e, null, 1));' "$out/env.json" "$seed"
  zsw_log "openapi-typescript on the server's /openapi.json"
  node_modules/.bin/openapi-typescript "$ZENML_URL/openapi.json" -o "$work/zenml-openapi.d.ts" >/dev/null
  zsw_log "live: Node"; node bench/live-node.mjs "$ZENML_URL" "$ZENML_TOKEN" "$out/live-node.json"
  zsw_log "live: Chromium"; node bench/browser.mjs live "$ZENML_URL" "$ZENML_TOKEN" "$out/live-chromium.json"
  if want python; then
    zsw_log "live: ZenML's Python client"
    cfg=$(mktemp -d)
    env -u ZENML_URL -u ZENML_TOKEN ZENML_CONFIG_PATH="$cfg" ZENML_STORE_URL="$ZENML_URL" ZENML_STORE_TYPE=rest \
      ZENML_STORE_USERNAME="$ZENML_ADMIN_USER" ZENML_STORE_PASSWORD="$ZENML_ADMIN_PASSWORD" \
      ZENML_ANALYTICS_OPT_IN=false ZENML_LOGGING_VERBOSITY=ERROR \
      "$ZSW_VENV/bin/python" bench/python_scan.py 1000 0 3 > "$out/python.json"
    rm -rf "$cfg"
  fi
  bash scripts/zenml-server.sh stop >/dev/null
  trap - EXIT
fi

zsw_log "report"
node bench/report.mjs "$out" docs/benchmarks.md docs/benchmarks.svg
