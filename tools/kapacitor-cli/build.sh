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
echo "kapacitor-cli: downloading $module@$version through the Go module proxy" >&2
if ! info=$(go mod download -json "$module@$version"); then
  printf '%s\n' "$info" >&2
  echo "kapacitor-cli: go mod download $module@$version failed (is the module proxy reachable?)" >&2
  exit 1
fi
dir=$(printf '%s\n' "$info" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')
[ -n "$dir" ] && [ -d "$dir" ] || { echo "kapacitor-cli: go mod download gave no module folder: $info" >&2; exit 1; }
# The module cache is read-only and its go.sum predates today's toolchain, so the build runs in a
# writable copy with -mod=mod (the dependencies come through the proxy too).
src="$out/src-$version"
rm -rf "$src"
cp -R "$dir" "$src"
chmod -R u+w "$src"
echo "kapacitor-cli: building cmd/kapacitor" >&2
if ! (cd "$src" && GOFLAGS=-mod=mod go build -o "$binary.tmp" ./cmd/kapacitor) >&2; then
  echo "kapacitor-cli: go build of $module@$version/cmd/kapacitor failed" >&2
  rm -f "$binary.tmp"
  exit 1
fi
mv "$binary.tmp" "$binary"
rm -rf "$src"
echo "$binary"
