#!/usr/bin/env bash
# Starts the whole system on this machine, idempotently:
#   1. npm packages (only when node_modules is missing),
#   2. the infrastructure: Postgres, Kafka, schema registry (infrastructure/native/stack.sh up),
#   3. the applications, through scripts/lib/start-apps.sh when that file exists,
# then prints what runs where. Stop it all with scripts/stop-system.sh.
#
#   start-system.sh [--brokers N] [--replicas N]
#     --brokers N    Kafka nodes (default 1; 3 gives replication factor 3 and min.insync.replicas 2)
#     --replicas N   instances of each of the five services (default 1; instance n on its port + 100(n-1))
# The choice is recorded in .local/run/topology.env, which every script and tool reads, until stop-system.sh.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/infrastructure/native/lib/common.sh"
source "$root/scripts/lib/node-modules.sh"
source "$root/scripts/lib/apps.sh"
load_stack_env

usage() { sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }
wanted_brokers=$KAFKA_BROKER_COUNT wanted_replicas=$SERVICE_REPLICAS
while (($#)); do
  case $1 in
    --brokers) wanted_brokers=${2:-}; shift 2 || usage ;;
    --replicas) wanted_replicas=${2:-}; shift 2 || usage ;;
    -h | --help) usage ;;
    *) echo "unknown argument '$1'" >&2; usage ;;
  esac
done
[[ $wanted_brokers =~ ^[1-5]$ ]] || { echo "--brokers must be 1 to 5, got '$wanted_brokers'" >&2; usage; }
[[ $wanted_replicas =~ ^[1-9]$ ]] || { echo "--replicas must be 1 to 9, got '$wanted_replicas'" >&2; usage; }

# A running system keeps its shape: changing it means stopping first (a cluster's data is not a single node's).
if [[ $wanted_brokers != "$KAFKA_BROKER_COUNT" || $wanted_replicas != "$SERVICE_REPLICAS" ]]; then
  if bash "$NATIVE_DIR/stack.sh" status kafka >/dev/null 2>&1 || compgen -G "$APPS_RUN_DIR/*.pid" >/dev/null; then
    die "the system runs with $KAFKA_BROKER_COUNT broker(s) and $SERVICE_REPLICAS instance(s) per service; run scripts/stop-system.sh first"
  fi
  printf 'KAFKA_BROKER_COUNT=%s\nSERVICE_REPLICAS=%s\n' "$wanted_brokers" "$wanted_replicas" >"$RUN_DIR/topology.env"
  load_stack_env
fi
log "topology: $KAFKA_BROKER_COUNT Kafka broker(s), $SERVICE_REPLICAS instance(s) of each service"

ensure_node_modules "$root"
bash "$NATIVE_DIR/stack.sh" up

# ---------------------------------------------------------------------------------------------
# Applications. scripts/lib/start-apps.sh owns migrations and the services/simulators; it
# starts each in the background with its pid in .local/run/apps/<name>.pid and returns once
# they are ready (or fails, which fails this script).
# ---------------------------------------------------------------------------------------------
if [[ -f $root/scripts/lib/start-apps.sh ]]; then
  bash "$root/scripts/lib/start-apps.sh"
else
  log "scripts/lib/start-apps.sh does not exist: infrastructure only"
fi

print_system_table
