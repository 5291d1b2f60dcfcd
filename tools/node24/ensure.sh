#!/usr/bin/env bash
# Prints the path of a Node 24 binary, installing it into the cache on first use.
set -euo pipefail
wanted_major=24
pinned_version=24.21.0
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
current=$(command -v node >/dev/null 2>&1 && node -p 'process.versions.node' || echo none)
if [ "${current%%.*}" = "$wanted_major" ]; then
  command -v node
  exit 0
fi
# The project's own cache, or the user's when the project folder is not writable (a global
# install owned by root, say).
if [ -n "${VIGIL_NODE_CACHE:-}" ]; then
  cache=$VIGIL_NODE_CACHE
elif [ -w "$root" ] || [ -w "$root/.cache" ]; then
  cache="$root/.cache/node24"
else
  cache="${XDG_CACHE_HOME:-$HOME/.cache}/vigil/node24"
fi
case "$(uname -m)" in
  x86_64) arch=x64 ;;
  aarch64|arm64) arch=arm64 ;;
  *) echo "vigil: no Node $wanted_major package for $(uname -m); install Node $wanted_major yourself" >&2; exit 1 ;;
esac
node_bin="$cache/node_modules/node-linux-$arch/bin/node"
if [ ! -x "$node_bin" ]; then
  command -v npm >/dev/null 2>&1 || { echo "vigil: npm is required to fetch Node $wanted_major" >&2; exit 1; }
  mkdir -p "$cache"
  echo "vigil: needs Node $wanted_major (this machine has ${current/none/no node}); fetching Node $pinned_version once from the npm registry (package node-linux-$arch) into $cache" >&2
  [ -f "$cache/package.json" ] || echo '{"name":"vigil-node24-cache","private":true}' > "$cache/package.json"
  (cd "$cache" && npm install --no-save --no-package-lock --ignore-scripts --silent "node-linux-$arch@$pinned_version" >&2)
fi
echo "$node_bin"
