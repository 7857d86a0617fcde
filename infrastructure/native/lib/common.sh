# shellcheck shell=bash
# Shared helpers for stack.sh: paths, stack.env, progress output, pid files, waiting, JVM lookup.
# Sourced, never run. Every component library (postgres.sh, kafka.sh, registry.sh) builds on these.

KOT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
NATIVE_DIR="$KOT_ROOT/infrastructure/native"
# Downloaded binaries are shared by every stack; data, logs and pid files follow STACK_LOCAL_DIR
# of the env file (KOT_STACK_ENV), so a second stack never touches the first one's files.
ARTIFACTS_DIR="$KOT_ROOT/.local"
LOCAL_DIR=$(sed -n 's/^STACK_LOCAL_DIR=//p' "${KOT_STACK_ENV:-$KOT_ROOT/infrastructure/stack.env}" 2>/dev/null | tail -n 1 || true)
LOCAL_DIR="${LOCAL_DIR:-$ARTIFACTS_DIR}"
RUN_DIR="$LOCAL_DIR/run"
LOG_DIR="$LOCAL_DIR/logs"

# Exit codes of stack.sh (documented in its usage text).
readonly EXIT_FAILED=1 EXIT_USAGE=2 EXIT_NOT_RUNNING=3 EXIT_MISSING=4

log()  { printf '%s  %-9s %s\n' "$(date +%H:%M:%S)" "${COMPONENT:-stack}" "$*"; }
warn() { printf '%s  %-9s WARNING: %s\n' "$(date +%H:%M:%S)" "${COMPONENT:-stack}" "$*" >&2; }
die()  { printf '%s  %-9s ERROR: %s\n' "$(date +%H:%M:%S)" "${COMPONENT:-stack}" "$1" >&2; exit "${2:-$EXIT_FAILED}"; }

load_stack_env() {
  local file="${KOT_STACK_ENV:-$KOT_ROOT/infrastructure/stack.env}"
  [[ -r $file ]] || die "stack env file not found: $file" "$EXIT_MISSING"
  # shellcheck source=../../stack.env
  source "$file"
  # A running system's topology (start-system.sh --brokers/--replicas) overrides the file's defaults.
  # shellcheck source=/dev/null
  if [[ -r $RUN_DIR/topology.env ]]; then source "$RUN_DIR/topology.env"; fi
  mkdir -p "$RUN_DIR" "$LOG_DIR"
}

# The five services by short name (<name>-service, port variable <NAME>_SERVICE_PORT); topology.ts's SERVICES.
SERVICE_NAMES=(order inventory shipping notification analytics)
# Where broker n and instance n of a service listen; infrastructure/native/topology.ts has the same rules.
kafka_node_port() { echo $(($1 + 2 * ($2 - 1))); }
instance_port() { echo $(($1 + 100 * ($2 - 1))); }
instance_name() { if (($2 == 1)); then echo "$1"; else echo "$1-$2"; fi; }
# host:port of every broker, comma-separated (the services' KAFKA_BROKERS).
kafka_broker_list() {
  local n list=""
  for ((n = 1; n <= ${KAFKA_BROKER_COUNT:-1}; n++)); do
    list+="${list:+,}$KAFKA_HOST:$(kafka_node_port "$KAFKA_PORT" "$n")"
  done
  echo "$list"
}
# Postgres allows 100 connections and each instance holds DB_POOL_SIZE + 1 (the relay's LISTEN): 10 / N (at
# least 2) keeps the five services near 60 in all, 10 each for one instance as before.
instance_pool_size() { echo $((10 / $1 > 2 ? 10 / $1 : 2)); }
kafka_replication_factor() { echo $((${KAFKA_BROKER_COUNT:-1} < 3 ? ${KAFKA_BROKER_COUNT:-1} : 3)); }
kafka_min_insync() { local rf; rf=$(kafka_replication_factor); echo $((rf > 1 ? rf - 1 : 1)); }

require_command() {
  command -v "$1" >/dev/null 2>&1 || die "'$1' is not installed; $2" "$EXIT_MISSING"
}

# True when something accepts TCP connections on host:port (bash's /dev/tcp, no extra tools).
port_open() {
  timeout 2 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null
}

# HTTP status code of a GET, or 000 when nothing answers. Plain HTTP/1.0 over /dev/tcp keeps
# the readiness loops free of curl and fast (no process start per poll beyond bash itself).
http_status() {
  local host=$1 port=$2 path=$3 line
  line=$(timeout 5 bash -c '
    exec 3<>"/dev/tcp/$0/$1" || exit 1
    printf "GET %s HTTP/1.0\r\nHost: %s:%s\r\n\r\n" "$2" "$0" "$1" >&3
    head -n 1 <&3' "$host" "$port" "$path" 2>/dev/null) || { echo 000; return; }
  [[ $line =~ ^HTTP/[0-9.]+\ ([0-9]{3}) ]] && echo "${BASH_REMATCH[1]}" || echo 000
}

# The pid in a pid file, if that process is alive and its command line contains the marker
# (guards against a stale pid file whose number the kernel has since given to someone else).
live_pid() {
  local pidfile=$1 marker=$2 pid
  [[ -s $pidfile ]] || return 1
  pid=$(<"$pidfile")
  [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$marker" || return 1
  echo "$pid"
}

# Starts a command as a daemon in its own session: stdin/stdout/stderr detached from the caller
# (so `execSync('stack.sh up')` returns), pid written by the process itself before it execs.
# fd 9 (stack.sh's lock) is closed first, or the daemon would hold the lock for its lifetime.
launch_daemon() {
  local pidfile=$1 logfile=$2 workdir=$3
  shift 3
  rm -f "$pidfile"
  (cd "$workdir" && exec setsid bash -c 'echo $$ >"$0"; exec "$@"' "$pidfile" "$@") \
    >>"$logfile" 2>&1 </dev/null 9>&- &
  local waited=0
  until [[ -s $pidfile ]]; do
    ((waited++ < 50)) || die "process did not start (see $logfile)"
    sleep 0.1
  done
}

# Polls a command once a second until it succeeds; fails early, showing the logs (a
# space-separated list), if the process behind the pid file dies meanwhile.
wait_until() {
  local what=$1 timeout_s=$2 pidfile=$3 marker=$4 logfiles=$5
  shift 5
  local start=$SECONDS
  until "$@"; do
    if [[ -n $pidfile ]] && ! live_pid "$pidfile" "$marker" >/dev/null; then
      local file
      for file in $logfiles; do [[ -s $file ]] && tail -n 20 "$file" >&2; done
      die "process exited before $what (see $logfiles)"
    fi
    ((SECONDS - start < timeout_s)) || die "timed out after ${timeout_s}s waiting for $what (see $logfiles)"
    sleep 1
  done
  log "$what after $((SECONDS - start))s"
}

# Sends TERM, waits for a clean exit, escalates to KILL only after the timeout.
stop_pidfile() {
  local pidfile=$1 marker=$2 timeout_s=$3 pid start=$SECONDS
  pid=$(live_pid "$pidfile" "$marker") || { rm -f "$pidfile"; return 1; }
  log "stopping pid $pid"
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS - start >= timeout_s)); then
      warn "pid $pid still running after ${timeout_s}s; sending KILL"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 1
      break
    fi
    sleep 0.5
  done
  rm -f "$pidfile"
  log "stopped after $((SECONDS - start))s"
}

# Replaces every @NAME@ in a template with the value given as NAME=value; refuses leftovers.
render_template() {
  local template=$1 output=$2 content pair
  shift 2
  content=$(<"$template")
  for pair in "$@"; do
    content=${content//@${pair%%=*}@/${pair#*=}}
  done
  [[ $content =~ @[A-Z_]+@ ]] && die "unfilled placeholder ${BASH_REMATCH[0]} in $template"
  printf '%s\n' "$content" >"$output"
}

java_major() {
  "$1" -version 2>&1 | sed -nE '1s/.*version "([0-9]+)(\.[0-9]+)*.*".*/\1/p' | sed 's/^1$/8/'
}

# Path of a java binary whose major version is at least $1: JAVA_HOME, PATH, then /usr/lib/jvm/*
# (this machine kind ships OpenJDK 17 as default and a Temurin JDK beside it).
find_java() {
  local min=$1 candidate major
  local -a candidates=()
  [[ -n ${JAVA_HOME:-} ]] && candidates+=("$JAVA_HOME/bin/java")
  command -v java >/dev/null 2>&1 && candidates+=("$(command -v java)")
  for candidate in /usr/lib/jvm/*/bin/java; do candidates+=("$candidate"); done
  for candidate in "${candidates[@]}"; do
    [[ -x $candidate ]] || continue
    major=$(java_major "$candidate")
    [[ -n $major ]] && ((major >= min)) && { echo "$candidate"; return 0; }
  done
  return 1
}

# Keeps the previous run's log as <name>.log.1 so a fresh start begins with an empty file.
rotate_log() {
  [[ -f $1 ]] && mv -f "$1" "$1.1"
  : >"$1"
}

# Every script that sources this file starts Node programs on the project's Node (24 LTS, from the `node`
# dev dependency once node_modules is installed; see scripts/lib/node-modules.sh).
source "$KOT_ROOT/scripts/lib/node-modules.sh"
use_project_node "$KOT_ROOT"
