#!/usr/bin/env bash
# Throwaway PostgreSQL 15 cluster for tests and CI.
#
#   scripts/pg-throwaway.sh start   -> prints postgres://handlefrihed:handlefrihed@127.0.0.1:PORT/handlefrihed
#   scripts/pg-throwaway.sh stop    -> stops the cluster and deletes its folder (exit 0 if nothing runs)
#
# Only the URL goes to stdout; every log line goes to stderr, so
#   TEST_POSTGRES_URL="$(scripts/pg-throwaway.sh start)"
# is safe.
#
# The cluster lives in a fresh `mktemp -d` folder:
#   <tmp>/data   data directory (owned by postgres when run as root)
#   <tmp>/sock   unix socket directory
#   <tmp>/postgres.log
# Its data directory path is written to the state file $PG_THROWAWAY_STATE
# (default /tmp/handlefrihed-pg.state); `stop` reads it from there.
#
# Environment:
#   PG_THROWAWAY_STATE             state file (default /tmp/handlefrihed-pg.state)
#   PG_BINDIR                      PostgreSQL bin dir (default: found via dpkg, else /usr/lib/postgresql/15/bin)
#   PG_THROWAWAY_SKIP_APT_UPDATE=1 skip `apt-get update` before installing postgresql-15 (lists already fresh)
#
# Settings: listens on 127.0.0.1 only (free port), trust auth (local + host),
# fsync/synchronous_commit/full_page_writes off. Never use this for real data.

set -euo pipefail

STATE_FILE="${PG_THROWAWAY_STATE:-/tmp/handlefrihed-pg.state}"
PG_USER_NAME=handlefrihed
PG_PASSWORD=handlefrihed
PG_DB_NAME=handlefrihed
TMP_PREFIX=handlefrihed-pg.

log() { printf 'pg-throwaway: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

is_root() { [[ "$(id -u)" -eq 0 ]]; }

# Run a PostgreSQL server-side tool. initdb/pg_ctl/postgres refuse to run as
# root, so as root we drop to the `postgres` system user. The working
# directory must be readable by that user (cwd may be /root), hence `cd`.
as_pg() {
  local dir="$1"; shift
  if is_root; then
    (cd "$dir" && runuser -u postgres -- "$@")
  else
    (cd "$dir" && "$@")
  fi
}

find_bindir() {
  if [[ -n "${PG_BINDIR:-}" ]]; then
    [[ -x "$PG_BINDIR/initdb" ]] || die "PG_BINDIR=$PG_BINDIR has no initdb"
    printf '%s\n' "$PG_BINDIR"; return 0
  fi
  local initdb=""
  if command -v dpkg >/dev/null 2>&1; then
    initdb="$(dpkg -L postgresql-15 2>/dev/null | grep -E '/bin/initdb$' | head -n1 || true)"
  fi
  if [[ -z "$initdb" && -x /usr/lib/postgresql/15/bin/initdb ]]; then
    initdb=/usr/lib/postgresql/15/bin/initdb
  fi
  [[ -n "$initdb" && -x "$initdb" ]] || return 1
  dirname "$initdb"
}

install_postgres() {
  is_root || die "postgresql-15 is not installed and we are not root; install it with: apt-get install -y postgresql-15"
  log "postgresql-15 not found; installing it with apt-get (this takes a while)"
  export DEBIAN_FRONTEND=noninteractive
  if [[ "${PG_THROWAWAY_SKIP_APT_UPDATE:-0}" != 1 ]]; then
    apt-get update >&2
  fi
  # confdef/confold: never stop at a dpkg conffile prompt.
  apt-get install -y --no-install-recommends \
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
    postgresql-15 >&2
}

# Print a TCP port that is free on 127.0.0.1 right now.
free_port() {
  if command -v node >/dev/null 2>&1; then
    node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();});'
    return
  fi
  if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1]);s.close()'
    return
  fi
  local p
  for _ in $(seq 1 50); do
    p=$(( 20000 + RANDOM % 30000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      printf '%s\n' "$p"; return
    fi
  done
  die "could not find a free port"
}

# Stop the cluster recorded in the state file and delete its folder.
# Always succeeds when there is nothing to stop.
do_stop() {
  if [[ ! -f "$STATE_FILE" ]]; then
    log "nothing to stop (no state file $STATE_FILE)"
    return 0
  fi
  local datadir base bindir
  datadir="$(head -n1 "$STATE_FILE" || true)"
  if [[ -z "$datadir" ]]; then
    log "empty state file $STATE_FILE; removing it"
    rm -f "$STATE_FILE"; return 0
  fi
  base="$(dirname "$datadir")"

  if [[ -f "$datadir/postmaster.pid" ]]; then
    bindir="$(find_bindir || true)"
    local stopped=0
    if [[ -n "$bindir" ]]; then
      log "stopping cluster in $datadir"
      if as_pg / "$bindir/pg_ctl" stop -D "$datadir" -m fast -w -t 30 >&2; then
        stopped=1
      else
        log "fast shutdown failed; trying immediate"
        as_pg / "$bindir/pg_ctl" stop -D "$datadir" -m immediate -w -t 10 >&2 && stopped=1 || true
      fi
    fi
    if [[ $stopped -eq 0 && -f "$datadir/postmaster.pid" ]]; then
      local pid
      pid="$(head -n1 "$datadir/postmaster.pid" 2>/dev/null || true)"
      if [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
        log "killing postmaster $pid"
        kill -QUIT "$pid" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
      fi
    fi
  else
    log "no postmaster.pid in $datadir (not running)"
  fi

  # Only ever delete a folder we created ourselves.
  if [[ "$(basename "$datadir")" == data && "$(basename "$base")" == "$TMP_PREFIX"* ]]; then
    rm -rf -- "$base"
    log "removed $base"
  else
    log "not deleting $base: does not look like a pg-throwaway folder"
  fi
  rm -f "$STATE_FILE"
}

do_start() {
  local t0=$SECONDS
  if [[ -f "$STATE_FILE" ]]; then
    log "state file $STATE_FILE exists; stopping the previous throwaway cluster first"
    do_stop
  fi

  local bindir
  if [[ -n "${PG_BINDIR:-}" && ! -x "${PG_BINDIR}/initdb" ]]; then
    die "PG_BINDIR=$PG_BINDIR has no initdb"
  fi
  if ! bindir="$(find_bindir)"; then
    install_postgres
    bindir="$(find_bindir)" || die "postgresql-15 installed but initdb not found"
  fi
  log "using PostgreSQL binaries in $bindir"

  local base datadir sockdir logfile
  base="$(mktemp -d "${TMPDIR:-/tmp}/${TMP_PREFIX}XXXXXX")"
  datadir="$base/data"
  sockdir="$base/sock"
  logfile="$base/postgres.log"
  mkdir -p "$sockdir"
  : >"$logfile"
  if is_root; then
    chown -R postgres:postgres "$base"
  fi
  chmod 700 "$base"
  # Record state right away so `stop` can clean up whatever happens next.
  printf '%s\n' "$datadir" >"$STATE_FILE"
  log "state file: $STATE_FILE"
  log "folder: $base"

  # If anything below fails, tear everything down again.
  trap 'rc=$?; if [[ $rc -ne 0 ]]; then log "start failed; cleaning up"; tail -n 30 "'"$logfile"'" >&2 2>/dev/null || true; do_stop || true; fi' EXIT

  log "initdb"
  as_pg "$base" "$bindir/initdb" -D "$datadir" -U postgres --auth=trust \
    --encoding=UTF8 --locale=C --no-sync --no-instructions >&2

  cat >>"$datadir/postgresql.conf" <<EOF

# --- pg-throwaway (handlefrihed): test cluster, NOT durable ---
listen_addresses = '127.0.0.1'
unix_socket_directories = '$sockdir'
fsync = off
synchronous_commit = off
full_page_writes = off
EOF

  local port="" attempt
  for attempt in 1 2 3 4 5; do
    port="$(free_port)"
    log "starting postgres on 127.0.0.1:$port (attempt $attempt)"
    if as_pg "$base" "$bindir/pg_ctl" start -D "$datadir" -l "$logfile" -w -t 60 -o "-p $port" >&2; then
      break
    fi
    if grep -qiE 'could not bind|address already in use|could not create any TCP/IP sockets' "$logfile"; then
      log "port $port was taken; retrying with another port"
      port=""
      continue
    fi
    die "pg_ctl start failed (log: $logfile)"
  done
  [[ -n "$port" ]] || die "could not start postgres on a free port"

  log "creating role and database $PG_DB_NAME"
  "$bindir/psql" -X -q -v ON_ERROR_STOP=1 -h "$sockdir" -p "$port" -U postgres -d postgres >&2 <<SQL
CREATE ROLE $PG_USER_NAME WITH LOGIN SUPERUSER CREATEDB CREATEROLE PASSWORD '$PG_PASSWORD';
CREATE DATABASE $PG_DB_NAME OWNER $PG_USER_NAME;
SQL

  local url="postgres://$PG_USER_NAME:$PG_PASSWORD@127.0.0.1:$port/$PG_DB_NAME"
  # Prove the URL works over TCP before handing it out.
  "$bindir/psql" -X -q -v ON_ERROR_STOP=1 "$url" -c 'select 1' >/dev/null \
    || die "started, but cannot connect with $url"

  trap - EXIT
  log "ready in $((SECONDS - t0))s: $url"
  log "stop with: PG_THROWAWAY_STATE=$STATE_FILE $0 stop"
  printf '%s\n' "$url"
}

case "${1:-}" in
  start) do_start ;;
  stop) do_stop ;;
  *)
    echo "usage: $0 start|stop   (state file: \$PG_THROWAWAY_STATE, default /tmp/handlefrihed-pg.state)" >&2
    exit 2
    ;;
esac
