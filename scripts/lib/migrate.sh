#!/usr/bin/env bash
# Generates every service's Prisma client and applies its migrations to one database, each service
# connecting as its own role (which owns only its schema). Usage: migrate.sh <database> (kot | kot_test)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
database="${1:?usage: migrate.sh <database>}"
pg_host="${PGHOST_ADDR:-127.0.0.1}"
pg_port="${PGPORT_NUMBER:-5432}"

for schema_file in "$root"/services/*/prisma/schema.prisma; do
  service_dir="$(dirname "$(dirname "$schema_file")")"
  service="$(basename "$service_dir")"
  role="${service//-/_}"
  export DATABASE_URL="postgresql://${role}:${role}@${pg_host}:${pg_port}/${database}?schema=${role}"
  (
    cd "$service_dir"
    npx --no-install prisma generate >/dev/null 2>&1 || { echo "prisma generate failed for $service" >&2; npx --no-install prisma generate; exit 1; }
    if ! out="$(npx --no-install prisma migrate deploy 2>&1)"; then
      echo "$out" >&2
      echo "migrations failed for $service on $database" >&2
      exit 1
    fi
  ) &
done
status=0
for job in $(jobs -p); do wait "$job" || status=1; done
[ "$status" -eq 0 ] && echo "migrations applied to $database"
exit "$status"
