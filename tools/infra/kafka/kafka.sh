# Apache Kafka in KRaft mode, one process acting as broker and controller, run straight from the
# Maven Central jars (no tarball, no Docker). Sourced by infra.sh after lib/common.sh.

KAFKA_PORT="${VIGIL_KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${VIGIL_KAFKA_CONTROLLER_PORT:-9093}"
KAFKA_HEAP="${VIGIL_KAFKA_HEAP:-512m}"
KAFKA_LIBS="$INFRA_CACHE/kafka-libs"
KAFKA_STATE="$INFRA_STATE/kafka"
KAFKA_PID_FILE="$KAFKA_STATE/kafka.pid"
# Put on the java command line so live_pid only ever matches our broker.
KAFKA_MARKER="-Dvigil.infra=kafka"

kafka_address() { echo "$INFRA_HOST:$KAFKA_PORT"; }

# Copies the broker jars from Maven Central into the cache, again whenever the pom changes.
kafka_fetch() {
  local pom="$INFRA_TOOLS/kafka/pom.xml" stamp="$KAFKA_LIBS/.pom.sha256" want
  want=$(sha256sum "$pom" | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && compgen -G "$KAFKA_LIBS/kafka_2.13-*.jar" >/dev/null; then
    return 0
  fi
  require_mvn
  say "fetching the Kafka broker jars from Maven Central into $KAFKA_LIBS"
  rm -rf "$KAFKA_LIBS"
  mkdir -p "$KAFKA_LIBS"
  mvn -q -B -f "$pom" "-Dmaven.repo.local=$MAVEN_REPO" "$VIGIL_DEPENDENCY_PLUGIN:copy-dependencies" \
    -DoutputDirectory="$KAFKA_LIBS" -DincludeScope=runtime >"$INFRA_STATE/kafka-fetch.log" 2>&1 ||
    fail "mvn could not fetch the Kafka jars (see $INFRA_STATE/kafka-fetch.log)"
  echo "$want" >"$stamp"
}

kafka_write_config() {
  mkdir -p "$KAFKA_STATE/data" "$KAFKA_STATE/logs"
  {
    kafka_listener_properties PLAINTEXT "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT"
    cat <<EOF
auto.create.topics.enable=true
log.retention.hours=24
log.segment.bytes=67108864
num.io.threads=4
EOF
    kafka_single_node_properties
  } >"$KAFKA_STATE/server.properties"
  kafka_write_log_config
}

# kafka_listener_properties <protocol> <port> <controller port>: one node acting as broker and
# controller, whose clients and inter-broker traffic use the listener named after <protocol>
# (PLAINTEXT here, SASL_SSL for the secured test broker); the controller listener is PLAINTEXT.
kafka_listener_properties() {
  local protocol=$1 port=$2 controller=$3
  cat <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$INFRA_HOST:$controller
listeners=$protocol://$INFRA_HOST:$port,CONTROLLER://$INFRA_HOST:$controller
advertised.listeners=$protocol://$INFRA_HOST:$port
controller.listener.names=CONTROLLER
inter.broker.listener.name=$protocol
listener.security.protocol.map=CONTROLLER:PLAINTEXT,$protocol:$protocol
EOF
}

# Settings for one node under test, shared with the secured test broker (secured/): every
# internal topic with replication 1, few partitions so the first consumer group and the first
# transaction do not wait for 50 partitions to appear, and no rebalance delay so a test's
# consumer joins at once.
kafka_single_node_properties() {
  cat <<EOF
log.dirs=$KAFKA_STATE/data
num.partitions=3
default.replication.factor=1
delete.topic.enable=true
offsets.topic.replication.factor=1
offsets.topic.num.partitions=5
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=5
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
num.network.threads=2
EOF
}

# log4j2 settings: the server log in $KAFKA_STATE/logs, request and state-change loggers quiet.
kafka_write_log_config() {
  cat >"$KAFKA_STATE/log4j2.properties" <<EOF
status = warn
appender.file.type = File
appender.file.name = file
appender.file.fileName = $KAFKA_STATE/logs/server.log
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = info
rootLogger.appenderRef.file.ref = file
logger.request.name = kafka.request.logger
logger.request.level = warn
logger.statechange.name = state.change.logger
logger.statechange.level = warn
EOF
}

# The JVM command line shared by the storage tool and the broker.
kafka_jvm() {
  # Serial GC and the C1 compiler only: on two busy cores the broker then answers in about half
  # the time, and a test broker never needs C2's peak throughput. VIGIL_KAFKA_JVM_OPTS
  # (word-split) replaces these flags.
  local tuning=(-XX:+UseSerialGC -XX:TieredStopAtLevel=1)
  [ -z "${VIGIL_KAFKA_JVM_OPTS:-}" ] || read -r -a tuning <<<"$VIGIL_KAFKA_JVM_OPTS"
  KAFKA_JVM=(java -Xms128m "-Xmx$KAFKA_HEAP" "${tuning[@]}" -XX:+ExitOnOutOfMemoryError
    -Djava.awt.headless=true "$KAFKA_MARKER"
    "-Dlog4j2.configurationFile=$KAFKA_STATE/log4j2.properties" "-Dkafka.logs.dir=$KAFKA_STATE/logs"
    -cp "$KAFKA_LIBS/*")
}

# Formats the metadata log once; a cluster id of 16 random bytes, URL-safe base64 without padding,
# is what `kafka-storage random-uuid` prints.
kafka_format() {
  [ -f "$KAFKA_STATE/data/meta.properties" ] && return 0
  local cluster_id=-
  # One id in 64 starts with '-', which the tool's argument parser takes for an option (a CI run
  # failed so): draw again, as Kafka's own Uuid.randomUuid does.
  while [[ $cluster_id == -* ]]; do
    cluster_id=$(head -c16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')
  done
  kafka_jvm
  "${KAFKA_JVM[@]}" kafka.tools.StorageTool format --ignore-formatted -t "$cluster_id" \
    -c "$KAFKA_STATE/server.properties" >"$KAFKA_STATE/logs/format.log" 2>&1 ||
    fail "formatting Kafka storage failed (see $KAFKA_STATE/logs/format.log)"
}

# Asks the broker for its metadata with kafkajs, the client vigil uses, when it is installed.
kafka_answers() {
  if [ -d "$VIGIL_ROOT/node_modules/kafkajs" ]; then
    run_node "$INFRA_TOOLS/probe/kafka-ready.mjs" "$(kafka_address)"
  else
    port_open "$KAFKA_PORT" && grep -q 'Kafka Server started' "$KAFKA_STATE/logs/server.log"
  fi
}

# One round trip through a consumer group and an idempotent producer: proves the broker serves
# what vigil needs and creates the internal offsets/transaction topics before the first test.
kafka_warm_up() {
  [ -d "$VIGIL_ROOT/node_modules/kafkajs" ] || return 0
  # A broker just started may still answer UNKNOWN_TOPIC_OR_PARTITION for a topic it has created
  # after kafkajs's own retries are spent (seen on a cold first start), so the check gets three tries.
  local attempt
  for attempt in 1 2 3; do
    run_node "$INFRA_TOOLS/probe/kafka-smoke.mjs" "$(kafka_address)" >/dev/null 2>&1 && return 0
    say "kafka round trip failed (try $attempt of 3)"
    sleep 3
  done
  run_node "$INFRA_TOOLS/probe/kafka-smoke.mjs" "$(kafka_address)" >/dev/null ||
    fail "kafka answers on $(kafka_address) but a produce/consume round trip failed"
}

# Starting is split in two so infra.sh can launch every server before waiting for any of them.
KAFKA_SPAWNED=''
KAFKA_T0=0

kafka_start() {
  local pid
  if pid=$(live_pid "$KAFKA_PID_FILE" "$KAFKA_MARKER"); then
    say "kafka already running (pid $pid) on $(kafka_address)"
    return 0
  fi
  port_open "$KAFKA_PORT" && fail "port $KAFKA_PORT is taken by another process: stop it, set VIGIL_KAFKA_PORT, or point KAFKA_BROKERS at it"
  port_open "$KAFKA_CONTROLLER_PORT" && fail "port $KAFKA_CONTROLLER_PORT (controller) is taken: set VIGIL_KAFKA_CONTROLLER_PORT"
  require_java17
  KAFKA_T0=$(now_ms)
  kafka_fetch
  kafka_write_config
  kafka_format
  # A fresh server.log per start, so "Kafka Server started" below is this start's.
  [ ! -f "$KAFKA_STATE/logs/server.log" ] || mv -f "$KAFKA_STATE/logs/server.log" "$KAFKA_STATE/logs/server.log.1"
  kafka_jvm
  spawn_detached "$KAFKA_PID_FILE" "$KAFKA_STATE/logs/console.log" "${KAFKA_JVM[@]}" kafka.Kafka "$KAFKA_STATE/server.properties"
  KAFKA_SPAWNED=$(cat "$KAFKA_PID_FILE")
}

kafka_await() {
  local pid=$KAFKA_SPAWNED
  [ -n "$pid" ] || return 0
  wait_until 120 "$pid" port_open "$KAFKA_PORT" || kafka_died "$pid"
  wait_until 60 "$pid" kafka_answers || kafka_died "$pid"
  kafka_warm_up
  say "kafka up on $(kafka_address) in $(elapsed "$KAFKA_T0") (pid $pid, rss $(rss_mib "$pid") MiB)"
}

kafka_died() {
  local pid=$1
  if kill -0 "$pid" 2>/dev/null; then
    stop_pid_file "$KAFKA_PID_FILE" "$KAFKA_MARKER" 10 || true
    fail "kafka did not answer on $(kafka_address) in time; see $KAFKA_STATE/logs/server.log"
  fi
  rm -f "$KAFKA_PID_FILE"
  fail "kafka exited during start-up; see $KAFKA_STATE/logs/console.log and server.log"
}

kafka_down() {
  # A single-node KRaft broker shuts down in a few seconds; give it time to close its logs cleanly.
  if stop_pid_file "$KAFKA_PID_FILE" "$KAFKA_MARKER" 30; then say "kafka stopped"; fi
}

kafka_status() {
  report_status kafka "$KAFKA_PID_FILE" "$KAFKA_MARKER" "$(kafka_address)"
}
