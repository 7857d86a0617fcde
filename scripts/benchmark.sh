#!/usr/bin/env bash
# The performance benchmark against the running system (scripts/start-system.sh): checks the order
# service answers and pgbench is there, then runs scripts/bench/bench.ts with the given options.
# `npm run bench -- --help` lists them; README "Performance" explains the figures.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/infrastructure/native/lib/common.sh"
load_stack_env
COMPONENT=bench

# The bench places orders on every order-service instance in turn: each must be ready.
for ((n = 1; n <= ${SERVICE_REPLICAS:-1}; n++)); do
  port=$(instance_port "$ORDER_SERVICE_PORT" "$n")
  [[ $(http_status 127.0.0.1 "$port" /health/ready) == 200 ]] \
    || die "the order service is not ready on :$port; start the system first: CARRIER_STEP_MS=0 scripts/start-system.sh"
done
ls /usr/lib/postgresql/*/bin/pgbench >/dev/null 2>&1 \
  || log "pgbench not found: the Postgres ceiling will be missing (scripts/lib/ensure-prerequisites.sh installs it as root)"

cd "$root"
exec node --import tsx scripts/bench/bench.ts "$@"
