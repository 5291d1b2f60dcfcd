#!/usr/bin/env bash
# Builds the real `kapacitor` 1.5.9 CLI from its Go module into .cache/kapacitor-cli/ (git-ignored:
# Kapacitor's code and binary never enter this repository) and prints the binary's path. A second
# run finds the binary and prints it at once. Exits non-zero, saying why on stderr, when Go or the
# module proxy is not there; the e2e test that uses the CLI then skips with that reason.
set -euo pipefail
version=v1.5.9
module=github.com/influxdata/kapacitor
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
out="${VIGIL_KAPACITOR_CLI_DIR:-$root/.cache/kapacitor-cli}"
binary="$out/kapacitor-$version"
if [ -x "$binary" ]; then
  echo "$binary"
  exit 0
fi
command -v go >/dev/null 2>&1 || { echo "kapacitor-cli: no go on PATH, cannot build $module@$version" >&2; exit 1; }
mkdir -p "$out"
# One build at a time: CI and a developer's test run may both start one.
exec 9>"$out/.lock"
flock 9
if [ -x "$binary" ]; then
  echo "$binary"
  exit 0
fi
src=$(bash "$root/tools/kapacitor-cli/module-copy.sh" kapacitor-cli "$out")
echo "kapacitor-cli: building cmd/kapacitor" >&2
if ! (cd "$src" && GOFLAGS=-mod=mod go build -o "$binary.tmp" ./cmd/kapacitor) >&2; then
  echo "kapacitor-cli: go build of $module@$version/cmd/kapacitor failed" >&2
  rm -f "$binary.tmp"
  exit 1
fi
mv "$binary.tmp" "$binary"
rm -rf "$src"
echo "$binary"
