#!/usr/bin/env bash
# `npm test`: every vitest project (unit, then int against real Kafka, Redis and a schema
# registry) under Node 24, ending with one line `N passed, N failed[, N skipped]`.
#
# Servers: those named by KAFKA_BROKERS / REDIS_URL / SCHEMA_REGISTRY_URL are used as they are;
# the others are started with `npm run infra -- up` and stopped again at the end, but only the
# ones this run started, and only when no other `npm test` in this checkout still uses them.
# Reports: .vigil/test-results/<project>.json (vitest's JSON reporter).
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
infra_state="${VIGIL_INFRA_STATE:-$root/.vigil/infra}"
results="$root/.vigil/test-results"
projects=(${VIGIL_TEST_PROJECTS:-unit int})
# A hung run must not eat CI's whole budget: each project gets this many seconds (the int project
# takes ~13 min on a loaded 2-core machine; 25 leaves room without letting a hang run for long).
project_timeout="${VIGIL_TEST_TIMEOUT:-1500}"
extra_failures=0

say() { echo "vigil test: $*" >&2; }

node_bin=$(bash tools/node24/ensure.sh) || { say "could not get Node 24"; echo "0 passed, 1 failed"; exit 1; }

# --- servers -------------------------------------------------------------------------------
# Every run holds a lease (a file named by its pid) while it tests; the services this checkout's
# runs started are listed in runner-owned. The last run out stops them.
leases="$infra_state/leases"
owned="$infra_state/runner-owned"
lease=''

with_runner_lock() {
  mkdir -p "$infra_state"
  (
    flock -w 900 8 || { say "timed out waiting for $infra_state/.runner-lock"; exit 1; }
    "$@"
  ) 8>"$infra_state/.runner-lock"
}

start_servers() {
  local service missing=()
  for service in kafka redis registry; do
    bash tools/infra/infra.sh running "$service" 2>/dev/null || missing+=("$service")
  done
  if ! bash tools/infra/infra.sh up; then
    # Whatever came up before the failure is ours to stop again.
    for service in "${missing[@]}"; do bash tools/infra/infra.sh running "$service" 2>/dev/null && echo "$service" >>"$owned"; done
    return 1
  fi
  for service in "${missing[@]}"; do echo "$service" >>"$owned"; done
  if [ -f "$owned" ]; then sort -u -o "$owned" "$owned"; fi
  mkdir -p "$leases"
  echo "$$" >"$leases/$$"
}

stop_servers() {
  local file pid
  rm -f "$leases/$$"
  for file in "$leases"/*; do
    [ -e "$file" ] || continue
    pid=$(basename "$file")
    kill -0 "$pid" 2>/dev/null || rm -f "$file"
  done
  if compgen -G "$leases/*" >/dev/null; then
    say "another npm test in this checkout still uses the servers; leaving them up"
    return 0
  fi
  if [ -s "$owned" ]; then
    # shellcheck disable=SC2046 # one service name per line
    bash tools/infra/infra.sh down $(cat "$owned")
    rm -f "$owned"
  fi
}

needs_infra() {
  [ -z "${KAFKA_BROKERS:-}" ] || [ -z "${REDIS_URL:-}" ] || [ -z "${SCHEMA_REGISTRY_URL:-}" ]
}

export_infra_env() {
  local line name
  [ -f "$infra_state/env" ] || return 0
  while IFS= read -r line; do
    [[ $line =~ ^([A-Za-z_][A-Za-z0-9_]*)=(.*)$ ]] || continue
    name=${BASH_REMATCH[1]}
    [ -n "${!name:-}" ] || export "$name=${BASH_REMATCH[2]}"
  done <"$infra_state/env"
}

cleanup() {
  if [ -n "$lease" ]; then
    with_runner_lock stop_servers
    lease=''
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [[ " ${projects[*]} " == *" int "* ]] && needs_infra; then
  lease=yes
  if ! with_runner_lock start_servers; then
    say "the integration servers did not start (see the lines above); the int project is not run"
    projects=("${projects[@]/int/}")
    extra_failures=$((extra_failures + 1))
  fi
fi
export_infra_env

# --- tests ---------------------------------------------------------------------------------
mkdir -p "$results"
summary_args=()
for project in "${projects[@]}"; do
  [ -n "$project" ] || continue
  report="$results/$project.json"
  rm -f "$report"
  say "running the $project tests"
  timeout --kill-after=30 "$project_timeout" "$node_bin" node_modules/vitest/vitest.mjs run --project "$project" \
    --passWithNoTests --reporter=default --reporter=json "--outputFile.json=$report"
  code=$?
  [ $code -eq 124 ] && say "the $project tests did not finish within ${project_timeout}s"
  summary_args+=("$project=$report:$code")
done

cleanup
summary=$("$node_bin" tools/test/summarise.mjs "${summary_args[@]}" --extra-failures "$extra_failures") ||
  summary="0 passed, 1 failed"
echo "$summary"
last=$(tail -n1 <<<"$summary")
[[ $last =~ ^[0-9]+\ passed,\ 0\ failed ]] || exit 1
exit 0
