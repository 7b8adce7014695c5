#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# Start or stop a throwaway PostgreSQL cluster for directive_tracker's tests.
#
#   eval "$(bash scripts/pg-test-server.sh start)"   # prints: export DIRECTIVE_TRACKER_PG_DSN=...
#   bash scripts/pg-test-server.sh status            # exit 0 when running
#   bash scripts/pg-test-server.sh dsn               # print the DSN of the running cluster
#   bash scripts/pg-test-server.sh stop              # stop it and delete its data directory
#
# Only the export line goes to stdout; every diagnostic goes to stderr, so `eval` is safe.
# The cluster listens on 127.0.0.1 only (trust authentication: it is a throwaway test
# cluster, never use this for real data) and keeps its unix socket inside its own
# directory.  `start` is idempotent: when the cluster is already running it only prints
# the export line.  When no PostgreSQL binaries are installed it installs the Debian
# package `postgresql` (needs root).  PostgreSQL refuses to run as root, so as root the
# server runs as the unprivileged OS user $DT_PG_OS_USER (created when missing).
#
# Environment (all optional):
#   PGDATA_DIR      cluster directory            (default /tmp/dt-pg)
#   DT_PG_PORT      first port to try            (default 54329; the next free one is used)
#   DT_PG_DB        database to create           (default directive_tracker_test)
#   DT_PG_OS_USER   OS user running the server   (default postgres; root only)
set -euo pipefail

DIR="${PGDATA_DIR:-/tmp/dt-pg}"
DATA="$DIR/data"
PORT_FILE="$DIR/port"
LOG="$DIR/server.log"
DB="${DT_PG_DB:-directive_tracker_test}"
OS_USER="${DT_PG_OS_USER:-postgres}"
FIRST_PORT="${DT_PG_PORT:-54329}"

log() { printf 'pg-test-server: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

find_bindir() {
    local d
    if [[ -n "${PG_BINDIR:-}" && -x "$PG_BINDIR/initdb" ]]; then echo "$PG_BINDIR"; return 0; fi
    # newest version first
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -V -r); do
        if [[ -x "$d/initdb" && -x "$d/pg_ctl" ]]; then echo "$d"; return 0; fi
    done
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        dirname "$(command -v initdb)"; return 0
    fi
    return 1
}

ensure_bindir() {
    local bindir
    if bindir=$(find_bindir); then echo "$bindir"; return 0; fi
    [[ $(id -u) -eq 0 ]] || die "no initdb/pg_ctl found and not root; install PostgreSQL (apt-get install postgresql) or set PG_BINDIR"
    log "PostgreSQL binaries not found; installing the distribution package 'postgresql'"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
    bindir=$(find_bindir) || die "installed postgresql but still no initdb/pg_ctl under /usr/lib/postgresql/*/bin"
    echo "$bindir"
}

# Run a command as the server's OS user (as root) or as ourselves (otherwise), from /
# so that a checkout the server's user cannot read (e.g. under /root) does not matter.
as_owner() {
    if [[ $(id -u) -eq 0 ]]; then
        if command -v runuser >/dev/null 2>&1; then
            (cd / && runuser -u "$OS_USER" -- "$@")
        else
            (cd / && su -s /bin/sh "$OS_USER" -c "$(printf '%q ' "$@")")
        fi
    else
        (cd / && "$@")
    fi
}

ensure_os_user() {
    [[ $(id -u) -eq 0 ]] || return 0
    if ! id "$OS_USER" >/dev/null 2>&1; then
        log "creating unprivileged OS user '$OS_USER' to run the server"
        useradd --system --no-create-home --shell /usr/sbin/nologin "$OS_USER" >&2 \
            || adduser --system --no-create-home --group "$OS_USER" >&2
    fi
}

port_in_use() {
    # bash's /dev/tcp: connecting succeeds only when something listens
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

free_port() {
    local p="$FIRST_PORT"
    while port_in_use "$p"; do
        p=$((p + 1))
        (( p < FIRST_PORT + 100 )) || die "no free port in $FIRST_PORT..$((FIRST_PORT + 99))"
    done
    echo "$p"
}

is_running() {
    local bindir="$1"
    [[ -f "$DATA/PG_VERSION" && -f "$PORT_FILE" ]] || return 1
    as_owner "$bindir/pg_ctl" -D "$DATA" status >/dev/null 2>&1 || return 1
    # A live pid is not enough (a crashed postmaster can linger): it must answer.
    "$bindir/pg_isready" -q -h 127.0.0.1 -p "$(cat "$PORT_FILE")" -t 5
}

print_dsn() {
    local port
    port=$(cat "$PORT_FILE")
    echo "export DIRECTIVE_TRACKER_PG_DSN=postgresql://postgres@127.0.0.1:${port}/${DB}"
}

cmd_start() {
    local bindir port owner
    bindir=$(ensure_bindir)
    ensure_os_user
    owner=$([[ $(id -u) -eq 0 ]] && echo "$OS_USER" || id -un)
    if is_running "$bindir"; then
        log "already running from $DATA on port $(cat "$PORT_FILE")"
        print_dsn
        return 0
    fi
    if [[ -f "$DATA/postmaster.pid" ]]; then
        # Left over from a crash or a killed server: stop what remains, if anything.
        log "stale server state in $DATA; stopping it before starting again"
        as_owner "$bindir/pg_ctl" -D "$DATA" -m immediate -w -t 20 stop >/dev/null 2>&1 || true
    fi
    mkdir -p "$DIR"
    chmod 0755 "$DIR"
    [[ $(id -u) -eq 0 ]] && chown "$owner" "$DIR"
    if [[ ! -f "$DATA/PG_VERSION" ]]; then
        rm -rf "$DATA"
        log "initdb into $DATA ($bindir)"
        as_owner "$bindir/initdb" -D "$DATA" -U postgres -A trust -E UTF8 --locale=C \
            >"$DIR/initdb.log" 2>&1 || { cat "$DIR/initdb.log" >&2; die "initdb failed"; }
    fi
    port=$(free_port)
    echo "$port" >"$PORT_FILE"
    log "starting on 127.0.0.1:$port (log: $LOG)"
    # fsync off: a throwaway test cluster trades durability for speed.
    if ! as_owner "$bindir/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 start \
        -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" >&2; then
        tail -n 30 "$LOG" >&2 || true
        die "pg_ctl start failed"
    fi
    if ! as_owner "$bindir/psql" -X -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
        as_owner "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres -E UTF8 "$DB" >&2
        log "created database $DB"
    fi
    print_dsn
}

cmd_stop() {
    local bindir
    bindir=$(find_bindir) || { log "no PostgreSQL binaries; nothing to stop"; return 0; }
    if [[ -f "$DATA/postmaster.pid" ]]; then
        as_owner "$bindir/pg_ctl" -D "$DATA" -m fast -w -t 30 stop >&2 \
            || as_owner "$bindir/pg_ctl" -D "$DATA" -m immediate -w -t 30 stop >&2 || true
        log "stopped"
    else
        log "not running"
    fi
    if [[ -d "$DIR" ]]; then
        rm -rf "$DIR"
        log "removed $DIR"
    fi
}

cmd_status() {
    local bindir
    bindir=$(find_bindir) || die "no PostgreSQL binaries"
    if is_running "$bindir"; then
        log "running from $DATA on port $(cat "$PORT_FILE")"
        return 0
    fi
    log "not running"
    return 1
}

case "${1:-start}" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    dsn) cmd_status >/dev/null 2>&1 || die "not running"; print_dsn ;;
    *) die "usage: $0 start|stop|status|dsn" ;;
esac
