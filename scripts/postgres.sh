#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server on 127.0.0.1 for tests and benchmarks.
#   scripts/postgres.sh start [PORT]   -> prints the DATABASE_URL
#   scripts/postgres.sh stop  [PORT]
set -euo pipefail
cmd=${1:-start}
port=${2:-55432}
dir=/tmp/tollgate-pg-$port
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bindir" ] || { echo "PostgreSQL is not installed (apt-get install -y postgresql)" >&2; exit 1; }
as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }

case "$cmd" in
  start)
    if [ ! -f "$dir/PG_VERSION" ]; then
      mkdir -p "$dir"
      [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
      as_pg "$bindir/initdb -D $dir --auth=trust -U postgres -E UTF8 >/dev/null"
    fi
    if ! as_pg "$bindir/pg_ctl -D $dir status" >/dev/null 2>&1; then
      as_pg "$bindir/pg_ctl -D $dir -l $dir/server.log -w -o \"-c listen_addresses=127.0.0.1 -p $port -k /tmp -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200\" start" >/dev/null
    fi
    echo "postgresql://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    as_pg "$bindir/pg_ctl -D $dir -m fast stop" >/dev/null 2>&1 || true
    ;;
  *) echo "usage: $0 start|stop [PORT]" >&2; exit 2 ;;
esac
