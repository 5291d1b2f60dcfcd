# Apicurio Registry 3 (its Quarkus runner from Maven Central) with its default in-memory storage,
# serving the Confluent-compatible API at /apis/ccompat/v7. Sourced by infra.sh after common.sh.

REGISTRY_PORT="${VIGIL_REGISTRY_PORT:-8081}"
REGISTRY_HEAP="${VIGIL_REGISTRY_HEAP:-384m}"
REGISTRY_HOME="$INFRA_CACHE/apicurio-registry-$VIGIL_APICURIO_VERSION"
REGISTRY_STATE="$INFRA_STATE/registry"
REGISTRY_PID_FILE="$REGISTRY_STATE/registry.pid"
REGISTRY_MARKER="-Dvigil.infra=registry"

registry_url() { echo "http://$INFRA_HOST:$REGISTRY_PORT"; }
# What SCHEMA_REGISTRY_URL holds: the Confluent-compatible API, as the services expect it.
registry_api_url() { echo "$(registry_url)/apis/ccompat/v7"; }
registry_runner() { echo "$REGISTRY_HOME/apicurio-registry-app-$VIGIL_APICURIO_VERSION-runner.jar"; }

# The app's "all" tar.gz is the runnable distribution: a runner jar plus its lib folder.
registry_fetch() {
  [ -f "$(registry_runner)" ] && return 0
  require_mvn
  local coords="io.apicurio:apicurio-registry-app:$VIGIL_APICURIO_VERSION:tar.gz:all"
  local tarball="$MAVEN_REPO/io/apicurio/apicurio-registry-app/$VIGIL_APICURIO_VERSION/apicurio-registry-app-$VIGIL_APICURIO_VERSION-all.tar.gz"
  say "fetching Apicurio Registry $VIGIL_APICURIO_VERSION from Maven Central"
  mkdir -p "$REGISTRY_STATE"
  mvn -q -B "-Dmaven.repo.local=$MAVEN_REPO" "$VIGIL_DEPENDENCY_PLUGIN_GET:get" -Dartifact="$coords" -Dtransitive=false \
    >"$INFRA_STATE/registry-fetch.log" 2>&1 && [ -f "$tarball" ] ||
    fail "mvn could not fetch $coords (see $INFRA_STATE/registry-fetch.log)"
  rm -rf "$REGISTRY_HOME.tmp"
  mkdir -p "$REGISTRY_HOME.tmp"
  tar -xzf "$tarball" -C "$REGISTRY_HOME.tmp"
  rm -rf "$REGISTRY_HOME"
  mv "$REGISTRY_HOME.tmp" "$REGISTRY_HOME"
}

registry_answers() { curl -sf -o /dev/null "$(registry_api_url)/subjects"; }

REGISTRY_SPAWNED=''
REGISTRY_T0=0

registry_start() {
  local pid
  if pid=$(live_pid "$REGISTRY_PID_FILE" "$REGISTRY_MARKER"); then
    say "registry already running (pid $pid) on $(registry_url)"
    return 0
  fi
  port_open "$REGISTRY_PORT" && fail "port $REGISTRY_PORT is taken by another process: stop it, set VIGIL_REGISTRY_PORT, or point SCHEMA_REGISTRY_URL at it"
  command -v curl >/dev/null 2>&1 || fail "curl not found: install it (apt-get install -y curl)"
  require_java17
  REGISTRY_T0=$(now_ms)
  mkdir -p "$REGISTRY_STATE"
  registry_fetch
  # In-memory storage is the default of the 3.x app (an in-process H2): the registry forgets
  # everything when it stops, which is what tests want. Serial GC and C1 only, as for Kafka.
  spawn_detached "$REGISTRY_PID_FILE" "$REGISTRY_STATE/registry.log" \
    java -Xms64m "-Xmx$REGISTRY_HEAP" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError "$REGISTRY_MARKER" \
    "-Dquarkus.http.host=$INFRA_HOST" "-Dquarkus.http.port=$REGISTRY_PORT" \
    -Dquarkus.http.access-log.enabled=false \
    -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
    -jar "$(registry_runner)"
  REGISTRY_SPAWNED=$(cat "$REGISTRY_PID_FILE")
}

registry_await() {
  local pid=$REGISTRY_SPAWNED
  [ -n "$pid" ] || return 0
  if ! wait_until 120 "$pid" registry_answers; then
    stop_pid_file "$REGISTRY_PID_FILE" "$REGISTRY_MARKER" 10 || true
    fail "the registry did not answer on $(registry_url); see $REGISTRY_STATE/registry.log"
  fi
  say "registry up on $(registry_url) in $(elapsed "$REGISTRY_T0") (pid $pid, rss $(rss_mib "$pid") MiB, Apicurio $VIGIL_APICURIO_VERSION)"
}

registry_down() {
  if stop_pid_file "$REGISTRY_PID_FILE" "$REGISTRY_MARKER" 15; then say "registry stopped"; fi
}

registry_status() {
  report_status registry "$REGISTRY_PID_FILE" "$REGISTRY_MARKER" "$(registry_url)"
}
