#!/usr/bin/env bash
# Start/stop a throw-away real ZenML server (zenml[server]==0.98.0) for integration tests.
#
#   scripts/zenml-server.sh start|stop|status|url|env|halt|resume
#
# halt stops the server process but keeps its data, port and token; resume starts it again on the
# same port with the same data (the dashboard's e2e test of a server that goes away and comes back).
#
# Environment knobs:
#   ZSW_VENV            virtualenv with zenml[server] (default $ZSW_CACHE/venv-0.98.0)
#   ZSW_CACHE           cache dir (default $HOME/.cache/zenml-services-wasm)
#   ZSW_SERVER_DIR      state dir (default <repo>/.zenml-server); one server per state dir
#   ZSW_SERVER_PORT     fixed port (default: a free port on 127.0.0.1)
#   ZSW_ADMIN_PASSWORD  admin password (default zenml-admin-pw); admin user is "admin"
#   ZSW_CORS_ORIGINS    value for ZENML_SERVER_CORS_ALLOW_ORIGINS (default unset = "*")
#
# The server runs the way ZenML's own API fuzz harness runs it (tests/fuzz/api_server.py in zenml-io/zenml): direct uvicorn,
# SQLite in a fresh temp dir, OAuth2 password bearer auth, activated via PUT /api/v1/activate.
set -euo pipefail

REPO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE_DIR="${ZSW_CACHE:-$HOME/.cache/zenml-services-wasm}"
VENV="${ZSW_VENV:-$CACHE_DIR/venv-0.98.0}"
STATE="${ZSW_SERVER_DIR:-$REPO_DIR/.zenml-server}"
ADMIN_USER="admin"
ADMIN_PASSWORD="${ZSW_ADMIN_PASSWORD:-zenml-admin-pw}"
JWT_SECRET="zenml-services-wasm-test-jwt-secret-0123456789abcdef"
HEALTH_TIMEOUT=120

die() { echo "zenml-server.sh: $*" >&2; exit 1; }

need_venv() {
  if [[ ! -x "$VENV/bin/python" ]]; then
    die "no ZenML virtualenv at $VENV - run scripts/setup.sh first (or set ZSW_VENV)"
  fi
}

is_running() {
  [[ -f "$STATE/pid" ]] || return 1
  local pid
  pid="$(cat "$STATE/pid" 2>/dev/null || true)"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null
}

free_port() {
  "$VENV/bin/python" - <<'EOF'
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
EOF
}

# claim_port: a free port that no other zenml-server.sh of this machine has claimed. Two servers
# starting at once could otherwise both be given the same free port (it is free until uvicorn,
# seconds later, binds it), and the second would find the first one's server healthy there. A
# claim is a directory (mkdir is atomic) naming its state dir; one whose state dir is gone is stale.
PORTS_DIR="${TMPDIR:-/tmp}/zsw-ports"
claim_port() {
  local p owner i
  mkdir -p "$PORTS_DIR"
  for i in $(seq 1 20); do
    p="$(free_port)"
    if mkdir "$PORTS_DIR/$p" 2>/dev/null; then
      echo "$STATE" > "$PORTS_DIR/$p/owner"
      echo "$p"
      return 0
    fi
    owner="$(cat "$PORTS_DIR/$p/owner" 2>/dev/null || true)"
    [[ -n "$owner" && ! -d "$owner" ]] && rm -rf "${PORTS_DIR:?}/$p"
  done
  die "no free port could be claimed in $PORTS_DIR"
}
release_port() {  # release_port URL: drops this state dir's claim on the URL's port
  local p="${1##*:}"
  [[ -n "$p" && "$(cat "$PORTS_DIR/$p/owner" 2>/dev/null)" == "$STATE" ]] && rm -rf "${PORTS_DIR:?}/$p"
  return 0
}

log_tail() { echo "---- last lines of $STATE/server.log ----" >&2; tail -n 40 "$STATE/server.log" >&2 || true; }

# http METHOD URL [curl args...] -> prints body, sets HTTP_STATUS
http() {
  local method="$1" url="$2"; shift 2
  local out
  out="$(curl -sS -X "$method" -w '\n%{http_code}' "$@" "$url")" || return 1
  HTTP_STATUS="${out##*$'\n'}"
  HTTP_BODY="${out%$'\n'*}"
}

json_get() { # json_get KEY  (reads JSON on stdin, prints top-level KEY)
  "$VENV/bin/python" -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"
}

# launch DATADIR PORT: runs uvicorn in the background on that port and data, records its pid
launch() {
  local datadir="$1" port="$2"
  (
    # drop everything ZenML-related we might have inherited
    for v in $(env | sed -n 's/^\(ZENML_[A-Za-z0-9_]*\)=.*/\1/p'); do unset "$v"; done
    unset DISABLE_DATABASE_MIGRATION || true
    export ZENML_CONFIG_PATH="$datadir/server-config"
    export ZENML_LOCAL_STORES_PATH="$datadir/local-stores"
    export ZENML_STORE_URL="sqlite:///$datadir/zenml.db"
    export ZENML_STORE_TYPE=sql
    export ZENML_SERVER=true
    export ZENML_SERVER_AUTH_SCHEME=OAUTH2_PASSWORD_BEARER
    export ZENML_SERVER_AUTO_ACTIVATE=false
    export ZENML_SERVER_JWT_SECRET_KEY="$JWT_SECRET"
    export ZENML_ANALYTICS_OPT_IN=false
    export AUTO_OPEN_DASHBOARD=false
    if [[ -n "${ZSW_CORS_ORIGINS:-}" ]]; then
      export ZENML_SERVER_CORS_ALLOW_ORIGINS="$ZSW_CORS_ORIGINS"
    fi
    cd "$datadir"
    exec "$VENV/bin/python" -m uvicorn zenml.zen_server.zen_server_api:app \
      --host 127.0.0.1 --port "$port" --no-access-log
  ) >> "$STATE/server.log" 2>&1 < /dev/null &
  echo "$!" > "$STATE/pid"
}

# wait_healthy URL: until the server at URL answers /health (dies if it exits or takes too long)
wait_healthy() {
  local url="$1" pid datadir
  pid="$(cat "$STATE/pid")"
  datadir="$(cat "$STATE/datadir")"
  local deadline=$(( $(date +%s) + HEALTH_TIMEOUT ))
  while :; do
    if ! kill -0 "$pid" 2>/dev/null; then
      log_tail
      rm -rf "$datadir"; rm -f "$STATE/pid" "$STATE/datadir"
      die "server process died during startup"
    fi
    if curl -fsS -o /dev/null --max-time 2 "$url/health" 2>/dev/null; then break; fi
    if (( $(date +%s) > deadline )); then
      log_tail
      cmd_stop >/dev/null 2>&1 || true
      die "server did not become healthy within ${HEALTH_TIMEOUT}s"
    fi
    sleep 0.3
  done
}

cmd_start() {
  need_venv
  if is_running; then
    cat "$STATE/url"
    return 0
  fi
  command -v curl >/dev/null || die "curl is required"
  mkdir -p "$STATE"
  # a stale state dir from a crashed run: clean up its data dir
  if [[ -f "$STATE/datadir" ]]; then
    rm -rf "$(cat "$STATE/datadir")" || true
  fi
  [[ -f "$STATE/url" ]] && release_port "$(cat "$STATE/url")"
  rm -f "$STATE/pid" "$STATE/url" "$STATE/datadir" "$STATE/env"

  local t0 datadir port url
  t0=$(date +%s.%N)
  datadir="$(mktemp -d "${TMPDIR:-/tmp}/zsw-zenml-data.XXXXXX")"
  echo "$datadir" > "$STATE/datadir"
  port="${ZSW_SERVER_PORT:-$(claim_port)}"
  url="http://127.0.0.1:$port"

  : > "$STATE/server.log"
  launch "$datadir" "$port"
  echo "$url" > "$STATE/url"

  wait_healthy "$url"
  local t_health
  t_health=$(date +%s.%N)

  # activate (no auth needed on a fresh, non-activated server)
  local body
  body=$(printf '{"admin_username":"%s","admin_password":"%s","enable_analytics":false}' \
    "$ADMIN_USER" "$ADMIN_PASSWORD")
  http PUT "$url/api/v1/activate" -H 'Content-Type: application/json' --data "$body" \
    || { log_tail; cmd_stop >/dev/null 2>&1 || true; die "activation request failed"; }
  if [[ "$HTTP_STATUS" != 200 ]]; then
    echo "$HTTP_BODY" >&2; log_tail; cmd_stop >/dev/null 2>&1 || true
    die "activation failed with HTTP $HTTP_STATUS"
  fi

  # log in; verify the token with an authenticated GET, retry once after 1 s on the known 401
  local token="" project_id="" attempt
  for attempt in 1 2; do
    http POST "$url/api/v1/login" --data-urlencode "username=$ADMIN_USER" \
      --data-urlencode "password=$ADMIN_PASSWORD" || die "login request failed"
    if [[ "$HTTP_STATUS" == 200 ]]; then
      token="$(printf '%s' "$HTTP_BODY" | json_get access_token)"
      http GET "$url/api/v1/projects/default" -H "Authorization: Bearer $token" \
        || die "project request failed"
      if [[ "$HTTP_STATUS" == 200 ]]; then
        project_id="$(printf '%s' "$HTTP_BODY" | json_get id)"
        break
      fi
    fi
    if [[ $attempt == 2 ]]; then
      echo "$HTTP_BODY" >&2; log_tail; cmd_stop >/dev/null 2>&1 || true
      die "login / project lookup failed with HTTP $HTTP_STATUS"
    fi
    sleep 1
  done

  {
    echo "ZENML_URL=$url"
    echo "ZENML_ADMIN_USER=$ADMIN_USER"
    echo "ZENML_ADMIN_PASSWORD=$ADMIN_PASSWORD"
    echo "ZENML_TOKEN=$token"
    echo "ZENML_PROJECT_ID=$project_id"
  } > "$STATE/env"

  local t1
  t1=$(date +%s.%N)
  awk -v a="$t0" -v h="$t_health" -v b="$t1" \
    'BEGIN { printf "zenml-server.sh: started (healthy after %.1fs, ready after %.1fs)\n", h-a, b-a }' >&2
  echo "$url"
}

# kill_server: ends the server process (TERM, then KILL), if there is one
kill_server() {
  if [[ -f "$STATE/pid" ]]; then
    local pid i
    pid="$(cat "$STATE/pid")"
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      for ((i = 0; i < 100; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
      done
      if kill -0 "$pid" 2>/dev/null; then
        kill -KILL "$pid" 2>/dev/null || true
        for ((i = 0; i < 50; i++)); do
          kill -0 "$pid" 2>/dev/null || break
          sleep 0.1
        done
      fi
    fi
  fi
  rm -f "$STATE/pid"
}

cmd_stop() {
  kill_server
  [[ -f "$STATE/url" ]] && release_port "$(cat "$STATE/url")"
  if [[ -f "$STATE/datadir" ]]; then
    local d
    d="$(cat "$STATE/datadir")"
    [[ -n "$d" && -d "$d" ]] && rm -rf "$d"
  fi
  rm -f "$STATE/pid" "$STATE/url" "$STATE/datadir" "$STATE/env"
  echo "stopped"
}

# halt: ends the server process, keeping its data dir, port and env (resume brings it back)
cmd_halt() {
  is_running || die "not running (state dir $STATE)"
  kill_server
  echo "halted"
}

# resume: starts a halted server again on the same port with the same data; its tokens stay valid
cmd_resume() {
  need_venv
  if is_running; then
    cat "$STATE/url"
    return 0
  fi
  [[ -f "$STATE/url" && -f "$STATE/datadir" && -f "$STATE/env" ]] || die "nothing halted in $STATE"
  local url datadir
  url="$(cat "$STATE/url")"
  datadir="$(cat "$STATE/datadir")"
  [[ -d "$datadir" ]] || die "the halted server's data dir $datadir is gone"
  launch "$datadir" "${url##*:}"
  wait_healthy "$url"
  echo "$url"
}

cmd_status() {
  if is_running; then
    echo "running: $(cat "$STATE/url") (pid $(cat "$STATE/pid"))"
    return 0
  fi
  echo "not running"
  return 1
}

cmd_url() {
  is_running || die "not running (state dir $STATE)"
  cat "$STATE/url"
}

cmd_env() {
  is_running || die "not running (state dir $STATE)"
  [[ -f "$STATE/env" ]] || die "no env file in $STATE"
  cat "$STATE/env"
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  url) cmd_url ;;
  env) cmd_env ;;
  halt) cmd_halt ;;
  resume) cmd_resume ;;
  *) echo "usage: $0 start|stop|status|url|env|halt|resume" >&2; exit 2 ;;
esac
