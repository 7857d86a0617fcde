#!/usr/bin/env bash
# One screen: every service and server (health, readiness, version, uptime, outbox backlog, breakers),
# orders by status, topic end offsets, DLQ size and consumer lag per group and partition.
# Works while the system is partly down (says what is down); exits 1 when anything is down.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
exec node --import tsx scripts/lib/system-status.ts
