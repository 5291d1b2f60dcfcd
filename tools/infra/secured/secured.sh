#!/usr/bin/env bash
# `bash tools/infra/secured/secured.sh up|down <dir>`
#
# Starts a throwaway secured Kafka broker (SASL_SSL, client certificates required) and
# redis-server (TLS only, client certificates required, ACL user) for one test, beside the
# shared plaintext servers of `npm run infra` and never instead of them. Everything lives under
# <dir>: the test CA and certificates (tls/), random passwords (secrets/), both servers' state.
# `up` writes <dir>/env: the variables a vigil service needs to reach both (NAME=value lines,
# secrets only as *_FILE paths). Ports: VIGIL_SECURED_KAFKA_PORT (19094),
# VIGIL_SECURED_KAFKA_CONTROLLER_PORT (19095), VIGIL_SECURED_REDIS_PORT (16380).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
. "$INFRA_TOOLS/kafka/kafka.sh"
. "$INFRA_TOOLS/redis/redis.sh"
. "$INFRA_TOOLS/secured/certificates.sh"
. "$INFRA_TOOLS/secured/secured-kafka.sh"
. "$INFRA_TOOLS/secured/secured-redis.sh"

# One random password per user, in a file of its own as a Kubernetes Secret would mount it.
make_secrets() {
  local dir=$1/secrets name
  mkdir -p "$dir"
  for name in kafka-broker-password kafka-plain-password kafka-scram-password redis-password; do
    head -c 18 /dev/urandom | base64 | tr -d '\n/+=' >"$dir/$name"
  done
  chmod 600 "$dir"/*
}

# What a vigil service sets to reach both servers: SCRAM-SHA-512 as user `vigil` with the
# encrypted client key; `vigil-plain` (PLAIN) is there for tests that switch mechanism.
write_env() {
  local dir=$1
  cat >"$dir/env.tmp" <<ENV
KAFKA_BROKERS=$INFRA_HOST:$SECURED_KAFKA_PORT
KAFKA_SECURITY_PROTOCOL=SASL_SSL
KAFKA_SASL_MECHANISM=scram-sha-512
KAFKA_SASL_USERNAME=vigil
KAFKA_SASL_PASSWORD_FILE=$dir/secrets/kafka-scram-password
KAFKA_SSL_CA_FILE=$dir/tls/ca.pem
KAFKA_SSL_CERT_FILE=$dir/tls/client.pem
KAFKA_SSL_KEY_FILE=$dir/tls/client-encrypted.key
KAFKA_SSL_KEY_PASSWORD_FILE=$dir/tls/client-key-password
REDIS_URL=rediss://$INFRA_HOST:$SECURED_REDIS_PORT
REDIS_USERNAME=vigil
REDIS_PASSWORD_FILE=$dir/secrets/redis-password
REDIS_TLS_CA_FILE=$dir/tls/ca.pem
REDIS_TLS_CERT_FILE=$dir/tls/client.pem
REDIS_TLS_KEY_FILE=$dir/tls/client.key
ENV
  mv "$dir/env.tmp" "$dir/env"
}

up() {
  local dir=$1 started
  started=$(now_ms)
  mkdir -p "$dir"
  certificates_make "$dir/tls"
  make_secrets "$dir"
  secured_redis_up "$dir"
  secured_kafka_up "$dir"
  write_env "$dir"
  say "secured kafka on $INFRA_HOST:$SECURED_KAFKA_PORT and redis on $INFRA_HOST:$SECURED_REDIS_PORT up in $(elapsed "$started"); variables in $dir/env"
}

down() {
  local dir=$1
  secured_kafka_down "$dir"
  secured_redis_down "$dir"
}

[ $# -eq 2 ] || { echo "usage: bash tools/infra/secured/secured.sh up|down <dir>" >&2; exit 2; }
dir=$(mkdir -p "$2" && cd "$2" && pwd)
case $1 in
  up) up "$dir" ;;
  down) down "$dir" ;;
  *) echo "usage: bash tools/infra/secured/secured.sh up|down <dir>" >&2; exit 2 ;;
esac
