# Redis 7 from Debian's redis-server package, run detached with its pid file, log and working
# folder under .vigil/infra/redis. It keeps an append-only file fsynced every second, as a
# deployment should (docs/infra.md, "Redis persistence"): a restart then keeps the evaluator's
# checkpoints and the notifier's ledger. No RDB snapshots: the AOF is enough, and tests use random
# key prefixes. Sourced by infra.sh after lib/common.sh.

REDIS_PORT="${VIGIL_REDIS_PORT:-6379}"
REDIS_STATE="$INFRA_STATE/redis"
REDIS_PID_FILE="$REDIS_STATE/redis.pid"
REDIS_MARKER="$INFRA_HOST:$REDIS_PORT"

redis_url() { echo "redis://$INFRA_HOST:$REDIS_PORT"; }

# As root on Debian the package is installed on first use (the brief for CI and dev machines
# alike); anywhere else the one line says what to install.
redis_require() {
  command -v redis-server >/dev/null 2>&1 && command -v redis-cli >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "redis-server not found; installing Debian's redis-server package"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server; } >"$INFRA_STATE/redis-install.log" 2>&1 ||
      fail "apt-get install redis-server failed (see $INFRA_STATE/redis-install.log)"
    # The package starts a system-wide server on 6379; it is not ours to keep running there.
    if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet redis-server 2>/dev/null; then
      systemctl stop redis-server >/dev/null 2>&1 || true
    elif [ -x /etc/init.d/redis-server ]; then
      /etc/init.d/redis-server stop >/dev/null 2>&1 || true
    fi
    command -v redis-server >/dev/null 2>&1 || fail "redis-server is still not on PATH after apt-get install redis-server"
    return 0
  fi
  fail "redis-server not found: install Redis 7 (apt-get install -y redis-server)"
}

redis_answers() { [ "$(redis-cli -h "$INFRA_HOST" -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ]; }

# Redis answers within milliseconds, so redis_start waits for it itself.
redis_await() { :; }

redis_start() {
  local started pid
  if pid=$(live_pid "$REDIS_PID_FILE" "$REDIS_MARKER"); then
    say "redis already running (pid $pid) on $INFRA_HOST:$REDIS_PORT"
    return 0
  fi
  mkdir -p "$REDIS_STATE"
  redis_require
  port_open "$REDIS_PORT" && fail "port $REDIS_PORT is taken by another process: stop it, set VIGIL_REDIS_PORT, or point REDIS_URL at it"
  started=$(now_ms)
  spawn_detached "$REDIS_PID_FILE" "$REDIS_STATE/console.log" \
    redis-server --bind "$INFRA_HOST" --port "$REDIS_PORT" --daemonize no \
    --dir "$REDIS_STATE" --logfile "$REDIS_STATE/redis.log" --save '' --appendonly yes --appendfsync everysec
  pid=$(cat "$REDIS_PID_FILE")
  wait_until 30 "$pid" redis_answers || fail "redis did not answer on $INFRA_HOST:$REDIS_PORT (see $REDIS_STATE/redis.log)"
  say "redis up on $INFRA_HOST:$REDIS_PORT in $(elapsed "$started") (pid $pid, $(redis-server --version | grep -o 'v=[0-9.]*'))"
}

redis_down() {
  if stop_pid_file "$REDIS_PID_FILE" "$REDIS_MARKER" 10; then say "redis stopped"; fi
}

redis_status() {
  report_status redis "$REDIS_PID_FILE" "$REDIS_MARKER" "$INFRA_HOST:$REDIS_PORT"
}
