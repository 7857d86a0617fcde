#!/usr/bin/env bash
# Run by scripts/test.sh after the stack is up: the test suites use the kot_test database.
set -euo pipefail
exec bash "$(dirname "${BASH_SOURCE[0]}")/migrate.sh" kot_test
