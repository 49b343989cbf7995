#!/usr/bin/env bash
# Starts a private PostgreSQL server for the tests (its own data folder and port, trust auth on
# loopback only) and prints its DATABASE_URL. Idempotent: reuses a server already running there.
set -euo pipefail
port="${SYSDOJO_PG_PORT:-54329}"
root="${SYSDOJO_PG_DIR:-/tmp/sysdojo-pg-$port}"
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
run=()
if [ "$(id -u)" -eq 0 ]; then
  # PostgreSQL refuses to run as root: use the account Debian's package creates.
  id postgres >/dev/null 2>&1 || useradd --system --home-dir "$root" postgres
  run=(runuser -u postgres --)
fi
if ! "$bin/pg_isready" -q -h 127.0.0.1 -p "$port"; then
  mkdir -p "$root"
  [ "$(id -u)" -eq 0 ] && chown postgres "$root"
  if [ ! -f "$root/data/PG_VERSION" ]; then
    "${run[@]}" "$bin/initdb" -D "$root/data" -A trust -U sysdojo -E UTF8 >/dev/null
  fi
  "${run[@]}" "$bin/pg_ctl" -D "$root/data" -l "$root/server.log" -w -o \
    "-p $port -k $root -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=200" \
    start >/dev/null
fi
"$bin/psql" -h 127.0.0.1 -p "$port" -U sysdojo -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='sysdojo'" \
  | grep -q 1 || "$bin/createdb" -h 127.0.0.1 -p "$port" -U sysdojo sysdojo
echo "postgres://sysdojo@127.0.0.1:$port/sysdojo"
