#!/usr/bin/env bash
# The services the integration tests need: Redis on port 6390 and PostgreSQL 15 on 5432 (user postgres,
# password zopa). No service runs on a fresh machine; CI (as root) installs and starts them with this script.
#   bash scripts/services.sh start   install what is missing (root only), start both, wait until they answer
#   bash scripts/services.sh stop    stop both
#   bash scripts/services.sh status  say which answer
# Tests read ZOPA_REDIS_URL (default redis://127.0.0.1:6390) and ZOPA_PG_URL
# (default postgres://postgres:zopa@127.0.0.1:5432/postgres) and skip with a reason when nothing answers.
set -euo pipefail
REDIS_PORT="${ZOPA_REDIS_PORT:-6390}"
PG_VERSION="${ZOPA_PG_VERSION:-15}"

as_root() { [ "$(id -u)" = 0 ]; }

install_missing() {
  local missing=()
  command -v redis-server >/dev/null || missing+=(redis-server)
  command -v pg_ctlcluster >/dev/null || missing+=(postgresql)
  [ ${#missing[@]} = 0 ] && return 0
  if ! as_root; then
    echo "services: missing ${missing[*]}; install as root: apt-get install -y ${missing[*]}" >&2
    return 1
  fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

redis_up() { redis-cli -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; }
pg_up() { pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; }

start() {
  install_missing
  if ! redis_up; then
    redis-server --daemonize yes --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no >/dev/null
  fi
  if ! pg_up; then
    if as_root; then
      pg_ctlcluster "$PG_VERSION" main start
    else
      echo "services: PostgreSQL is down and starting it needs root: pg_ctlcluster $PG_VERSION main start" >&2
      return 1
    fi
  fi
  for _ in $(seq 1 50); do redis_up && pg_up && break; sleep 0.2; done
  redis_up || { echo "services: Redis did not answer on port $REDIS_PORT" >&2; return 1; }
  pg_up || { echo "services: PostgreSQL did not answer on port 5432" >&2; return 1; }
  if as_root; then
    runuser -u postgres -- psql -q -c "alter user postgres password 'zopa'" >/dev/null
  fi
  echo "services: Redis on 127.0.0.1:$REDIS_PORT, PostgreSQL on 127.0.0.1:5432"
}

stop() {
  redis_up && redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  if as_root && pg_up; then pg_ctlcluster "$PG_VERSION" main stop || true; fi
  echo "services: stopped"
}

status() {
  redis_up && echo "redis: up (port $REDIS_PORT)" || echo "redis: down"
  pg_up && echo "postgresql: up (port 5432)" || echo "postgresql: down"
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: bash scripts/services.sh start|stop|status" >&2; exit 2 ;;
esac
