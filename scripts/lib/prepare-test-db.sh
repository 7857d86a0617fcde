#!/usr/bin/env bash
# Run by scripts/test.sh after the stack is up: migrates kot_test, the template every integration test
# file clones its own database from (shared-models/testing/src/test-database.ts).
#
# The template must stay empty, so it refuses writes by default: a test that connects before its own
# database exists (e.g. building a URL at module load, before the per-file setup ran) then fails loudly
# instead of leaving rows that every later clone inherits. Migrations lift the guard for their run;
# clones do not inherit the setting (it belongs to the database, not its contents).
set -euo pipefail
lib="$(dirname "${BASH_SOURCE[0]}")"
superuser=(psql -h "${PGHOST_ADDR:-127.0.0.1}" -p "${PGPORT_NUMBER:-5432}" -U "${PGSUPERUSER:-postgres}" -d postgres -qAtc)
"${superuser[@]}" "ALTER DATABASE kot_test RESET default_transaction_read_only"
bash "$lib/migrate.sh" kot_test
"${superuser[@]}" "ALTER DATABASE kot_test SET default_transaction_read_only = on"
