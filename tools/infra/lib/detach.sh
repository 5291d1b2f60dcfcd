#!/usr/bin/env bash
# detach.sh <pid file> <command...>: becomes <command> after writing its own pid to <pid file>
# and closing every inherited descriptor above stderr. Lock descriptors held by the scripts that
# start servers (infra.sh, run-all.sh) would otherwise stay locked for the server's lifetime.
pid_file=$1
shift
for fd in /proc/$$/fd/*; do
  fd=${fd##*/}
  [ "$fd" -gt 2 ] 2>/dev/null && eval "exec $fd>&-"
done
echo $$ >"$pid_file"
exec "$@"
