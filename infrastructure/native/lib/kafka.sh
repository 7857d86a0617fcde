# shellcheck shell=bash
# Kafka in KRaft mode from the jars Maven put in .local/kafka-<version>/libs: one node, or a cluster of
# KAFKA_BROKER_COUNT nodes on loopback (every node broker and controller; node n on KAFKA_PORT + 2(n-1)).
# Storage is formatted on a node's first start only; topics are created (idempotently) with kafkajs.
# A single node keeps the historical file names (.local/kafka-data, run/kafka.pid, logs/kafka.log); node n
# of a cluster has its own (.local/kafka-cluster-<count>/node-<n>, run/kafka-<n>.pid, logs/kafka-<n>.log).

kafka_count() { echo "${KAFKA_BROKER_COUNT:-1}"; }

# Sets the NODE_* variables of node $1 (1-based).
kafka_node() {
  local n=$1 count suffix=""
  count=$(kafka_count)
  ((count > 1)) && suffix="-$n"
  NODE_ID=$n
  NODE_PORT=$(kafka_node_port "$KAFKA_PORT" "$n")
  NODE_CONTROLLER_PORT=$(kafka_node_port "$KAFKA_CONTROLLER_PORT" "$n")
  if ((count > 1)); then NODE_DATA="$LOCAL_DIR/kafka-cluster-$count/node-$n"; else NODE_DATA="$LOCAL_DIR/kafka-data"; fi
  NODE_CONFIG="$LOCAL_DIR/kafka-config/server$suffix.properties"
  NODE_PID="$RUN_DIR/kafka$suffix.pid"
  NODE_LOG_FILE="kafka$suffix.log"
  # JVM stdout/stderr: startup failures and crashes that happen before log4j is configured.
  NODE_OUT="$LOG_DIR/kafka$suffix.out"
  NODE_NAME="kafka$suffix"
}

kafka_java() {
  find_java 17 || die "Kafka $KAFKA_VERSION needs Java 17 or newer (apt-get install openjdk-17-jre-headless)" "$EXIT_MISSING"
}

kafka_voters() {
  local n voters=""
  for ((n = 1; n <= $(kafka_count); n++)); do
    voters+="${voters:+,}$n@$KAFKA_HOST:$(kafka_node_port "$KAFKA_CONTROLLER_PORT" "$n")"
  done
  echo "$voters"
}

kafka_render_config() {
  mkdir -p "$(dirname "$NODE_CONFIG")" "$NODE_DATA"
  render_template "$NATIVE_DIR/kafka/server.properties.template" "$NODE_CONFIG" \
    KAFKA_HOST="$KAFKA_HOST" KAFKA_PORT="$NODE_PORT" KAFKA_CONTROLLER_PORT="$NODE_CONTROLLER_PORT" \
    KAFKA_DATA_DIR="$NODE_DATA" KAFKA_NODE_ID="$NODE_ID" KAFKA_VOTERS="$(kafka_voters)" \
    KAFKA_RF="$(kafka_replication_factor)" KAFKA_MIN_ISR="$(kafka_min_insync)"
}

# Every node of a cluster is formatted with the same cluster id, kept beside the nodes' folders.
kafka_cluster_id() {
  local tool_cmd=("$@") file
  if (($(kafka_count) == 1)); then "${tool_cmd[@]}" random-uuid; return; fi
  file="$LOCAL_DIR/kafka-cluster-$(kafka_count)/cluster.id"
  [[ -s $file ]] || { mkdir -p "$(dirname "$file")" && "${tool_cmd[@]}" random-uuid >"$file"; }
  cat "$file"
}

# The storage tool writes meta.properties; its presence means "formatted", so data survives restarts.
kafka_format_once() {
  local java=$1 cluster_id
  local -a tool=("$java" -Dlog4j.configuration="file:$NATIVE_DIR/kafka/log4j.properties"
    -Dkafka.logs.dir="$LOG_DIR" -Dkafka.log.file="$NODE_LOG_FILE" -cp "$(kafka_home)/libs/*" kafka.tools.StorageTool)
  [[ -f $NODE_DATA/meta.properties ]] && return 0
  cluster_id=$(kafka_cluster_id "${tool[@]}") || die "the storage tool could not make a cluster id"
  log "formatting storage in $NODE_DATA (cluster id $cluster_id)"
  "${tool[@]}" format -t "$cluster_id" -c "$NODE_CONFIG" >>"$NODE_OUT" 2>&1 ||
    die "storage format failed (see $NODE_OUT)"
}

kafka_heap_opts() {
  if (($(kafka_count) > 1)); then echo "${KAFKA_CLUSTER_HEAP_OPTS:-$KAFKA_HEAP_OPTS}"; else echo "$KAFKA_HEAP_OPTS"; fi
}

# Launches node $1 without waiting: a cluster's nodes must start together to elect a controller.
kafka_launch() {
  local java heap
  kafka_node "$1"
  java=$(kafka_java)
  heap=$(kafka_heap_opts)
  kafka_render_config
  kafka_format_once "$java"
  log "starting $NODE_NAME ($KAFKA_VERSION) on $KAFKA_HOST:$NODE_PORT (controller $NODE_CONTROLLER_PORT) with $java"
  rotate_log "$NODE_OUT"
  # shellcheck disable=SC2086  # heap holds several JVM flags on purpose
  launch_daemon "$NODE_PID" "$NODE_OUT" "$LOCAL_DIR" \
    "$java" $heap -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true \
    -Dlog4j.configuration="file:$NATIVE_DIR/kafka/log4j.properties" -Dkafka.logs.dir="$LOG_DIR" \
    -Dkafka.log.file="$NODE_LOG_FILE" -cp "$(kafka_home)/libs/*" kafka.Kafka "$NODE_CONFIG"
}

kafka_wait() {
  kafka_node "$1"
  wait_until "$NODE_NAME port $NODE_PORT open" 90 "$NODE_PID" "$NODE_CONFIG" "$NODE_OUT $LOG_DIR/$NODE_LOG_FILE" \
    port_open "$KAFKA_HOST" "$NODE_PORT"
}

# kafkajs (the services' client) creates the topics: a passing run proves the pairing works. It waits
# until every broker has joined, so replication factor 3 is possible.
kafka_ensure_topics() {
  local output line
  # shellcheck disable=SC2086  # KAFKA_TOPICS is a space-separated list of name:partitions
  # NODE_NO_WARNINGS: kafkajs 2.2.4 trips a harmless TimeoutNegativeWarning on Node 24 (kafkajs#1751).
  output=$(NODE_NO_WARNINGS=1 "$KOT_ROOT/node_modules/.bin/tsx" "$NATIVE_DIR/node/ensure-topics.ts" \
    --brokers "$(kafka_broker_list)" --replication-factor "$(kafka_replication_factor)" \
    --min-insync "$(kafka_min_insync)" $KAFKA_TOPICS 2>&1) || die "topics: $output"
  while IFS= read -r line; do log "$line"; done <<<"$output"
}

# Starts every node that is not running (all of them, or the one a fault killed), then waits for all.
kafka_up() {
  local COMPONENT=kafka n pid
  local -a waiting=()
  for ((n = 1; n <= $(kafka_count); n++)); do
    kafka_node "$n"
    if pid=$(live_pid "$NODE_PID" "$NODE_CONFIG"); then
      port_open "$KAFKA_HOST" "$NODE_PORT" && { log "$NODE_NAME already running (pid $pid)"; continue; }
      # Alive but not listening yet: an earlier start was interrupted while Kafka was booting.
    elif port_open "$KAFKA_HOST" "$NODE_PORT"; then
      warn "$KAFKA_HOST:$NODE_PORT is taken by a process this stack did not start; using it as is"
      continue
    else
      kafka_launch "$n"
    fi
    waiting+=("$n")
  done
  for n in "${waiting[@]}"; do kafka_wait "$n"; done
  kafka_ensure_topics
}

# All nodes at once: a controlled shutdown takes a few seconds each, and a cluster's last nodes would
# otherwise wait for controllers that are already gone. KILL only after the timeout.
kafka_down() {
  local COMPONENT=kafka n
  for ((n = 1; n <= $(kafka_count); n++)); do
    (
      kafka_node "$n"
      COMPONENT=$NODE_NAME
      stop_pidfile "$NODE_PID" "$NODE_CONFIG" 60 || log "not running"
    ) &
  done
  wait
}

kafka_status() {
  local n pid failed=0
  for ((n = 1; n <= $(kafka_count); n++)); do
    kafka_node "$n"
    if pid=$(live_pid "$NODE_PID" "$NODE_CONFIG") && port_open "$KAFKA_HOST" "$NODE_PORT"; then
      printf '%-9s up    %s:%s  (controller %s, pid %s, log %s)\n' "$NODE_NAME" "$KAFKA_HOST" "$NODE_PORT" \
        "$NODE_CONTROLLER_PORT" "$pid" "${LOG_DIR#"$KOT_ROOT"/}/$NODE_LOG_FILE"
    elif port_open "$KAFKA_HOST" "$NODE_PORT"; then
      printf '%-9s up    %s:%s  (not started by this stack)\n' "$NODE_NAME" "$KAFKA_HOST" "$NODE_PORT"
    else
      printf '%-9s down  %s:%s\n' "$NODE_NAME" "$KAFKA_HOST" "$NODE_PORT"
      failed=1
    fi
  done
  return "$failed"
}
