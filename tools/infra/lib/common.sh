# Shared pieces of the infra scripts: where things live, how a server is started in the background
# with a pid file, and how it is stopped again. Sourced, never run.

VIGIL_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
INFRA_TOOLS="$VIGIL_ROOT/tools/infra"
# Runtime state (data, logs, pid files, the env file) and downloads live in git-ignored folders.
INFRA_STATE="${VIGIL_INFRA_STATE:-$VIGIL_ROOT/.vigil/infra}"
INFRA_CACHE="${VIGIL_INFRA_CACHE:-$VIGIL_ROOT/.cache/infra}"
INFRA_HOST=127.0.0.1

# shellcheck source=../versions.sh
. "$INFRA_TOOLS/versions.sh"

say() { echo "vigil infra: $*" >&2; }
fail() { say "$*"; exit 1; }

# Milliseconds since the epoch, for the start-up timings `up` prints.
now_ms() { date +%s%3N; }
elapsed() { local ms=$(( $(now_ms) - $1 )); printf '%d.%01ds' $((ms / 1000)) $(((ms % 1000) / 100)); }

require_java17() {
  command -v java >/dev/null 2>&1 || fail "java not found: install a Java 17+ runtime (apt-get install -y openjdk-17-jre-headless)"
  local major
  major=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n1)
  [ "${major%%.*}" -ge 17 ] 2>/dev/null || fail "java $major is too old: install Java 17+ (apt-get install -y openjdk-17-jre-headless)"
}

# The local Maven repository, named explicitly so a downloaded file can be found in it.
MAVEN_REPO="${VIGIL_MAVEN_REPO:-$HOME/.m2/repository}"

require_mvn() {
  command -v mvn >/dev/null 2>&1 || fail "mvn not found: install Maven (apt-get install -y maven)"
}

# True when something accepts TCP connections on 127.0.0.1:$1.
port_open() { (exec 3<>"/dev/tcp/$INFRA_HOST/$1") 2>/dev/null; }

# The pid recorded in $1 when that process is alive and its command line contains $2 (a marker
# we put there), so a recycled pid never gets mistaken for our server.
live_pid() {
  local file=$1 marker=$2 pid
  [ -f "$file" ] || return 1
  pid=$(cat "$file" 2>/dev/null) || return 1
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$marker" || return 1
  echo "$pid"
}

# Starts "$@" detached from this shell (own session, stdin closed, output appended to $2, no
# inherited descriptors), writing its pid to $1: the pid of the server itself, since detach.sh
# writes its own pid and then execs the server.
spawn_detached() {
  local pid_file=$1 log_file=$2 waited=0
  shift 2
  mkdir -p "$(dirname "$pid_file")" "$(dirname "$log_file")"
  rm -f "$pid_file"
  setsid bash "$INFRA_TOOLS/lib/detach.sh" "$pid_file" "$@" </dev/null >>"$log_file" 2>&1 &
  until [ -s "$pid_file" ] || [ $waited -ge 50 ]; do sleep 0.1; waited=$((waited + 1)); done
  [ -s "$pid_file" ] || fail "could not start $1"
}

# Sends TERM, waits up to $3 seconds, then KILL. Removes the pid file once the process is gone.
stop_pid_file() {
  local file=$1 marker=$2 grace=${3:-20} pid i
  if ! pid=$(live_pid "$file" "$marker"); then
    rm -f "$file"
    return 1
  fi
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < grace * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    say "pid $pid did not stop within ${grace}s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 0.2
  fi
  rm -f "$file"
}

# Resident memory of a pid, in MiB.
rss_mib() { awk '/^VmRSS:/ { printf "%d", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo '?'; }

# One status line per server: running (address, pid, resident memory) or stopped.
report_status() {
  local name=$1 file=$2 marker=$3 address=$4 pid
  if pid=$(live_pid "$file" "$marker"); then
    echo "$name: running on $address (pid $pid, rss $(rss_mib "$pid") MiB)"
  else
    echo "$name: stopped"
  fi
}

# Waits until "$@" succeeds, at most $1 seconds; meanwhile gives up early when pid $2 has died.
wait_until() {
  local limit=$1 pid=$2 deadline
  shift 2
  deadline=$(($(date +%s) + limit))
  until "$@" >/dev/null 2>&1; do
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then return 2; fi
    [ "$(date +%s)" -lt "$deadline" ] || return 1
    sleep 0.25
  done
}

# Runs a Node script with the machine's node when there is one (the probes need only kafkajs,
# ioredis and the registry client, which run on any current Node), else with the cached Node 24.
run_node() {
  if command -v node >/dev/null 2>&1; then node "$@"; else bash "$VIGIL_ROOT/tools/node24/run.sh" "$@"; fi
}
