# A second, throwaway redis-server that speaks only TLS (plain port 0), requires a client
# certificate from the test CA, and refuses the `default` user: clients log in as the ACL user
# `vigil`. Sourced by secured.sh after redis/redis.sh.

SECURED_REDIS_PORT="${VIGIL_SECURED_REDIS_PORT:-16380}"
SECURED_REDIS_MARKER="$INFRA_HOST:$SECURED_REDIS_PORT"

# secured_redis_up <dir>: starts the server under <dir>/redis; the ACL password must be in <dir>/secrets.
secured_redis_up() {
  local dir=$1 state="$dir/redis" pid
  mkdir -p "$state"
  redis_require
  port_open "$SECURED_REDIS_PORT" && fail "port $SECURED_REDIS_PORT is taken: set VIGIL_SECURED_REDIS_PORT"
  # The config file, not the command line, holds the password, so `ps` does not show it.
  cat >"$state/redis.conf" <<CONF
bind $INFRA_HOST
port 0
tls-port $SECURED_REDIS_PORT
tls-cert-file $dir/tls/server.pem
tls-key-file $dir/tls/server.key
tls-ca-cert-file $dir/tls/ca.pem
tls-auth-clients yes
dir $state
logfile $state/redis.log
save ""
appendonly no
user default off
user vigil on >$(cat "$dir/secrets/redis-password") ~* &* +@all -flushall -flushdb -shutdown -debug
CONF
  chmod 600 "$state/redis.conf"
  spawn_detached "$state/redis.pid" "$state/console.log" redis-server "$state/redis.conf" --daemonize no
  pid=$(cat "$state/redis.pid")
  wait_until 30 "$pid" secured_redis_answers "$dir" || fail "the secured redis did not answer on $SECURED_REDIS_MARKER (see $state/redis.log)"
}

# PING over TLS with the client certificate, as the ACL user (the password from the environment,
# so it is not on the command line).
secured_redis_answers() {
  local dir=$1
  [ "$(REDISCLI_AUTH=$(cat "$dir/secrets/redis-password") redis-cli --tls -h "$INFRA_HOST" -p "$SECURED_REDIS_PORT" \
    --cacert "$dir/tls/ca.pem" --cert "$dir/tls/client.pem" --key "$dir/tls/client.key" --user vigil --no-auth-warning ping 2>/dev/null)" = PONG ]
}

secured_redis_down() {
  local dir=$1
  # redis-server rewrites its process title to host:port, which is what live_pid can match.
  stop_pid_file "$dir/redis/redis.pid" "$SECURED_REDIS_MARKER" 10 || true
}
