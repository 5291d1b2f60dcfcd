#!/usr/bin/env bash
# `npm run infra -- up|down|status|check [kafka] [redis] [registry]`
#
# Starts the servers the integration tests and a scaled vigil need, as plain processes on
# 127.0.0.1 (no Docker): Apache Kafka (KRaft, from Maven Central jars), Redis (Debian package) and
# Apicurio Registry (Maven Central runner). A server named by KAFKA_BROKERS, REDIS_URL or
# SCHEMA_REGISTRY_URL in the environment wins: nothing is started for it. `up` writes the
# addresses to .vigil/infra/env (NAME=value lines) for the test runner and libs/testing.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
. "$INFRA_TOOLS/kafka/kafka.sh"
. "$INFRA_TOOLS/redis/redis.sh"
. "$INFRA_TOOLS/registry/registry.sh"

ALL_SERVICES=(kafka redis registry)
ENV_FILE="$INFRA_STATE/env"

usage() {
  cat >&2 <<EOF
usage: npm run infra -- <command> [service...]
  up       start the servers that are not running yet (default: ${ALL_SERVICES[*]})
  down     stop the servers this script started
  status   say what runs where
  check    produce/consume through a consumer group, SET/GET, register a schema
  running  exit 0 when every named service runs (started here or external)
ports: VIGIL_KAFKA_PORT (9092), VIGIL_KAFKA_CONTROLLER_PORT (9093), VIGIL_REDIS_PORT (6379),
       VIGIL_REGISTRY_PORT (8081); existing servers: KAFKA_BROKERS, REDIS_URL, SCHEMA_REGISTRY_URL
EOF
  exit 2
}

external_var() {
  case $1 in
    kafka) echo KAFKA_BROKERS ;;
    redis) echo REDIS_URL ;;
    registry) echo SCHEMA_REGISTRY_URL ;;
  esac
}

# The value a service is reached at when it is external, empty otherwise.
external_value() {
  local name
  name=$(external_var "$1")
  echo "${!name:-}"
}

own_address() {
  case $1 in
    kafka) kafka_address ;;
    redis) redis_url ;;
    registry) registry_api_url ;;
  esac
}

own_running() {
  case $1 in
    kafka) live_pid "$KAFKA_PID_FILE" "$KAFKA_MARKER" >/dev/null ;;
    redis) live_pid "$REDIS_PID_FILE" "$REDIS_MARKER" >/dev/null ;;
    registry) live_pid "$REGISTRY_PID_FILE" "$REGISTRY_MARKER" >/dev/null ;;
  esac
}

# NAME=value for every service that can be reached now: external ones as given, ours when running.
env_lines() {
  local service value
  for service in "${ALL_SERVICES[@]}"; do
    value=$(external_value "$service")
    if [ -z "$value" ] && own_running "$service"; then value=$(own_address "$service"); fi
    [ -n "$value" ] && echo "$(external_var "$service")=$value"
  done
  return 0
}

write_env() {
  mkdir -p "$INFRA_STATE"
  env_lines >"$ENV_FILE.tmp"
  mv "$ENV_FILE.tmp" "$ENV_FILE"
}

# Serialises up/down between concurrent callers (two test runs in one checkout).
with_lock() {
  mkdir -p "$INFRA_STATE"
  exec 9>"$INFRA_STATE/.lock"
  if ! flock -n 9; then
    say "waiting for another infra command to finish (it holds $INFRA_STATE/.lock)"
    flock -w 300 9 || fail "another infra command still holds $INFRA_STATE/.lock after 5 minutes"
  fi
  "$@"
}

# Launches every missing server first and then waits for each, so the JVMs boot side by side.
cmd_up() {
  local service value own=()
  for service in "$@"; do
    value=$(external_value "$service")
    if [ -n "$value" ]; then
      say "$service: using $(external_var "$service")=$value (nothing started)"
      continue
    fi
    own+=("$service")
    "${service}_start"
  done
  for service in "${own[@]}"; do "${service}_await"; done
  write_env
  echo "# written to ${ENV_FILE#"$VIGIL_ROOT"/}"
  cat "$ENV_FILE"
}

# Stops what our pid files name, whatever the environment says: the test runner exports the
# addresses of our own servers, and those must still go down.
cmd_down() {
  local service
  for service in "$@"; do "${service}_down"; done
  write_env
  [ -s "$ENV_FILE" ] || rm -f "$ENV_FILE"
}

cmd_status() {
  local service value
  for service in "$@"; do
    value=$(external_value "$service")
    if [ -n "$value" ] && ! own_running "$service"; then
      echo "$service: external, $(external_var "$service")=$value"
    else
      "${service}_status"
    fi
  done
}

cmd_running() {
  local service
  for service in "$@"; do
    [ -n "$(external_value "$service")" ] && continue
    own_running "$service" || return 1
  done
}

cmd_check() {
  local service value
  for service in "$@"; do
    value=$(external_value "$service")
    [ -n "$value" ] || value=$(own_address "$service")
    case $service in
      kafka) run_node "$INFRA_TOOLS/probe/kafka-smoke.mjs" "$value" ;;
      redis) run_node "$INFRA_TOOLS/probe/redis-smoke.mjs" "$value" ;;
      registry) run_node "$INFRA_TOOLS/probe/registry-smoke.mjs" "$value" ;;
    esac
  done
}

main() {
  [ $# -ge 1 ] || usage
  local command=$1 service
  shift
  local services=("$@")
  [ ${#services[@]} -gt 0 ] || services=("${ALL_SERVICES[@]}")
  for service in "${services[@]}"; do
    case " ${ALL_SERVICES[*]} " in *" $service "*) ;; *) say "unknown service '$service'"; usage ;; esac
  done
  case $command in
    up) with_lock cmd_up "${services[@]}" ;;
    down) with_lock cmd_down "${services[@]}" ;;
    status) cmd_status "${services[@]}" ;;
    running) cmd_running "${services[@]}" ;;
    check) cmd_check "${services[@]}" ;;
    *) usage ;;
  esac
}

main "$@"
