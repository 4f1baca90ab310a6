#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL cluster, then removes the cluster.
#   bash scripts/with-postgres.sh npx vitest run src/store test/api
# The command sees TEST_DATABASE_URL=postgres://USER@127.0.0.1:PORT/medoffice_test (trust auth,
# loopback only) and TEST_DATABASE_ADMIN_URL for the `postgres` database on the same server.
# Works as root: initdb refuses root, so the cluster runs as `postgres` or `medoffice-pg`.
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 COMMAND [ARG...]" >&2
  exit 2
fi

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ]; then
  echo "with-postgres: no PostgreSQL server under /usr/lib/postgresql/*/bin (apt-get install postgresql)" >&2
  exit 1
fi

# The cluster's owner, and how to run a command as that owner.
if [ "$(id -u)" -eq 0 ]; then
  if id -u postgres >/dev/null 2>&1; then
    pg_user=postgres
  else
    pg_user=medoffice-pg
    if ! id -u "$pg_user" >/dev/null 2>&1; then
      useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$pg_user"
    fi
  fi
  as_owner() { runuser -u "$pg_user" -- "$@"; }
else
  pg_user=$(id -un)
  as_owner() { "$@"; }
fi

# /tmp rather than $TMPDIR: the owner must be able to reach the folder.
tmp_dir=$(mktemp -d /tmp/medoffice-pg.XXXXXX)
data_dir="$tmp_dir/data"
log_file="$tmp_dir/postgres.log"
started=0
child=

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [ "$started" -eq 1 ]; then
    as_owner "$pg_bin/pg_ctl" -D "$data_dir" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$tmp_dir"
  exit "$status"
}
# On a signal, stop the command first, then the EXIT trap stops the cluster.
on_signal() {
  if [ -n "$child" ]; then
    kill -TERM "$child" 2>/dev/null || true
    wait "$child" 2>/dev/null || true
  fi
  exit "$1"
}
trap cleanup EXIT
trap 'on_signal 130' INT
trap 'on_signal 143' TERM

if [ "$(id -u)" -eq 0 ]; then
  chown "$pg_user" "$tmp_dir"
fi
chmod 700 "$tmp_dir"

as_owner "$pg_bin/initdb" -D "$data_dir" -U "$pg_user" --auth=trust --encoding=UTF8 \
  --locale=C.UTF-8 --no-sync >"$tmp_dir/initdb.log" 2>&1 || {
  cat "$tmp_dir/initdb.log" >&2
  exit 1
}

free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

# Tests trade durability for speed; benchmarks set MEDOFFICE_PG_DURABLE=1 to keep PostgreSQL's defaults.
durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
if [ "${MEDOFFICE_PG_DURABLE:-}" = 1 ]; then durability=""; fi

# A free port can be taken between the probe and the start: try a few.
for _attempt in 1 2 3 4 5; do
  port=$(free_port)
  if as_owner "$pg_bin/pg_ctl" -D "$data_dir" -l "$log_file" -w -t 60 start -o \
    "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$tmp_dir \
     $durability -c max_connections=200 \
     -c shared_buffers=128MB -c timezone=UTC" >/dev/null; then
    started=1
    break
  fi
done
if [ "$started" -ne 1 ]; then
  echo "with-postgres: PostgreSQL did not start; its log:" >&2
  cat "$log_file" >&2 || true
  exit 1
fi

"$pg_bin/createdb" -h 127.0.0.1 -p "$port" -U "$pg_user" medoffice_test

export TEST_DATABASE_URL="postgres://$pg_user@127.0.0.1:$port/medoffice_test"
export TEST_DATABASE_ADMIN_URL="postgres://$pg_user@127.0.0.1:$port/postgres"
echo "with-postgres: PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') at $TEST_DATABASE_URL" >&2

# Not exec: the cluster must be stopped afterwards. In the background with `wait`, so that a
# signal is handled at once; `<&0` keeps the caller's standard input for the command.
"$@" <&0 &
child=$!
status=0
wait "$child" || status=$?
child=
exit "$status"
