#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL server: installs Debian's `postgresql` if missing,
# starts a server as the `postgres` user on a free loopback port with its data and socket in a
# temporary folder, creates a role that is not a superuser and a database it owns, exports
# ORCHARD_TEST_POSTGRES=postgres://orchard@… and runs the command. The server is stopped and its
# folder removed whatever happens (trap). If PostgreSQL cannot start, the script fails: the
# tests that need it must never be skipped.
#
#   bash scripts/with-postgres.sh cargo test
set -euo pipefail
source "$(dirname "$0")/setup.sh"

[ $# -gt 0 ] || { echo "usage: $0 command [args…]" >&2; exit 2; }

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  apt_install postgresql
fi
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"

# The server refuses to run as root: as root it runs as `postgres`, otherwise as whoever we are.
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

PG_DIR="$(mktemp -d /tmp/orchard-pg.XXXXXX)"
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$PG_DIR"
chmod 700 "$PG_DIR"
PG_PID=""
stop_postgres() {
  # The postmaster's own PID (PG_PID may be runuser's): SIGINT is PostgreSQL's fast shutdown.
  local pid=""
  [ -f "$PG_DIR/data/postmaster.pid" ] && pid="$(head -n 1 "$PG_DIR/data/postmaster.pid")"
  for p in $pid $PG_PID; do
    kill -INT "$p" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
  done
  rm -rf "$PG_DIR"
}
trap stop_postgres EXIT

PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
say "PostgreSQL ($PG_BIN) on 127.0.0.1:$PORT, data in $PG_DIR"
as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 --no-locale >"$PG_DIR/initdb.log" 2>&1 \
  || { cat "$PG_DIR/initdb.log" >&2; echo "with-postgres.sh: initdb failed" >&2; exit 1; }
# Tests open many short-lived databases and two servers at once: room for their pools. A
# throwaway server needs no durability; set ORCHARD_PG_DURABLE=1 to keep fsync (benchmarks).
DURABILITY=(-c fsync=off -c synchronous_commit=off -c full_page_writes=off)
[ "${ORCHARD_PG_DURABLE:-0}" = 1 ] && DURABILITY=()
as_pg "$PG_BIN/postgres" -D "$PG_DIR/data" -h 127.0.0.1 -p "$PORT" -k "$PG_DIR" \
  -c max_connections=300 "${DURABILITY[@]}" >"$PG_DIR/server.log" 2>&1 &
PG_PID=$!

for _ in $(seq 1 100); do
  if "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"; then break; fi
  kill -0 "$PG_PID" 2>/dev/null || break
  sleep 0.1
done
if ! "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"; then
  cat "$PG_DIR/server.log" >&2
  echo "with-postgres.sh: PostgreSQL did not start" >&2
  exit 1
fi
# The server and the tests connect as `orchard`, as the server should in production: no
# superuser and no BYPASSRLS, so row-level security (migrations/postgres/0013) holds for it; it
# owns the databases it creates (one a test) and so the tables its migrations make.
"$PG_BIN/psql" -q -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 \
  -c "CREATE ROLE orchard LOGIN NOSUPERUSER NOBYPASSRLS CREATEDB NOCREATEROLE"
# The team's search (`LIKE` over `translate(name, …)`, trigram indexes of 0006) may use its
# indexes under row-level security only if both functions are LEAKPROOF; a superuser says so
# once per database: here in template1, which every database created after copies (`orchard`
# and each test's). The README's "Several instances" gives the same lines to the database's
# administrator; the server warns at start when they are missing.
"$PG_BIN/psql" -q -h 127.0.0.1 -p "$PORT" -U postgres -d template1 -v ON_ERROR_STOP=1 \
  -c "ALTER FUNCTION pg_catalog.textlike(text, text) LEAKPROOF" \
  -c "ALTER FUNCTION pg_catalog.translate(text, text, text) LEAKPROOF"
"$PG_BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres -O orchard orchard

export ORCHARD_TEST_POSTGRES="postgres://orchard@127.0.0.1:$PORT/orchard"
say "ORCHARD_TEST_POSTGRES=$ORCHARD_TEST_POSTGRES"
status=0
"$@" || status=$?
exit "$status"
