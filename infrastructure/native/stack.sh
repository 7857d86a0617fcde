#!/usr/bin/env bash
# The project's local stack without Docker: Postgres, Kafka (KRaft) and Apicurio Registry,
# configured from infrastructure/stack.env, binaries fetched by Maven into .local/.
#
#   stack.sh up [component...]      start what is not running (all by default), then make sure
#                                   databases, topics and registry settings exist; safe to repeat
#   stack.sh down [component...]    stop what this stack started (pid files), newest first
#   stack.sh status                 one line per component
#   stack.sh restart <component>    down + up of one component (tests restart the registry)
#
# Components: postgres, kafka, registry. Data, logs and pid files live in .local/.
# Exit codes: 0 ok, 1 a component failed, 2 usage, 3 (status) something is down,
#             4 a prerequisite (java, mvn, psql, node_modules) is missing.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$NATIVE_DIR/lib/artifacts.sh"
source "$NATIVE_DIR/lib/postgres.sh"
source "$NATIVE_DIR/lib/kafka.sh"
source "$NATIVE_DIR/lib/registry.sh"

readonly ALL_COMPONENTS=(postgres kafka registry)

usage() {
  # The header comment above is the help text.
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}" >&2
  exit "${1:-$EXIT_USAGE}"
}

# Several callers (start-system.sh, test.sh, Jest's globalSetup) may run `up` at once;
# one at a time keeps them from starting two brokers.
take_lock() {
  command -v flock >/dev/null 2>&1 || return 0
  exec 9>"$RUN_DIR/stack.lock"
  flock -w 600 9 || die "another stack.sh still holds $RUN_DIR/stack.lock after 10 minutes"
}

check_prerequisites() {
  [[ -x $KOT_ROOT/node_modules/.bin/tsx ]] ||
    die "node_modules is missing: run 'npm install' first (scripts/start-system.sh and scripts/test.sh do it for you)" "$EXIT_MISSING"
  require_command setsid "it detaches the servers from this shell (util-linux)"
}

# Validates names into SELECTED, in start order whatever order they were given in.
SELECTED=()
select_components() {
  local name c known
  local -a wanted=("$@")
  ((${#wanted[@]})) || wanted=("${ALL_COMPONENTS[@]}")
  for name in "${wanted[@]}"; do
    known=0
    for c in "${ALL_COMPONENTS[@]}"; do if [[ $c == "$name" ]]; then known=1; fi; done
    ((known)) || { echo "unknown component '$name' (postgres, kafka, registry)" >&2; usage; }
  done
  SELECTED=()
  for c in "${ALL_COMPONENTS[@]}"; do
    for name in "${wanted[@]}"; do
      if [[ $c == "$name" ]]; then SELECTED+=("$c"); break; fi
    done
  done
}

cmd_up() {
  local start=$SECONDS c
  select_components "$@"
  check_prerequisites
  ensure_artifacts
  for c in "${SELECTED[@]}"; do "${c}_up"; done
  log "up in $((SECONDS - start))s"
  cmd_status "${SELECTED[@]}" || true
}

cmd_down() {
  local i
  select_components "$@"
  for ((i = ${#SELECTED[@]} - 1; i >= 0; i--)); do "${SELECTED[i]}_down"; done
}

cmd_status() {
  local c failed=0
  select_components "$@"
  for c in "${SELECTED[@]}"; do "${c}_status" || failed=1; done
  ((failed == 0)) || return "$EXIT_NOT_RUNNING"
}

main() {
  (($# >= 1)) || usage
  local command=$1
  shift
  load_stack_env
  case $command in
    up) take_lock; cmd_up "$@" ;;
    down) take_lock; cmd_down "$@" ;;
    status) cmd_status "$@" ;;
    restart)
      (($# == 1)) || usage
      select_components "$1"
      take_lock
      cmd_down "$1"
      cmd_up "$1"
      ;;
    -h | --help | help) usage 0 ;;
    *) echo "unknown command '$command'" >&2; usage ;;
  esac
}

main "$@"
