#!/usr/bin/env bash
# Starts a throwaway PostgreSQL (Debian's packages) on loopback for the test suites and prints its URL.
# Usage: source .ci/start-postgres.sh   (exports DATABASE_URL_TEST)
set -euo pipefail
PG_PORT="${PG_PORT:-54329}"
PG_DIR="${PG_DIR:-/tmp/minipay-pg}"
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
if ! "$PG_BIN/pg_isready" -h 127.0.0.1 -p "$PG_PORT" -q; then
  rm -rf "$PG_DIR"
  mkdir -p "$PG_DIR"
  chown postgres:postgres "$PG_DIR"
  su postgres -c "$PG_BIN/initdb -D $PG_DIR/data -U postgres --auth=trust -E UTF8 --locale=C.UTF-8" > /dev/null
  su postgres -c "$PG_BIN/pg_ctl -D $PG_DIR/data -l $PG_DIR/server.log -o '-h 127.0.0.1 -p $PG_PORT -k /tmp -c max_connections=200 -c fsync=off' -w start" > /dev/null
fi
export DATABASE_URL_TEST="postgres://postgres@127.0.0.1:${PG_PORT}/postgres"
echo "postgres ready at ${DATABASE_URL_TEST}"
