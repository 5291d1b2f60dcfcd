#!/usr/bin/env bash
# Builds Kapacitor 1.5.9's example UDF agents (udf/agent/examples: moving_avg, outliers) from its
# Go module into .cache/udf-agents/ (git-ignored: Kapacitor's code and binaries never enter this
# repository) and prints the folder. A second run finds the binaries and prints it at once. Exits
# non-zero, saying why on stderr, when Go or the module proxy is not there; the e2e test that runs
# the agents then skips with that reason.
set -euo pipefail
version=v1.5.9
module=github.com/influxdata/kapacitor
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
out="${VIGIL_UDF_AGENTS_DIR:-$root/.cache/udf-agents}"
agents=(moving_avg outliers)
built() {
  for agent in "${agents[@]}"; do [ -x "$out/$agent-$version" ] || return 1; done
}
if built; then
  echo "$out"
  exit 0
fi
command -v go >/dev/null 2>&1 || { echo "udf-agents: no go on PATH, cannot build $module@$version's example agents" >&2; exit 1; }
mkdir -p "$out"
# One build at a time: CI and a developer's test run may both start one.
exec 9>"$out/.lock"
flock 9
if built; then
  echo "$out"
  exit 0
fi
src=$(bash "$root/tools/kapacitor-cli/module-copy.sh" udf-agents "$out")
for agent in "${agents[@]}"; do
  echo "udf-agents: building udf/agent/examples/$agent" >&2
  if ! (cd "$src" && GOFLAGS=-mod=mod go build -o "$out/$agent-$version.tmp" "./udf/agent/examples/$agent") >&2; then
    echo "udf-agents: go build of $module@$version/udf/agent/examples/$agent failed" >&2
    rm -f "$out/$agent-$version.tmp"
    exit 1
  fi
  mv "$out/$agent-$version.tmp" "$out/$agent-$version"
done
rm -rf "$src"
echo "$out"
