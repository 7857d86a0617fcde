# shellcheck shell=bash
# Postgres: use the machine's server when it answers; otherwise start the machine's cluster;
# otherwise initdb a private cluster under .local/pgdata with the machine's binaries.
# Only that private cluster is ever stopped by `down`: the machine's service is not ours.
# POSTGRES_MODE=private in the env file skips the machine's server and always uses the private cluster.

PGDATA_DIR="$LOCAL_DIR/pgdata"
PG_LOG="$LOG_DIR/postgres.log"

# Read-write whatever the database's default: the kot_test template refuses writes by default
# (scripts/lib/prepare-test-db.sh), and the bootstrap's grants must still apply to it.
pg_superuser_psql() {
  PGOPTIONS="-c default_transaction_read_only=off" PGPASSWORD="$POSTGRES_SUPERUSER_PASSWORD" psql -X -q -v ON_ERROR_STOP=1 \
    -h "$POSTGRES_HOST" -p "$POSTGRES_PORT" -U "$POSTGRES_SUPERUSER" "$@"
}

pg_answers() {
  port_open "$POSTGRES_HOST" "$POSTGRES_PORT" && pg_superuser_psql -d postgres -Atc 'SELECT 1' >/dev/null 2>&1
}

pg_private_cluster_running() {
  [[ -f $PGDATA_DIR/postmaster.pid ]] && kill -0 "$(head -n 1 "$PGDATA_DIR/postmaster.pid")" 2>/dev/null
}

# Newest server binaries on the machine (Debian keeps them outside PATH).
pg_bin_dir() {
  local dir
  if command -v pg_config >/dev/null 2>&1 && dir=$(pg_config --bindir 2>/dev/null) && [[ -x $dir/initdb ]]; then
    echo "$dir"; return 0
  fi
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [[ -n $dir && -x $dir/initdb ]] && echo "$dir"
}

# initdb and postgres refuse to run as root; run them as the `postgres` account then.
pg_as_owner() {
  if ((EUID == 0)); then
    id postgres >/dev/null 2>&1 || die "running as root and there is no 'postgres' user to own $PGDATA_DIR" "$EXIT_MISSING"
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

pg_try_machine_cluster() {
  local version
  command -v pg_ctlcluster >/dev/null 2>&1 || return 1
  version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
  [[ -n $version && -d /etc/postgresql/$version/main ]] || return 1
  log "starting the machine's cluster $version/main"
  # 9>&-: the server must not inherit stack.sh's lock (see launch_daemon).
  pg_ctlcluster --skip-systemctl-redirect "$version" main start 9>&- || warn "pg_ctlcluster could not start $version/main"
  local i
  for i in $(seq 1 20); do pg_answers && return 0; sleep 0.5; done
  return 1
}

pg_start_private_cluster() {
  local bin
  bin=$(pg_bin_dir) || die "no Postgres server binaries found (apt-get install postgresql)" "$EXIT_MISSING"
  mkdir -p "$PGDATA_DIR"
  if ((EUID == 0)); then
    touch "$PG_LOG"
    chown postgres: "$PGDATA_DIR" "$PG_LOG"
  fi
  if [[ ! -f $PGDATA_DIR/PG_VERSION ]]; then
    log "initdb of a private cluster in $PGDATA_DIR ($bin)"
    pg_as_owner "$bin/initdb" -D "$PGDATA_DIR" -U "$POSTGRES_SUPERUSER" --auth=trust -E UTF8 >>"$PG_LOG" 2>&1 ||
      die "initdb failed (see $PG_LOG)"
  fi
  log "starting the private cluster on $POSTGRES_HOST:$POSTGRES_PORT"
  # TCP only: no socket directory to own or to collide with the machine's server.
  pg_as_owner "$bin/pg_ctl" -D "$PGDATA_DIR" -l "$PG_LOG" -w -t 60 start \
    -o "-p $POSTGRES_PORT -c listen_addresses=$POSTGRES_HOST -c unix_socket_directories=''" >/dev/null 9>&- ||
    die "the private cluster did not start (see $PG_LOG)"
}

pg_bootstrap() {
  pg_superuser_psql -d postgres -f "$KOT_ROOT/infrastructure/postgres/init.sql" >/dev/null ||
    die "bootstrap SQL infrastructure/postgres/init.sql failed"
  log "roles, databases ($POSTGRES_DB, $POSTGRES_TEST_DB, $REGISTRY_DB) and service schemas in place"
}

postgres_up() {
  local COMPONENT=postgres
  require_command psql "the stack bootstraps its databases with it (apt-get install postgresql-client)"
  if [[ ${POSTGRES_MODE:-auto} == private ]]; then
    # A stack that must be free to restart its database (fault injection) never uses the machine's.
    pg_private_cluster_running || pg_start_private_cluster
  elif pg_answers; then
    log "server answers on $POSTGRES_HOST:$POSTGRES_PORT"
  elif pg_private_cluster_running; then
    die "the private cluster in $PGDATA_DIR runs but does not answer on $POSTGRES_HOST:$POSTGRES_PORT"
  elif [[ ! -f $PGDATA_DIR/PG_VERSION ]] && pg_try_machine_cluster; then
    log "machine's cluster answers on $POSTGRES_HOST:$POSTGRES_PORT"
  else
    pg_start_private_cluster
  fi
  pg_bootstrap
}

postgres_down() {
  local COMPONENT=postgres bin
  if pg_private_cluster_running; then
    bin=$(pg_bin_dir) || die "cannot find pg_ctl to stop $PGDATA_DIR"
    log "stopping the private cluster in $PGDATA_DIR"
    pg_as_owner "$bin/pg_ctl" -D "$PGDATA_DIR" -m fast -w -t 60 stop >/dev/null || die "pg_ctl stop failed"
  else
    log "left alone (not started by this stack)"
  fi
}

postgres_status() {
  local owner="machine's server"
  pg_private_cluster_running && owner="private cluster $PGDATA_DIR, pid $(head -n 1 "$PGDATA_DIR/postmaster.pid")"
  if pg_answers; then
    printf '%-9s up    %s:%s  (%s)\n' postgres "$POSTGRES_HOST" "$POSTGRES_PORT" "$owner"
  else
    printf '%-9s down  %s:%s\n' postgres "$POSTGRES_HOST" "$POSTGRES_PORT"
    return 1
  fi
}
