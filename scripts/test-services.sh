#!/usr/bin/env bash
# Throwaway PostgreSQL 15 and RabbitMQ 3.10 for the tests and the benchmark of the many-machines mode: each in its own
# folder under DIR, listening on 127.0.0.1 on free ports, never touching a system instance.
#
#   scripts/test-services.sh start DIR          starts both; prints the `export` lines that tell the tests where they are
#   scripts/test-services.sh stop DIR           stops both (safe to call twice, or after a failed start)
#   scripts/test-services.sh restart NAME DIR   stops NAME (postgres or rabbitmq) at once and starts it again on the same port
#
# Both refuse to run as root, so as root they run as the `postgres` and `rabbitmq` users the Debian packages create.
set -euo pipefail

PG_BIN=/usr/lib/postgresql/15/bin

as_user() {
  local user="$1"; shift
  if [ "$(id -u)" -eq 0 ]; then runuser -u "$user" -- "$@"; else "$@"; fi
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# RabbitMQ's distribution port is its AMQP port + 20000, so the AMQP port stays below 45536.
free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 25000))
    port_in_use "$port" || port_in_use $((port + 20000)) 2>/dev/null || { echo "$port"; return; }
  done
}

wait_for_port() {
  local port="$1" seconds="$2" what="$3"
  for _ in $(seq $((seconds * 10))); do
    port_in_use "$port" && return 0
    sleep 0.1
  done
  echo "test-services: $what did not start listening on port $port within $seconds s; its log ($DIR/$what/server.log) ends:" >&2
  tail -n 30 "$DIR/$what/server.log" >&2 || true
  exit 1
}

rabbit_env() {
  local node
  node="$(cat "$DIR/rabbitmq/node")"
  echo HOME="$DIR/rabbitmq" RABBITMQ_NODENAME="$node" RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
    RABBITMQ_NODE_PORT="$(cat "$DIR/rabbitmq/port")" RABBITMQ_DIST_PORT="$(( $(cat "$DIR/rabbitmq/port") + 20000 ))" \
    RABBITMQ_MNESIA_BASE="$DIR/rabbitmq/mnesia" RABBITMQ_LOG_BASE="$DIR/rabbitmq/log" \
    RABBITMQ_PID_FILE="$DIR/rabbitmq/pid" RABBITMQ_ENABLED_PLUGINS_FILE="$DIR/rabbitmq/plugins"
}

start_postgres() {
  local port
  port="$(cat "$DIR/postgres/port")"
  as_user postgres "$PG_BIN/pg_ctl" -D "$DIR/postgres/data" -l "$DIR/postgres/server.log" -w -t 60 \
    -o "-p $port -k $DIR/postgres -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" start >/dev/null
}

start_rabbitmq() {
  # shellcheck disable=SC2046
  as_user rabbitmq env $(rabbit_env) rabbitmq-server >"$DIR/rabbitmq/server.log" 2>&1 &
  wait_for_port "$(cat "$DIR/rabbitmq/port")" 60 rabbitmq
}

stop_postgres() {
  [ -f "$DIR/postgres/data/postmaster.pid" ] || return 0
  as_user postgres "$PG_BIN/pg_ctl" -D "$DIR/postgres/data" -m immediate -w stop >/dev/null 2>&1 || true
}

# rabbitmqctl would read the service user's own Erlang cookie, not this node's, so the node is stopped by signal:
# SIGTERM makes the Erlang VM shut down cleanly.
stop_rabbitmq() {
  [ -f "$DIR/rabbitmq/node" ] || return 0
  pkill -TERM -f -- "-home $DIR/rabbitmq" || true
  local port
  port="$(cat "$DIR/rabbitmq/port")"
  for _ in $(seq 150); do port_in_use "$port" || return 0; sleep 0.1; done
  pkill -KILL -f -- "-home $DIR/rabbitmq" || true
}

command="${1:-}"
case "$command" in
  start)
    DIR="$(cd "${2:?usage: $0 start DIR}" && pwd)"
    # The service users must be able to enter every parent folder of their data (mktemp -d makes mode 700).
    chmod 755 "$DIR"
    mkdir -p "$DIR/postgres" "$DIR/rabbitmq/mnesia" "$DIR/rabbitmq/log"
    free_port >"$DIR/postgres/port"
    free_port >"$DIR/rabbitmq/port"
    echo "mouthpiece-test-$$-$RANDOM@localhost" >"$DIR/rabbitmq/node"
    echo "[]." >"$DIR/rabbitmq/plugins"
    if [ "$(id -u)" -eq 0 ]; then
      chown -R postgres: "$DIR/postgres"
      chown -R rabbitmq: "$DIR/rabbitmq"
    fi
    as_user postgres "$PG_BIN/initdb" -D "$DIR/postgres/data" -A trust -U postgres >"$DIR/postgres/init.log" 2>&1
    start_postgres
    start_rabbitmq
    echo "export MOUTHPIECE_TEST_POSTGRES=postgres://postgres@127.0.0.1:$(cat "$DIR/postgres/port")/postgres"
    echo "export MOUTHPIECE_TEST_AMQP=amqp://guest:guest@127.0.0.1:$(cat "$DIR/rabbitmq/port")/"
    echo "export MOUTHPIECE_TEST_SERVICES=$DIR"
    ;;
  stop)
    DIR="${2:?usage: $0 stop DIR}"
    [ -d "$DIR" ] || exit 0
    stop_rabbitmq
    stop_postgres
    rm -rf "$DIR"
    ;;
  restart)
    DIR="${3:?usage: $0 restart postgres|rabbitmq DIR}"
    case "$2" in
      postgres) stop_postgres; start_postgres ;;
      rabbitmq) stop_rabbitmq; start_rabbitmq ;;
      *) echo "usage: $0 restart postgres|rabbitmq DIR" >&2; exit 2 ;;
    esac
    ;;
  *)
    echo "usage: $0 start DIR | stop DIR | restart postgres|rabbitmq DIR" >&2
    exit 2
    ;;
esac
