#!/usr/bin/env bash
# A Redis Cluster on this machine, for tests and for trying vigil against a cluster:
#
#   tools/infra/redis-cluster/redis-cluster.sh up <dir> [first-port] [replicas]
#   tools/infra/redis-cluster/redis-cluster.sh down <dir>
#
# `up` starts three masters on first-port..first-port+2 (default 30001) and, with replicas=1, one
# replica each on the next three ports, every server with its own folder, pid file and log under
# <dir>, then joins them with `redis-cli --cluster create` and waits until the cluster reports
# `cluster_state:ok`. It prints the nodes as REDIS_CLUSTER_NODES wants them (host:port,...). Ports
# and their cluster-bus ports (port+100, not Redis's default port+10000) must be free and below
# 32768, out of the ephemeral range. `cluster-node-timeout` is 1 s so a killed master's replica is promoted within seconds,
# and `cluster-replica-validity-factor 0` lets a replica take over however long its link was slow (on a loaded
# machine a replica otherwise judged itself too stale and the cluster stayed down).
# Persistence is AOF fsynced every second, as `npm run infra` runs the single server.
# `down` stops every server whose pid file is under <dir> and leaves the folder.
set -euo pipefail

HOST=127.0.0.1

usage() { echo "usage: $0 up <dir> [first-port] [replicas: 0|1] | down <dir>" >&2; exit 2; }
fail() { echo "redis-cluster: $*" >&2; exit 1; }

command -v redis-server >/dev/null 2>&1 && command -v redis-cli >/dev/null 2>&1 ||
  fail "redis-server/redis-cli not found: install Redis 7 (apt-get install -y redis-server)"

[ $# -ge 2 ] || usage
action=$1
dir=$2

up() {
  local first=${1:-30001} replicas=${2:-0} count port nodes=() i
  case "$replicas" in 0 | 1) ;; *) usage ;; esac
  count=$((3 * (replicas + 1)))
  [ $((first + count - 1 + 100)) -lt 32768 ] || fail "ports $first..$((first + count - 1 + 100)) must lie below 32768"
  mkdir -p "$dir"
  for ((i = 0; i < count; i++)); do
    port=$((first + i))
    mkdir -p "$dir/$port"
    redis-server --bind "$HOST" --port "$port" --daemonize yes --pidfile "$dir/$port/redis.pid" \
      --dir "$dir/$port" --logfile "$dir/$port/redis.log" --cluster-enabled yes --cluster-port $((port + 100)) \
      --cluster-config-file nodes.conf --cluster-node-timeout 1000 --cluster-replica-validity-factor 0 \
      --save '' --appendonly yes --appendfsync everysec
    nodes+=("$HOST:$port")
  done
  for node in "${nodes[@]}"; do
    port=${node##*:}
    for _ in $(seq 100); do
      [ "$(redis-cli -h "$HOST" -p "$port" ping 2>/dev/null)" = PONG ] && break
      sleep 0.05
    done
    [ "$(redis-cli -h "$HOST" -p "$port" ping 2>/dev/null)" = PONG ] || fail "redis-server on $port did not answer (see $dir/$port/redis.log)"
  done
  redis-cli --cluster create "${nodes[@]}" --cluster-replicas "$replicas" --cluster-yes >"$dir/create.log" 2>&1 ||
    fail "redis-cli --cluster create failed (see $dir/create.log)"
  for _ in $(seq 200); do
    ok=1
    for node in "${nodes[@]}"; do
      redis-cli -h "$HOST" -p "${node##*:}" cluster info 2>/dev/null | grep -q 'cluster_state:ok' || ok=0
    done
    [ $ok = 1 ] && break
    sleep 0.05
  done
  [ $ok = 1 ] || fail "the cluster did not reach cluster_state:ok (see $dir/*/redis.log)"
  (IFS=,; echo "${nodes[*]}")
}

down() {
  local pid_file pid
  for pid_file in "$dir"/*/redis.pid; do
    [ -f "$pid_file" ] || continue
    pid=$(cat "$pid_file")
    # Only a redis-server started from this folder: a reused pid of another process is left alone.
    if [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q 'redis-server'; then
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
      kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$pid_file"
  done
}

case "$action" in
  up) up "${3:-}" "${4:-}" ;;
  down) down ;;
  *) usage ;;
esac
