#!/usr/bin/env bash
# The application half of start-system.sh: migrations on the `kot` database, then the simulators
# (payment provider, carrier, mail catcher), then the five services, each a background process with
# its pid in .local/run/apps/<name>.pid and its log in .local/logs/<name>.log. Returns when every
# readiness check is green, or fails naming what did not come up. Already-running apps are left alone.
# Last, Prometheus on 127.0.0.1:$PROMETHEUS_PORT with monitoring/prometheus (data in .local/prometheus).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$root/infrastructure/native/lib/common.sh"
source "$root/scripts/lib/apps.sh"
load_stack_env
mkdir -p "$APPS_RUN_DIR"
READY_TIMEOUT_S="${READY_TIMEOUT_S:-120}"
# The compiled form (scripts/build/bundle.mjs, `npm run build`): what production runs, without the tsx loader.
# Memory (issue 16: <= 150 MB idle, <= 180 MB at the bench's peak), measured 2026-12-03 with the bench at
# c=80: V8 sizes the heap for speed, not RSS. Node 24 lets semi-spaces grow to 64 MB (16 MB here took the peak
# from 250-284 to 205-239 MB); 8 MB semi-spaces and two malloc arenas take idle from 130-151 to 113-131 MB,
# and an old-space limit of 128 MB (live data is 40-70 MB under that load) the peak to 141-172 MB.
# The same flags are in the Dockerfiles' CMD and the packages' npm start (tests hold them equal).
APP_NODE=(node --enable-source-maps --max-semi-space-size=8 --max-old-space-size=128)
# glibc makes an arena per thread that allocates; Node's worker threads then keep freed memory resident.
export MALLOC_ARENA_MAX=2
# The benchmark turns the order-service rate limit off (ORDER_RATE_LIMIT_PER_SECOND=0): pass the
# limit's settings through explicitly when the caller set them, even if only as shell variables.
for var in ORDER_RATE_LIMIT_PER_SECOND ORDER_RATE_LIMIT_BURST; do
  if [[ -n ${!var:-} ]]; then export "${var?}"; fi
done

REPLICAS=${SERVICE_REPLICAS:-1}
BROKERS=$(kafka_broker_list)
POOL_SIZE=$(instance_pool_size "$REPLICAS")

# name, working directory (relative to the repo), entry point, port, readiness path
APPS=(
  "payment-simulator infrastructure/simulators dist/payment/main.js $PAYMENT_SIMULATOR_PORT /health"
  "carrier-simulator infrastructure/simulators dist/carrier/main.js $CARRIER_SIMULATOR_PORT /health"
  "mail-catcher infrastructure/simulators dist/mail/main.js $MAIL_HTTP_PORT /health"
)
# Instance n of each service (start-system.sh --replicas N) on its port + 100(n-1); see topology.ts.
for ((n = 1; n <= REPLICAS; n++)); do
  for service in "${SERVICE_NAMES[@]}"; do
    base_port_var="${service^^}_SERVICE_PORT"
    APPS+=("$(instance_name "$service-service" "$n") services/$service-service dist/main.js $(instance_port "${!base_port_var}" "$n") /health/ready")
  done
done

# What an instance is told beyond the defaults in its config.ts: where it listens and finds Kafka, its share
# of the connections, and (shipping) the address the carrier calls back, which must be its own.
instance_env() {
  local name=$1 port=$2
  local -a env=(SERVICE_PORT="$port" KAFKA_BROKERS="$BROKERS" DB_POOL_SIZE="$POOL_SIZE")
  [[ $name == shipping-service* ]] && env+=(PUBLIC_URL="http://127.0.0.1:$port")
  printf '%s\n' "${env[@]}"
}

start_app() {
  local name=$1 dir=$2 entry=$3 port=$4 COMPONENT=$1
  local pidfile="$APPS_RUN_DIR/$name.pid" logfile="$LOG_DIR/$name.log"
  if live_pid "$pidfile" "$entry" >/dev/null; then
    log "already running"
    return
  fi
  port_open 127.0.0.1 "$port" && die "port $port is taken by a process this script did not start"
  [[ -f $root/$dir/$entry ]] || die "$dir/$entry does not exist"
  local -a env=()
  [[ $dir == services/* ]] && mapfile -t env < <(instance_env "$name" "$port")
  launch_daemon "$pidfile" "$logfile" "$root/$dir" env "${env[@]}" "${APP_NODE[@]}" "$entry"
  log "started (pid $(<"$pidfile"), log .local/logs/$name.log)"
}

ready() {
  [[ $(http_status 127.0.0.1 "$1" "$2") == 200 ]]
}

COMPONENT=migrate
log "applying migrations to ${POSTGRES_DB}"
bash "$root/scripts/lib/migrate.sh" "$POSTGRES_DB" | while read -r line; do log "$line"; done

# After the migrations, which generate the Prisma clients the bundles include. Turbo caches it: a second
# start with nothing changed takes well under a second.
COMPONENT=build
log "building the services, simulators and operator tools (npm run build)"
(cd "$root" && TURBO_TELEMETRY_DISABLED=1 npx --no-install turbo run build --output-logs=errors-only) >"$LOG_DIR/build.log" 2>&1 \
  || { tail -n 30 "$LOG_DIR/build.log" >&2; die "the build failed (log .local/logs/build.log)"; }

for app in "${APPS[@]}"; do
  read -r name dir entry port _path <<<"$app"
  start_app "$name" "$dir" "$entry" "$port"
done
for app in "${APPS[@]}"; do
  read -r name dir entry port path <<<"$app"
  COMPONENT=$name wait_until "ready on :$port$path" "$READY_TIMEOUT_S" "$APPS_RUN_DIR/$name.pid" "$entry" "$LOG_DIR/$name.log" ready "$port" "$path"
done

start_prometheus() {
  local COMPONENT=prometheus pidfile="$APPS_RUN_DIR/prometheus.pid" logfile="$LOG_DIR/prometheus.log"
  local config="$root/monitoring/prometheus/prometheus.yml"
  if live_pid "$pidfile" "$config" >/dev/null; then
    log "already running"
    return
  fi
  command -v prometheus >/dev/null 2>&1 || bash "$root/scripts/lib/ensure-prerequisites.sh"
  require_command prometheus "install Debian's prometheus package (scripts/lib/ensure-prerequisites.sh does, as root)"
  port_open 127.0.0.1 "$PROMETHEUS_PORT" && die "port $PROMETHEUS_PORT is taken by a process this script did not start"
  mkdir -p "$KOT_ROOT/.local/prometheus"
  launch_daemon "$pidfile" "$logfile" "$root" prometheus --config.file="$config" \
    --storage.tsdb.path="$KOT_ROOT/.local/prometheus" --web.listen-address="127.0.0.1:$PROMETHEUS_PORT" --storage.tsdb.retention.time=7d
  log "started (pid $(<"$pidfile"), log .local/logs/prometheus.log)"
  wait_until "ready on :$PROMETHEUS_PORT" "$READY_TIMEOUT_S" "$pidfile" "$config" "$logfile" ready "$PROMETHEUS_PORT" /-/ready
}
start_prometheus
