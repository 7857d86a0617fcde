#!/usr/bin/env bash
# One screen: every service and server (health, readiness, version, uptime, outbox backlog, breakers),
# orders by status, topic end offsets, DLQ size and consumer lag per group and partition.
# Works while the system is partly down (says what is down); exits 1 when anything is down.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# Compiled like the other operator tools (`npm run build:tools`); built first if missing or out of date.
source scripts/lib/node-modules.sh
use_project_node "$PWD" # Node 24 (the `node` dev dependency), as start-system.sh runs the services
node scripts/build/ensure-built.mjs dist/lib/system-status.js
exec node --enable-source-maps dist/lib/system-status.js
