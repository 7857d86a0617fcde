#!/usr/bin/env bash
# Checks the machine tools the stack needs and, as root with apt-get, installs the missing ones
# from Debian. Run by .ci/run; a machine of this project's kind already has all of them.
#   java 17+ (Kafka), java 21+ (Apicurio Registry 3.3), mvn (artifact fetch), psql and a Postgres
#   server or its binaries (stack.sh finds or starts one), node + npm (everything else), prometheus
#   + promtool (metrics scraping, config checks).
set -euo pipefail

missing_packages=()
problems=()

java_major() { "$1" -version 2>&1 | sed -nE '1s/.*version "([0-9]+).*/\1/p'; }

newest_java_major() {
  local best=0 candidate major
  for candidate in "${JAVA_HOME:-/nonexistent}/bin/java" "$(command -v java || true)" /usr/lib/jvm/*/bin/java; do
    [[ -x $candidate ]] || continue
    major=$(java_major "$candidate")
    [[ -n $major ]] && ((major > best)) && best=$major
  done
  echo "$best"
}

command -v node >/dev/null 2>&1 || problems+=("node (Node.js 20+) is not installed")
command -v npm >/dev/null 2>&1 || problems+=("npm is not installed")
command -v java >/dev/null 2>&1 || missing_packages+=(openjdk-17-jre-headless)
command -v mvn >/dev/null 2>&1 || missing_packages+=(maven)
command -v psql >/dev/null 2>&1 || missing_packages+=(postgresql-client)
# pgbench measures the Postgres commit ceiling for `npm run bench`; Debian 12 ships it with the server binaries.
ls /usr/lib/postgresql/*/bin/pgbench >/dev/null 2>&1 || missing_packages+=(postgresql-contrib)
# Prometheus (and promtool, which checks its config in the unit tier) from Debian; run as a plain process.
command -v promtool >/dev/null 2>&1 || missing_packages+=(prometheus)
# tmux: the monitor's integration test drives `npm run monitor` in a detached 80x24 pane.
command -v tmux >/dev/null 2>&1 || missing_packages+=(tmux)
# Headless Chromium drives the web page test (integration-tests/web) through playwright-core.
[[ -x /usr/bin/chromium ]] || missing_packages+=(chromium)
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! timeout 2 bash -c 'exec 3<>/dev/tcp/127.0.0.1/5432' 2>/dev/null; then
  missing_packages+=(postgresql)
fi

if ((${#missing_packages[@]} > 0)); then
  if ((EUID == 0)) && command -v apt-get >/dev/null 2>&1; then
    echo "installing from Debian: ${missing_packages[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing_packages[@]}"
  else
    problems+=("missing: ${missing_packages[*]} (install them, or run this as root on Debian)")
  fi
fi

# Debian 12 has no JDK 21 package; this machine kind ships a Temurin JDK under /usr/lib/jvm.
(($(newest_java_major) >= 21)) || problems+=("no Java 21+ found (JAVA_HOME, PATH, /usr/lib/jvm): Apicurio Registry 3.3 needs it")

if ((${#problems[@]} > 0)); then
  printf 'prerequisite: %s\n' "${problems[@]}" >&2
  exit 4
fi
echo "prerequisites: node $(node --version), $(mvn --version 2>/dev/null | head -n 1 | sed 's/\x1b\[[0-9;]*m//g; s/ (.*//'), java $(newest_java_major) available"
