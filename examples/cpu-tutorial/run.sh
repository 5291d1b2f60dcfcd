#!/usr/bin/env bash
# Shared seed 001's Kapacitor tutorial, step by step, with the real `kapacitor` CLI against a
# running `vigil serve` instead of a Kapacitor container: define the CPU alert, list and show it,
# record the stream while "Telegraf" writes, replay the recording through the disabled task, read
# the log file, enable the task and see the live points logged. Each command is printed before its
# output, as the tutorial shows them.
#
#   VIGIL_LOG_ALLOW=/tmp npx vigil serve &   # listens on http://127.0.0.1:9100; lets .log() write /tmp
#   bash examples/cpu-tutorial/run.sh
#
# KAPACITOR: the CLI (default: `kapacitor` on PATH; tools/kapacitor-cli/build.sh builds 1.5.9).
# KAPACITOR_URL: the server, read by the CLI too (default http://127.0.0.1:9100).
# ALERTS_LOG: the log file (default the tutorial's /tmp/alerts.log; another path is put into a
# copy of the task, so the task file stays the tutorial's). The script starts by removing it.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
kapacitor=${KAPACITOR:-kapacitor}
export KAPACITOR_URL=${KAPACITOR_URL:-http://127.0.0.1:9100}
log=${ALERTS_LOG:-/tmp/alerts.log}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

tick="$here/cpu_alert.tick"
if [ "$log" != /tmp/alerts.log ]; then
  sed "s#'/tmp/alerts.log'#'$log'#" "$tick" > "$work/cpu_alert.tick"
  tick="$work/cpu_alert.tick"
fi
rm -f "$log"

# Prints a command as the tutorial does, then runs it.
step() {
  printf '\n$ %s\n' "$*"
  "$@"
}

# Telegraf's part: the tutorial's cpu points (cpu.lp) written to the task's database, their times
# moved $1 seconds later.
write_points() {
  local shift=$(( ${1:-0} * 1000000000 )) line
  while IFS= read -r line; do
    printf '%s %d\n' "${line% *}" $(( ${line##* } + shift ))
  done < "$here/cpu.lp" | curl -sS --fail -X POST "$KAPACITOR_URL/write?db=telegraf&rp=autogen" --data-binary @-
}

# Waits (30 s at most) until the log file has $1 lines: the notifier appends them shortly after.
wait_for_log_lines() {
  for _ in $(seq 300); do
    if [ -f "$log" ] && [ "$(wc -l < "$log")" -ge "$1" ]; then return 0; fi
    sleep 0.1
  done
  echo "run.sh: $log did not reach $1 lines" >&2
  return 1
}

step "$kapacitor" define cpu_alert -tick "$tick"
step "$kapacitor" list tasks
step "$kapacitor" show cpu_alert

# The tutorial records 60 s of Telegraf's stream with a blocking `record stream`. Here the script
# is Telegraf too, so it starts the recording (-no-wait: the recording exists when it returns),
# writes the points, and waits for the recording to finish (vigil ends it after -duration).
printf '\n$ %s\n' "$kapacitor record stream -task cpu_alert -duration 3s -no-wait"
rid=$("$kapacitor" record stream -task cpu_alert -duration 3s -no-wait)
echo "$rid"
write_points 0
for _ in $(seq 100); do
  if "$kapacitor" list recordings "$rid" | grep -q ' finished '; then break; fi
  sleep 0.2
done
step "$kapacitor" list recordings "$rid"

# The replay runs the disabled task over the recording, its first point shifted to now; its
# alerts go to the task's handler, the log file.
step "$kapacitor" replay -recording "$rid" -task cpu_alert
wait_for_log_lines 5
step cat "$log"

# Enabled, the task logs the live stream. Telegraf's next minute is the same rows a minute later
# (the very same points again would be taken for a retry of the first write and evaluated once,
# docs/ingest.md): the same five lines, with the points' own times.
step "$kapacitor" enable cpu_alert
step "$kapacitor" list tasks
write_points 60
wait_for_log_lines 10
printf '\n$ %s\n' "tail -n 5 $log"
tail -n 5 "$log"
