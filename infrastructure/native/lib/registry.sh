# shellcheck shell=bash
# Schema registry: Apicurio Registry 3 (Quarkus fast-jar unpacked by Maven) with its data in
# Postgres (database REGISTRY_DB), so schema ids survive restarts. Serves the Confluent API at
# REGISTRY_CCOMPAT_PATH, where the services' @kafkajs/confluent-schema-registry client talks to it.

REGISTRY_PID="$RUN_DIR/registry.pid"
REGISTRY_LOG="$LOG_DIR/registry.log"

registry_jar() { echo "$(apicurio_home)/quarkus-run.jar"; }
registry_pid() { live_pid "$REGISTRY_PID" "$(registry_jar)"; }
registry_url() { echo "http://$REGISTRY_HOST:$REGISTRY_PORT$REGISTRY_CCOMPAT_PATH"; }

registry_ready() {
  [[ $(http_status "$REGISTRY_HOST" "$REGISTRY_PORT" "$REGISTRY_CCOMPAT_PATH/subjects") == 200 ]]
}

# Apicurio 3.3 is compiled for Java 21; the machine's default java may be older.
registry_java() {
  find_java 21 || die "Apicurio Registry $APICURIO_VERSION needs Java 21 or newer; none found in JAVA_HOME, PATH or /usr/lib/jvm" "$EXIT_MISSING"
}

# Configuration as environment variables (Quarkus maps APICURIO_DATASOURCE_URL to
# apicurio.datasource.url, and so on); the same names are used in docker-compose.yml.
registry_env() {
  local -a env=(
    APICURIO_STORAGE_KIND=sql
    APICURIO_STORAGE_SQL_KIND=postgresql
    "APICURIO_DATASOURCE_URL=jdbc:postgresql://$POSTGRES_HOST:$POSTGRES_PORT/$REGISTRY_DB"
    "APICURIO_DATASOURCE_USERNAME=$REGISTRY_DB_USER"
    "APICURIO_DATASOURCE_PASSWORD=$REGISTRY_DB_PASSWORD"
    # The default pool opens 20 connections at start; a local registry needs a handful.
    APICURIO_DATASOURCE_JDBC_INITIAL_SIZE=2
    APICURIO_DATASOURCE_JDBC_MIN_SIZE=2
    APICURIO_DATASOURCE_JDBC_MAX_SIZE=10
    "QUARKUS_HTTP_HOST=$REGISTRY_HOST"
    "QUARKUS_HTTP_PORT=$REGISTRY_PORT"
    "QUARKUS_MANAGEMENT_HOST=$REGISTRY_HOST"
    "QUARKUS_MANAGEMENT_PORT=$REGISTRY_MANAGEMENT_PORT"
    # The packaged pattern prints dates like "2026-11+00-22"; use a readable one.
    "QUARKUS_LOG_CONSOLE_FORMAT=%d{yyyy-MM-dd HH:mm:ss,SSS} %-5p [%c{2.}] (%t) %s%e%n"
  )
  printf '%s\n' "${env[@]}"
}

registry_start() {
  local java
  local -a env
  java=$(registry_java)
  mapfile -t env < <(registry_env)
  port_open "$REGISTRY_HOST" "$REGISTRY_MANAGEMENT_PORT" &&
    die "management port $REGISTRY_MANAGEMENT_PORT is taken; set REGISTRY_MANAGEMENT_PORT in stack.env"
  log "starting Apicurio Registry $APICURIO_VERSION on $REGISTRY_HOST:$REGISTRY_PORT (SQL storage in $REGISTRY_DB) with $java"
  rotate_log "$REGISTRY_LOG"
  # shellcheck disable=SC2086  # REGISTRY_HEAP_OPTS holds several JVM flags on purpose
  launch_daemon "$REGISTRY_PID" "$REGISTRY_LOG" "$(apicurio_home)" \
    env "${env[@]}" "$java" $REGISTRY_HEAP_OPTS -jar "$(registry_jar)"
  wait_until "$REGISTRY_CCOMPAT_PATH/subjects answering" 180 "$REGISTRY_PID" "$(registry_jar)" "$REGISTRY_LOG" \
    registry_ready
}

registry_set_compatibility() {
  local output
  output=$("$KOT_ROOT/node_modules/.bin/tsx" "$NATIVE_DIR/node/registry-compatibility.ts" \
    "$(registry_url)" "$REGISTRY_COMPATIBILITY" 2>&1) || die "compatibility: $output"
  log "$output"
}

registry_up() {
  local COMPONENT=registry pid
  if pid=$(registry_pid); then
    log "already running (pid $pid)"
    registry_ready ||
      wait_until "$REGISTRY_CCOMPAT_PATH/subjects answering" 180 "$REGISTRY_PID" "$(registry_jar)" "$REGISTRY_LOG" \
        registry_ready
  elif port_open "$REGISTRY_HOST" "$REGISTRY_PORT"; then
    registry_ready || die "$REGISTRY_HOST:$REGISTRY_PORT is taken by something that is not a schema registry"
    warn "a registry this stack did not start answers on $REGISTRY_HOST:$REGISTRY_PORT; using it as is"
  else
    registry_start
  fi
  registry_set_compatibility
}

registry_down() {
  local COMPONENT=registry
  stop_pidfile "$REGISTRY_PID" "$(registry_jar)" 30 || log "not running"
}

registry_status() {
  local pid
  if pid=$(registry_pid) && registry_ready; then
    printf '%-9s up    %s  (pid %s, log %s)\n' registry "$(registry_url)" "$pid" "${REGISTRY_LOG#"$KOT_ROOT"/}"
  elif registry_ready; then
    printf '%-9s up    %s  (not started by this stack)\n' registry "$(registry_url)"
  else
    printf '%-9s down  %s\n' registry "$(registry_url)"
    return 1
  fi
}
