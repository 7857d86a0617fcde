#!/usr/bin/env bash
# What `npm test` runs: type check and lint, the unit tier, then the integration tier against the real local stack.
#   - installs npm packages when node_modules is missing, and Prometheus's tools when promtool is,
#   - brings the stack up (infrastructure/native/stack.sh up; about a second when it already runs),
#   - prepares the test database through scripts/lib/prepare-test-db.sh when that file exists,
#   - runs both Jest projects even if the first fails, and exits non-zero if either did.
# Extra arguments narrow both runs, e.g. `npm test -- services/order-service`.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source "$root/scripts/lib/node-modules.sh"

ensure_node_modules "$root"
# Machine tools some tests drive (promtool and prometheus, tmux, chromium, pgbench): checked every
# time (a second when all are there), installed from Debian when missing and run as root.
bash scripts/lib/ensure-prerequisites.sh || echo "warning: a machine prerequisite is missing; the tests that need it will fail" >&2
bash infrastructure/native/stack.sh up
if [[ -f scripts/lib/prepare-test-db.sh ]]; then
  bash scripts/lib/prepare-test-db.sh
fi

results_dir="$root/.local/test-results"
mkdir -p "$results_dir"
rm -f "$results_dir"/*.json
# Paths go before --selectProjects, which would otherwise take them for project names.
extra=("$@")
((${#extra[@]} == 0)) || extra+=(--passWithNoTests)

status=0
# Static checks first: Jest's swc transform strips types, so without these a type error would land green.
# Both run over the whole tree (root tsconfig.json, eslint.config.mjs) and count as one failed check each.
# A narrowed run (`npm test -- path`) skips them.
static_failed=0
static_names=""
if (($# == 0)); then
  echo "typecheck: tsc --noEmit over every package, script and test"
  npx tsc --noEmit -p tsconfig.json || { echo "typecheck: FAILED"; static_failed=$((static_failed + 1)); static_names+=" typecheck"; status=1; }
  echo "lint: eslint . and prettier --check"
  { npx eslint . && npx prettier --check --log-level warn "**/*.{ts,js,mjs,cjs}"; } || { echo "lint: FAILED"; static_failed=$((static_failed + 1)); static_names+=" lint"; status=1; }
fi
npx jest "${extra[@]}" --selectProjects unit --json --outputFile="$results_dir/unit.json" || status=1
# One file at a time: suites share one broker and registry, and some restart a server. --forceExit:
# a suite whose hook timed out under load can leave a handle open, and Jest would then wait forever
# after the last test instead of reporting (CI has a time limit; a hang would hide every result).
npx jest "${extra[@]}" --selectProjects integration --runInBand --forceExit --json --outputFile="$results_dir/integration.json" || status=1

# One closing line over both tiers, in the plain "N passed, N failed" form.
node -e '
  const fs = require("fs");
  let passed = 0, failed = Number(process.argv[2]);
  for (const check of (process.argv[3] ?? "").split(" ").filter(Boolean)) console.log(`failed: static check ${check}`);
  for (const tier of ["unit", "integration"]) {
    const file = `${process.argv[1]}/${tier}.json`;
    if (!fs.existsSync(file)) { console.log(`${tier}: no results (Jest did not finish)`); failed += 1; continue; }
    const r = JSON.parse(fs.readFileSync(file, "utf8"));
    passed += r.numPassedTests;
    // Named here so the last lines of a CI log say which tests failed, whatever is printed before them.
    for (const suite of r.testResults) {
      if (suite.status === "failed" && suite.assertionResults.every((t) => t.status !== "failed"))
        console.log(`failed suite: ${suite.name.replace(process.cwd() + "/", "")}: ${String(suite.message).split("\n").find((l) => l.trim()) ?? ""}`);
      for (const t of suite.assertionResults.filter((t) => t.status === "failed"))
        console.log(`failed: ${suite.name.replace(process.cwd() + "/", "")} › ${t.fullName}`);
    }
    failed += r.numFailedTests + r.numRuntimeErrorTestSuites;
  }
  console.log(`tests: ${passed} passed, ${failed} failed`);
' "$results_dir" "$static_failed" "$static_names" | tee "$results_dir/summary.txt"
exit "$status"
