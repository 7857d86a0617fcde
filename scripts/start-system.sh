#!/usr/bin/env bash
# Starts the whole system on this machine, idempotently:
#   1. npm packages (only when node_modules is missing),
#   2. the infrastructure: Postgres, Kafka, schema registry (infrastructure/native/stack.sh up),
#   3. the applications, through scripts/lib/start-apps.sh when that file exists,
# then prints what runs where. Stop it all with scripts/stop-system.sh.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/infrastructure/native/lib/common.sh"
source "$root/scripts/lib/node-modules.sh"
source "$root/scripts/lib/apps.sh"
load_stack_env

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
