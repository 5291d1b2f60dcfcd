#!/usr/bin/env bash
# Prints the path of a Helm 3 binary for tools/chart/validate.sh: $VIGIL_HELM, the one built
# before into .cache/helm (git-ignored), a `helm` 3 on PATH or in Go's bin folder, or else one
# built now from its Go module through the module proxy (helm.sh/helm/v3@v3.21.4, about four
# minutes once; later runs find it). Exits non-zero, saying why on stderr, when there is no Go or
# no proxy; the chart test then skips with that reason.
set -euo pipefail
version=v3.21.4
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
out="${VIGIL_HELM_DIR:-$root/.cache/helm}"
binary="$out/helm-$version"

is_helm3() { [ -x "$1" ] && "$1" version --template '{{.Version}}' 2>/dev/null | grep -q '^v3\.'; }

if [ -n "${VIGIL_HELM:-}" ]; then
  is_helm3 "$VIGIL_HELM" || { echo "ensure-helm: VIGIL_HELM=$VIGIL_HELM is not a Helm 3 binary" >&2; exit 1; }
  echo "$VIGIL_HELM"
  exit 0
fi
for candidate in "$binary" "$(command -v helm || true)" "$( (command -v go >/dev/null && go env GOPATH) || true)/bin/helm"; do
  if [ -n "$candidate" ] && is_helm3 "$candidate"; then
    echo "$candidate"
    exit 0
  fi
done
command -v go >/dev/null 2>&1 || { echo "ensure-helm: no helm 3 found and no go on PATH to build helm.sh/helm/v3@$version" >&2; exit 1; }
mkdir -p "$out"
# One build at a time: CI and a developer's test run may both start one.
exec 9>"$out/.lock"
flock 9
if is_helm3 "$binary"; then
  echo "$binary"
  exit 0
fi
echo "ensure-helm: building helm.sh/helm/v3/cmd/helm@$version through the Go module proxy (about four minutes, once)" >&2
build=$(mktemp -d)
trap 'rm -rf "$build"' EXIT
if ! GOBIN="$build" GOFLAGS=-mod=mod go install "helm.sh/helm/v3/cmd/helm@$version" >&2; then
  echo "ensure-helm: go install helm.sh/helm/v3/cmd/helm@$version failed (is the module proxy reachable?)" >&2
  exit 1
fi
mv "$build/helm" "$binary"
echo "$binary"
