# shellcheck shell=bash
# The applications next to the stack: where they listen (stack.env) and how they are stopped.
# Convention for scripts/lib/start-apps.sh: every process it starts in the background writes its
# pid to .local/run/apps/<name>.pid; stop-system.sh stops exactly those.
# Needs infrastructure/native/lib/common.sh sourced and stack.env loaded.

APPS_RUN_DIR="$RUN_DIR/apps"

# name and address of each application, one per line (tab-separated); every instance of a service.
app_addresses() {
  local n service port_var
  for service in "${SERVICE_NAMES[@]}"; do
    port_var="${service^^}_SERVICE_PORT"
    for ((n = 1; n <= ${SERVICE_REPLICAS:-1}; n++)); do
      printf '%s\t%s\n' "$(instance_name "$service-service" "$n")" "http://127.0.0.1:$(instance_port "${!port_var}" "$n")"
    done
  done
  printf '%s\t%s\n' \
    payment-simulator "http://127.0.0.1:$PAYMENT_SIMULATOR_PORT" \
    carrier-simulator "http://127.0.0.1:$CARRIER_SIMULATOR_PORT" \
    mail-catcher "smtp://127.0.0.1:$MAIL_SMTP_PORT http://127.0.0.1:$MAIL_HTTP_PORT" \
    prometheus "http://127.0.0.1:$PROMETHEUS_PORT"
}

# "up (pid N)", "listening (no pid file)" or "not started", judged by pid file and port.
app_state() {
  local name=$1 address=$2 pid port
  if pid=$(live_pid "$APPS_RUN_DIR/$name.pid" ""); then
    echo "up (pid $pid)"
    return
  fi
  port=${address##*:}
  port=${port%%/*}
  if port_open 127.0.0.1 "$port"; then echo "listening (no pid file)"; else echo "not started"; fi
}

print_system_table() {
  local name address state
  printf '\n%-23s %-52s %s\n' COMPONENT ADDRESS STATE
  while read -r name state address; do
    printf '%-23s %-52s %s\n' "$name" "$address" "$state"
  done < <(bash "$NATIVE_DIR/stack.sh" status 2>/dev/null | awk '{ print $1, $2, $3 }')
  while IFS=$'\t' read -r name address; do
    printf '%-23s %-52s %s\n' "$name" "$address" "$(app_state "$name" "$address")"
  done < <(app_addresses)
  printf '\nLogs: .local/logs/   Stop everything: scripts/stop-system.sh\n'
}

# All at once: each app drains for a few seconds, and they do not depend on one another.
stop_apps() {
  local pidfile
  [[ -d $APPS_RUN_DIR ]] || return 0
  for pidfile in "$APPS_RUN_DIR"/*.pid; do
    [[ -e $pidfile ]] || continue
    (
      COMPONENT=$(basename "$pidfile" .pid)
      stop_pidfile "$pidfile" "" 20 || log "was not running"
    ) &
  done
  wait
}
