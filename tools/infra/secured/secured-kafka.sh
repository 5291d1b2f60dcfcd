# A second, throwaway Kafka broker with one SASL_SSL listener for clients: TLS with the test CA's
# server certificate, client certificates required, SASL users for PLAIN (in the listener's JAAS
# line) and SCRAM-SHA-256/512 (written into the metadata log by `kafka-storage format
# --add-scram`, KRaft's way). The controller listener stays PLAINTEXT on 127.0.0.1: only the
# broker talks to it. Runs from the jars `npm run infra` fetched. Sourced by secured.sh after
# kafka/kafka.sh, whose kafka_jvm it reuses with its own state folder and marker.

SECURED_KAFKA_PORT="${VIGIL_SECURED_KAFKA_PORT:-19094}"
SECURED_KAFKA_CONTROLLER_PORT="${VIGIL_SECURED_KAFKA_CONTROLLER_PORT:-19095}"

# secured_kafka_up <dir>: formats and starts the broker under <dir>/kafka; the users' passwords
# must be in <dir>/secrets already.
secured_kafka_up() {
  local dir=$1
  KAFKA_STATE="$dir/kafka"
  KAFKA_PID_FILE="$KAFKA_STATE/kafka.pid"
  KAFKA_MARKER="-Dvigil.infra=secured-kafka:$SECURED_KAFKA_PORT"
  port_open "$SECURED_KAFKA_PORT" && fail "port $SECURED_KAFKA_PORT is taken: set VIGIL_SECURED_KAFKA_PORT"
  port_open "$SECURED_KAFKA_CONTROLLER_PORT" && fail "port $SECURED_KAFKA_CONTROLLER_PORT is taken: set VIGIL_SECURED_KAFKA_CONTROLLER_PORT"
  require_java17
  kafka_fetch
  mkdir -p "$KAFKA_STATE/data" "$KAFKA_STATE/logs"
  cat "$dir/tls/server.key" "$dir/tls/server.pem" >"$KAFKA_STATE/keystore.pem"
  chmod 600 "$KAFKA_STATE/keystore.pem"
  secured_kafka_config "$dir" >"$KAFKA_STATE/server.properties"
  kafka_write_log_config
  kafka_jvm
  local scram
  scram=$(cat "$dir/secrets/kafka-scram-password")
  "${KAFKA_JVM[@]}" kafka.tools.StorageTool format -t "$(head -c16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')" \
    -c "$KAFKA_STATE/server.properties" \
    --add-scram "SCRAM-SHA-512=[name=vigil,password=$scram]" \
    --add-scram "SCRAM-SHA-256=[name=vigil,password=$scram]" >"$KAFKA_STATE/logs/format.log" 2>&1 ||
    fail "formatting the secured Kafka storage failed (see $KAFKA_STATE/logs/format.log)"
  spawn_detached "$KAFKA_PID_FILE" "$KAFKA_STATE/logs/console.log" "${KAFKA_JVM[@]}" kafka.Kafka "$KAFKA_STATE/server.properties"
  local pid
  pid=$(cat "$KAFKA_PID_FILE")
  wait_until 120 "$pid" secured_kafka_started ||
    fail "the secured kafka did not start; see $KAFKA_STATE/logs/server.log and console.log"
}

secured_kafka_started() {
  port_open "$SECURED_KAFKA_PORT" && grep -q 'Kafka Server started' "$KAFKA_STATE/logs/server.log"
}

secured_kafka_down() {
  local dir=$1
  stop_pid_file "$dir/kafka/kafka.pid" "-Dvigil.infra=secured-kafka:$SECURED_KAFKA_PORT" 30 || true
}

# The broker's settings: the listeners and single-node settings shared with kafka.sh, and SASL
# and TLS. The broker reaches itself through its own listener (PLAIN, user `broker`).
secured_kafka_config() {
  local dir=$1 broker plain
  broker=$(cat "$dir/secrets/kafka-broker-password")
  plain=$(cat "$dir/secrets/kafka-plain-password")
  kafka_listener_properties SASL_SSL "$SECURED_KAFKA_PORT" "$SECURED_KAFKA_CONTROLLER_PORT"
  cat <<PROPERTIES
sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-256,SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=PLAIN
listener.name.sasl_ssl.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="broker" password="$broker" user_broker="$broker" user_vigil-plain="$plain";
listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
ssl.keystore.type=PEM
ssl.keystore.location=$KAFKA_STATE/keystore.pem
ssl.truststore.type=PEM
ssl.truststore.location=$dir/tls/ca.pem
ssl.client.auth=required
ssl.endpoint.identification.algorithm=https
num.io.threads=2
PROPERTIES
  kafka_single_node_properties
}
