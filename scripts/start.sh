#!/usr/bin/env bash
# The README's "run" command: the dashboard on a seeded, real, local ZenML server.
#
#   scripts/start.sh            (or: npm start)
#
# 1. scripts/setup.sh                     installs what is missing (Debian packages, npm, ZenML venv)
# 2. scripts/build.sh --package-only      the wasm module and dist/
# 3. scripts/zenml-server.sh start        a real zenml[server] on 127.0.0.1:8237 (another free port
#                                         if taken), state in <repo>/.zenml-server
# 4. scripts/seed.mjs + seed-demo.mjs     ~50 services: every state, labels, several types,
#                                         flavors, pipelines, two users, names that stress the
#                                         filters, a second project ("research") with services of
#                                         its own, and a service linked to a real pipeline run
#                                         (scripts/demo_pipeline.py, run with the ZenML venv)
# 5. scripts/serve-web.mjs                the dashboard on http://127.0.0.1:8080 (another free port
#                                         if taken), pre-filled with the server URL
# Ctrl-C stops the web server and the ZenML server (and deletes its data); nothing is left running.
#
# Environment: ZSW_WEB_PORT (8080), ZSW_SERVER_PORT (8237), ZSW_SERVER_DIR (<repo>/.zenml-server),
# ZSW_SKIP_SETUP=1 / ZSW_SKIP_BUILD=1 to skip steps 1 / 2.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ZSW_ROOT"

WEB_PORT="${ZSW_WEB_PORT:-8080}"
SERVER_PORT="${ZSW_SERVER_PORT:-8237}"
export ZSW_SERVER_DIR="${ZSW_SERVER_DIR:-$ZSW_ROOT/.zenml-server}"

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

WEB_PID=""
WEB_LOG=""
SERVER_STARTED=0
cleaned=0
cleanup() {
  [ "$cleaned" = 1 ] && return
  cleaned=1
  trap - INT TERM
  echo
  if [ -n "$WEB_PID" ] && kill -0 "$WEB_PID" 2>/dev/null; then
    zsw_log "stopping the dashboard server (pid $WEB_PID)"
    kill -TERM "$WEB_PID" 2>/dev/null || true
    wait "$WEB_PID" 2>/dev/null || true
  fi
  if [ "$SERVER_STARTED" = 1 ]; then
    zsw_log "stopping the ZenML server"
    bash scripts/zenml-server.sh stop >/dev/null 2>&1 || true
  fi
  [ -n "$WEB_LOG" ] && rm -f "$WEB_LOG"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ "${ZSW_SKIP_SETUP:-0}" != 1 ]; then
  ZSW_COMPAT_VERSIONS="" bash scripts/setup.sh   # the dashboard needs only the newest release
fi
if [ "${ZSW_SKIP_BUILD:-0}" != 1 ]; then
  bash scripts/build.sh --package-only
fi
[ -f dist/index.js ] && [ -f dist/zenml_services.wasm ] || zsw_die "dist/ is incomplete: run scripts/build.sh --package-only"

# A server left over from an interrupted run in the same state dir: replace it (fresh data).
if bash scripts/zenml-server.sh status >/dev/null 2>&1; then
  zsw_log "stopping a ZenML server left running in $ZSW_SERVER_DIR"
  bash scripts/zenml-server.sh stop >/dev/null
fi

if port_in_use "$SERVER_PORT"; then
  zsw_log "port $SERVER_PORT is taken: the ZenML server gets a free port instead"
  unset ZSW_SERVER_PORT
else
  export ZSW_SERVER_PORT="$SERVER_PORT"
fi
zsw_log "starting the ZenML server (zenml[server]==$ZSW_ZENML_VERSION)"
SERVER_STARTED=1
SERVER_URL="$(bash scripts/zenml-server.sh start)"

zsw_log "seeding demo services"
while IFS='=' read -r key value; do
  [ -n "$key" ] && export "$key=$value"
done < <(bash scripts/zenml-server.sh env)
node scripts/seed.mjs --count 24 --second-user --no-pause >/dev/null
node scripts/seed-demo.mjs
SERVICE_COUNT="$(node scripts/seed-demo.mjs --count-only)"

if port_in_use "$WEB_PORT"; then
  zsw_log "port $WEB_PORT is taken: the dashboard gets a free port instead"
  WEB_PORT=0
fi
WEB_LOG="$(mktemp "${TMPDIR:-/tmp}/zsw-serve-web.XXXXXX")"
node scripts/serve-web.mjs --port "$WEB_PORT" --server "$SERVER_URL" --username "$ZENML_ADMIN_USER" >"$WEB_LOG" 2>&1 &
WEB_PID=$!
WEB_URL=""
for _ in $(seq 1 100); do
  WEB_URL="$(sed -n 's/^serving \(http[^ ]*\)$/\1/p' "$WEB_LOG")"
  [ -n "$WEB_URL" ] && break
  kill -0 "$WEB_PID" 2>/dev/null || { cat "$WEB_LOG" >&2; zsw_die "the dashboard server did not start"; }
  sleep 0.1
done
[ -n "$WEB_URL" ] || zsw_die "the dashboard server did not report its URL"

cat <<EOF

  ZenML Services dashboard   ${WEB_URL}
  ZenML server               ${SERVER_URL}   (zenml[server] ${ZSW_ZENML_VERSION}, ${SERVICE_COUNT} services)

  Sign in as   admin / ${ZENML_ADMIN_PASSWORD}
         or    seed-user-2 / seed-user-2-pw

  Press Ctrl-C to stop both servers.

EOF

wait "$WEB_PID"
