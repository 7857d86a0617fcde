# shellcheck shell=bash
# npm packages for the scripts: installed when node_modules is missing, never behind a running
# test's back otherwise (`npm ci` deletes node_modules first). Sourced by start-system.sh and test.sh;
# .ci/run calls install_node_modules directly.

# `npm ci` when the lockfile allows it. npm 11 refuses a lockfile that lacks other platforms'
# optional packages (e.g. @swc/core-darwin-arm64), and on this machine even a freshly generated
# lockfile lacks them; `npm install` then installs the locked versions all the same.
install_node_modules() {
  local root=$1 ci_log
  if [[ ! -f $root/package-lock.json ]]; then
    (cd "$root" && npm install --no-audit --no-fund)
    return
  fi
  ci_log=$(mktemp)
  if (cd "$root" && npm ci --no-audit --no-fund) >"$ci_log" 2>&1; then
    grep -E '^(added|removed|changed|up to date)' "$ci_log" || true
  else
    grep -m 6 -E '^npm error (code|`npm ci`|Missing)' "$ci_log" || tail -n 5 "$ci_log"
    echo "npm ci refused the lockfile; installing the locked versions with npm install instead"
    (cd "$root" && npm install --no-audit --no-fund)
  fi
  rm -f "$ci_log"
}

ensure_node_modules() {
  local root=$1
  [[ -x $root/node_modules/.bin/jest ]] && return 0
  echo "node_modules is missing: installing npm packages"
  install_node_modules "$root"
}
