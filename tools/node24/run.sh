#!/usr/bin/env bash
# Runs a Node script under Node 24 LTS. Machines that only have an older Node get Node 24 from the
# npm registry's node-linux-<arch> package, cached once under .cache/node24 and reused afterwards.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
node_bin=$(bash "$root/tools/node24/ensure.sh")
exec "$node_bin" "$@"
