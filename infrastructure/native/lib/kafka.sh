# shellcheck shell=bash
# Kafka: one KRaft node (broker + controller) from the jars Maven put in .local/kafka-<version>/libs.
# Storage is formatted on the first start only; topics are created (idempotently) with kafkajs.

KAFKA_DATA_DIR="$LOCAL_DIR/kafka-data"
KAFKA_CONFIG="$LOCAL_DIR/kafka-config/server.properties"
KAFKA_PID="$RUN_DIR/kafka.pid"
KAFKA_LOG="$LOG_DIR/kafka.log"
# JVM stdout/stderr: startup failures and crashes that happen before log4j is configured.
KAFKA_OUT="$LOG_DIR/kafka.out"

kafka_pid() { live_pid "$KAFKA_PID" "$KAFKA_CONFIG"; }

kafka_java() {
  find_java 17 || die "Kafka $KAFKA_VERSION needs Java 17 or newer (apt-get install openjdk-17-jre-headless)" "$EXIT_MISSING"
}

kafka_render_config() {
  mkdir -p "$(dirname "$KAFKA_CONFIG")" "$KAFKA_DATA_DIR"
  render_template "$NATIVE_DIR/kafka/server.properties.template" "$KAFKA_CONFIG" \
    KAFKA_HOST="$KAFKA_HOST" KAFKA_PORT="$KAFKA_PORT" \
    KAFKA_CONTROLLER_PORT="$KAFKA_CONTROLLER_PORT" KAFKA_DATA_DIR="$KAFKA_DATA_DIR"
}

# The storage tool writes meta.properties; its presence means "formatted", so data survives restarts.
kafka_format_once() {
  local java=$1 cluster_id
  local -a tool=("$java" -Dlog4j.configuration="file:$NATIVE_DIR/kafka/log4j.properties"
    -Dkafka.logs.dir="$LOG_DIR" -cp "$(kafka_home)/libs/*" kafka.tools.StorageTool)
  [[ -f $KAFKA_DATA_DIR/meta.properties ]] && return 0
  cluster_id=$("${tool[@]}" random-uuid) || die "the storage tool could not make a cluster id"
  log "formatting storage in $KAFKA_DATA_DIR (cluster id $cluster_id)"
  "${tool[@]}" format -t "$cluster_id" -c "$KAFKA_CONFIG" >>"$KAFKA_OUT" 2>&1 ||
    die "storage format failed (see $KAFKA_OUT)"
}

kafka_start() {
  local java
  java=$(kafka_java)
  kafka_render_config
  kafka_format_once "$java"
  log "starting Kafka $KAFKA_VERSION on $KAFKA_HOST:$KAFKA_PORT (controller $KAFKA_CONTROLLER_PORT) with $java"
  rotate_log "$KAFKA_OUT"
  # shellcheck disable=SC2086  # KAFKA_HEAP_OPTS holds several JVM flags on purpose
  launch_daemon "$KAFKA_PID" "$KAFKA_OUT" "$LOCAL_DIR" \
    "$java" $KAFKA_HEAP_OPTS -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true \
    -Dlog4j.configuration="file:$NATIVE_DIR/kafka/log4j.properties" -Dkafka.logs.dir="$LOG_DIR" \
    -cp "$(kafka_home)/libs/*" kafka.Kafka "$KAFKA_CONFIG"
  wait_until "broker port $KAFKA_PORT open" 90 "$KAFKA_PID" "$KAFKA_CONFIG" "$KAFKA_OUT $KAFKA_LOG" \
    port_open "$KAFKA_HOST" "$KAFKA_PORT"
}

# kafkajs (the services' client) creates the topics: a passing run proves the pairing works.
kafka_ensure_topics() {
  local output line
  # shellcheck disable=SC2086  # KAFKA_TOPICS is a space-separated list of name:partitions
  output=$("$KOT_ROOT/node_modules/.bin/tsx" "$NATIVE_DIR/node/ensure-topics.ts" \
    "$KAFKA_HOST:$KAFKA_PORT" $KAFKA_TOPICS 2>&1) || die "topics: $output"
  while IFS= read -r line; do log "$line"; done <<<"$output"
}

kafka_up() {
  local COMPONENT=kafka pid
  if pid=$(kafka_pid); then
    log "already running (pid $pid)"
    # Alive but not listening yet: an earlier start was interrupted while Kafka was booting.
    port_open "$KAFKA_HOST" "$KAFKA_PORT" ||
      wait_until "broker port $KAFKA_PORT open" 90 "$KAFKA_PID" "$KAFKA_CONFIG" "$KAFKA_OUT $KAFKA_LOG" \
        port_open "$KAFKA_HOST" "$KAFKA_PORT"
  elif port_open "$KAFKA_HOST" "$KAFKA_PORT"; then
    warn "$KAFKA_HOST:$KAFKA_PORT is taken by a process this stack did not start; using it as is"
  else
    kafka_start
  fi
  kafka_ensure_topics
}

kafka_down() {
  local COMPONENT=kafka
  # A controlled shutdown of a single node takes a few seconds; give it time before KILL.
  stop_pidfile "$KAFKA_PID" "$KAFKA_CONFIG" 60 || log "not running"
}

kafka_status() {
  local pid
  if pid=$(kafka_pid) && port_open "$KAFKA_HOST" "$KAFKA_PORT"; then
    printf '%-9s up    %s:%s  (controller %s, pid %s, log %s)\n' kafka "$KAFKA_HOST" "$KAFKA_PORT" \
      "$KAFKA_CONTROLLER_PORT" "$pid" "${KAFKA_LOG#"$KOT_ROOT"/}"
  elif port_open "$KAFKA_HOST" "$KAFKA_PORT"; then
    printf '%-9s up    %s:%s  (not started by this stack)\n' kafka "$KAFKA_HOST" "$KAFKA_PORT"
  else
    printf '%-9s down  %s:%s\n' kafka "$KAFKA_HOST" "$KAFKA_PORT"
    return 1
  fi
}
