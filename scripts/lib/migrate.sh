#!/usr/bin/env bash
# Generates every service's Prisma client and applies its migrations to one database, each service
# connecting as its own role (which owns only its schema). Usage: migrate.sh <database> (kot | kot_test)
# Clients are generated in parallel; migrations run one after another because Prisma takes one
# database-wide advisory lock for `migrate deploy` and gives up after 10 s of waiting.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
database="${1:?usage: migrate.sh <database>}"
pg_host="${PGHOST_ADDR:-127.0.0.1}"
pg_port="${PGPORT_NUMBER:-5432}"
services=()
for schema_file in "$root"/services/*/prisma/schema.prisma; do
  services+=("$(dirname "$(dirname "$schema_file")")")
done

url_for() {
  local role="${1//-/_}"
  echo "postgresql://${role}:${role}@${pg_host}:${pg_port}/${database}?schema=${role}"
}

# True when every migration folder of the service is recorded as applied (skips the slow Prisma CLI).
up_to_date() {
  local dir=$1 role=${2//-/_} applied name
  applied=$(psql "postgresql://${role}:${role}@${pg_host}:${pg_port}/${database}" -Atqc \
    "SELECT migration_name FROM ${role}._prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL" 2>/dev/null) || return 1
  for name in $(ls "$dir/prisma/migrations" | grep -v '\.toml$'); do
    grep -qx "$name" <<<"$applied" || return 1
  done
}

# The generated client is rebuilt only when the schema is newer than it.
for dir in "${services[@]}"; do
  client="$dir/src/generated/prisma/client.ts"
  [[ -f $client && $client -nt $dir/prisma/schema.prisma ]] && continue
  ( cd "$dir" && DATABASE_URL="$(url_for "$(basename "$dir")")" npx --no-install prisma generate >/dev/null 2>&1 ) &
done
status=0
for job in $(jobs -p); do wait "$job" || status=1; done
[ "$status" -eq 0 ] || { echo "prisma generate failed; run it in a service folder to see why" >&2; exit 1; }

for dir in "${services[@]}"; do
  service="$(basename "$dir")"
  if command -v psql >/dev/null && up_to_date "$dir" "$service"; then continue; fi
  if ! out="$(cd "$dir" && DATABASE_URL="$(url_for "$service")" npx --no-install prisma migrate deploy 2>&1)"; then
    echo "$out" >&2
    echo "migrations failed for $service on $database" >&2
    exit 1
  fi
done
echo "migrations applied to $database (${#services[@]} services)"
