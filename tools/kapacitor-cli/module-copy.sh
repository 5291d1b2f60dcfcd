#!/usr/bin/env bash
# module-copy.sh WHO OUT: downloads Kapacitor 1.5.9's Go module through the Go module proxy (or
# finds it in the module cache) and makes a writable copy of it at OUT/src-v1.5.9, whose path it
# prints. The builds of tools/kapacitor-cli and tools/udf-agents share it; WHO prefixes messages.
# The module cache is read-only and its go.sum predates today's toolchain, so builds run in the
# copy with -mod=mod (the dependencies come through the proxy too).
set -euo pipefail
who=$1
out=$2
version=v1.5.9
module=github.com/influxdata/kapacitor
echo "$who: downloading $module@$version through the Go module proxy" >&2
if ! info=$(go mod download -json "$module@$version"); then
  printf '%s\n' "$info" >&2
  echo "$who: go mod download $module@$version failed (is the module proxy reachable?)" >&2
  exit 1
fi
dir=$(printf '%s\n' "$info" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')
[ -n "$dir" ] && [ -d "$dir" ] || { echo "$who: go mod download gave no module folder: $info" >&2; exit 1; }
src="$out/src-$version"
rm -rf "$src"
cp -R "$dir" "$src"
chmod -R u+w "$src"
echo "$src"
