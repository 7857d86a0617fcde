# shellcheck shell=bash
# The servers' binaries: fetched once from Maven Central by ../pom.xml into the git-ignored .local/.
# Versions come from stack.env and are handed to Maven, so the pom never disagrees with the stack.

kafka_home()    { echo "$ARTIFACTS_DIR/kafka-$KAFKA_VERSION"; }
apicurio_home() { echo "$ARTIFACTS_DIR/apicurio-$APICURIO_VERSION"; }

# A stamp written only after Maven succeeded, so a fetch that died half-way is repeated.
artifacts_stamp() { echo "$ARTIFACTS_DIR/.artifacts-kafka-$KAFKA_VERSION-apicurio-$APICURIO_VERSION"; }

artifacts_present() {
  [[ -f $(artifacts_stamp) ]] &&
    [[ -f $(kafka_home)/libs/kafka_2.13-$KAFKA_VERSION.jar ]] &&
    [[ -f $(apicurio_home)/quarkus-run.jar ]]
}

ensure_artifacts() {
  local COMPONENT=artifacts
  artifacts_present && return 0
  require_command mvn "it fetches Kafka and Apicurio from Maven Central (apt-get install maven)"
  log "fetching Kafka $KAFKA_VERSION and Apicurio Registry $APICURIO_VERSION with Maven (first run only)"
  local start=$SECONDS
  local mvn_log="$LOG_DIR/maven.log"
  if ! mvn -B -Dstyle.color=never --no-transfer-progress -f "$NATIVE_DIR/pom.xml" \
    -Dkafka.version="$KAFKA_VERSION" -Dapicurio.version="$APICURIO_VERSION" package >"$mvn_log" 2>&1; then
    tail -n 30 "$mvn_log" >&2
    die "Maven could not fetch the artifacts (full output in $mvn_log)"
  fi
  [[ -f $(kafka_home)/libs/kafka_2.13-$KAFKA_VERSION.jar ]] || die "Maven ran but $(kafka_home)/libs has no Kafka jar"
  [[ -f $(apicurio_home)/quarkus-run.jar ]] || die "Maven ran but $(apicurio_home)/quarkus-run.jar is missing"
  touch "$(artifacts_stamp)"
  log "artifacts ready in $((SECONDS - start))s"
}
