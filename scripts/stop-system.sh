#!/usr/bin/env bash
# Stops what scripts/start-system.sh started: the applications (pid files in .local/run/apps/),
# then the infrastructure (infrastructure/native/stack.sh down). The machine's own Postgres
# service is left running; data in .local/ is kept.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/infrastructure/native/lib/common.sh"
source "$root/scripts/lib/apps.sh"
load_stack_env

stop_apps
bash "$NATIVE_DIR/stack.sh" down
# The next start-system.sh starts the default topology unless told otherwise.
rm -f "$RUN_DIR/topology.env"
