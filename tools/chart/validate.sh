#!/usr/bin/env bash
# Validates helm/vigil as CI runs it (e2e/chart/chart.int-spec.ts):
#   1. for every values file in helm/vigil/ci/: `helm lint --strict`, `helm template`, and
#      tools/chart/check-manifests.py on the render: every object valid in strict mode against
#      the Kubernetes schemas kubernetes-validate ships (the oldest Kubernetes the chart supports
#      and the newest it knows), custom resources against tools/chart/crd-schemas.json, Pod
#      Security "restricted" and the chart's own pod rules on every pod template, alert rules
#      through promtool when it is installed, and `promtool test rules` with
#      tools/chart/alert-rules.test.yaml on the rules of the "everything" render;
#   2. every bad value of the table below is refused by both `helm lint` and `helm template`,
#      with the expected reason (values.schema.json, or a check in the templates).
# Renders are kept in .vigil/chart/ for a look. Every line of output starts with "chart: ".
# Exit codes: 0 all good, 1 a check failed, 3 the tools could not be had (helm or
# kubernetes-validate; the test then skips, saying why).
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
chart=helm/vigil
out="$root/.vigil/chart"
say() { echo "chart: $*"; }

# --- tools -----------------------------------------------------------------------------------
mkdir -p "$out"
if ! helm=$(bash tools/chart/ensure-helm.sh 2>"$out/ensure-helm.log"); then
  say "SKIP: no Helm 3: $(tail -n 2 "$out/ensure-helm.log" | tr '\n' ' ')"
  exit 3
fi
python=${PYTHON:-python3}
if ! "$python" -c 'import kubernetes_validate' 2>/dev/null; then
  # Installed beside the helm binary rather than into the system's Python.
  export PYTHONPATH="$root/.cache/chart-python${PYTHONPATH:+:$PYTHONPATH}"
  if ! "$python" -c 'import kubernetes_validate' 2>/dev/null; then
    say "installing kubernetes-validate (PyPI) into .cache/chart-python"
    if ! pip_log=$("$python" -m pip install --quiet --disable-pip-version-check --target "$root/.cache/chart-python" kubernetes-validate 2>&1); then
      say "SKIP: kubernetes-validate is not installed and pip could not install it: $(tail -n 2 <<<"$pip_log" | tr '\n' ' ')"
      exit 3
    fi
  fi
fi
# The chart's floor (Chart.yaml kubeVersion) and the newest schemas the package ships.
oldest=$(sed -n 's/^kubeVersion: *">= *\([0-9]*\.[0-9]*\).*/\1/p' "$chart/Chart.yaml")
newest=$("$python" -c 'from kubernetes_validate.utils import latest_version; print(latest_version())')
promtool=$(command -v promtool || true)
say "tools: helm $("$helm" version --template '{{.Version}}') ($helm), kubernetes-validate $("$python" -c 'import importlib.metadata as m; print(m.version("kubernetes-validate"))'), promtool ${promtool:+$("$promtool" --version 2>&1 | head -n1 | awk '{print $3}')}${promtool:-not installed: alert rules are not checked}"

failures=0
fail() { say "FAIL: $*"; failures=$((failures + 1)); }

# --- renders of the CI values files ------------------------------------------------------------
renders=0
for values in "$chart"/ci/*-values.yaml; do
  name=$(basename "$values" -values.yaml)
  if ! lint=$("$helm" lint --strict --kube-version "$newest" "$chart" -f "$values" 2>&1); then
    fail "helm lint --strict -f $values: $(grep -E 'ERROR|Error' <<<"$lint" | head -n 3 | tr '\n' ' ')"
    continue
  fi
  if ! "$helm" template vigil "$chart" --namespace vigil --kube-version "$newest" -f "$values" >"$out/$name.yaml" 2>"$out/$name.err"; then
    fail "helm template -f $values: $(head -n 3 "$out/$name.err" | tr '\n' ' ')"
    continue
  fi
  rm -f "$out/$name.err"
  renders=$((renders + 1))
  "$python" tools/chart/check-manifests.py "$out/$name.yaml" --name "$name" \
    --kubernetes-version "$oldest" --kubernetes-version "$newest" --crd-schemas tools/chart/crd-schemas.json |
    sed 's/^/chart: /'
  [ "${PIPESTATUS[0]}" -eq 0 ] || fail "render $name has the problems listed above"
done
[ "$renders" -gt 0 ] || fail "no values file rendered (looked for $chart/ci/*-values.yaml)"

# --- alert rules against synthetic series --------------------------------------------------------
# tools/chart/alert-rules.test.yaml feeds series shaped as the services export them to the rules
# of the "everything" render and says which alerts fire, with which labels and text.
if [ -z "$promtool" ]; then
  say "alert rules: not unit-tested (no promtool on PATH)"
elif [ -s "$out/everything.yaml" ]; then
  mkdir -p "$out/rules"
  "$python" -c 'import sys, yaml
rule = next(o for o in yaml.safe_load_all(open(sys.argv[1])) if o and o["kind"] == "PrometheusRule")
yaml.safe_dump({"groups": rule["spec"]["groups"]}, open(sys.argv[2], "w"))' "$out/everything.yaml" "$out/rules/rules.yaml"
  cp tools/chart/alert-rules.test.yaml "$out/rules/"
  if result=$(cd "$out/rules" && "$promtool" test rules alert-rules.test.yaml 2>&1); then
    say "alert rules: promtool test rules passed ($(grep -c 'alertname:' tools/chart/alert-rules.test.yaml) cases of tools/chart/alert-rules.test.yaml)"
  else
    fail "promtool test rules tools/chart/alert-rules.test.yaml: $(tr '\n' ' ' <<<"$result" | cut -c1-2000)"
  fi
fi

# --- bad values --------------------------------------------------------------------------------
# Each row: the --set arguments (separated by spaces; json: makes one a --set-json, for numbers
# that --set would pass as strings) | a piece of the expected error. They apply
# on top of ci/insecure-values.yaml, so that the missing-credentials check does not answer first.
# A third column "template" marks checks that span several values: values.schema.json refuses a
# bad value by itself, these are `fail`s in the templates, which name the fix.
refused=0
while IFS='|' read -r sets expected where; do
  [ -n "$sets" ] || continue
  args=(-f "$chart/ci/insecure-values.yaml")
  for set in $sets; do
    case $set in json:*) args+=(--set-json "${set#json:}") ;; *) args+=(--set "$set") ;; esac
  done
  for command in lint template; do
    if [ "$command" = lint ]; then
      result=$("$helm" lint --strict --kube-version "$newest" "$chart" "${args[@]}" 2>&1)
    else
      result=$("$helm" template vigil "$chart" --kube-version "$newest" "${args[@]}" 2>&1 >/dev/null)
    fi
    code=$?
    if [ "$command" = lint ] && [ "$where" = template ]; then
      # A check that needs several values is a `fail` in a template; helm lint runs templates in
      # lint mode, where a fail is logged as "[INFO] Fail: ..." and does not fail the lint.
      grep -qF -- "Fail: " <<<"$result" && grep -qF -- "$expected" <<<"$result" ||
        fail "helm lint did not report the template check for --set $sets (\"$expected\")"
    elif [ $code -eq 0 ]; then
      fail "helm $command accepted --set $sets"
    elif ! grep -qF -- "$expected" <<<"$result"; then
      fail "helm $command refused --set $sets, but not with \"$expected\": $(grep -E 'ERROR|Error|at ' <<<"$result" | head -n 3 | tr '\n' ' ')"
    elif [ "$command" = template ]; then
      refused=$((refused + 1))
      say "refused --set $sets: $expected${where:+ (a template check: helm template fails, helm lint logs it as [INFO] Fail)}"
    fi
  done
done <<'TABLE'
standalone.port=notaport|at '/standalone/port': got string, want integer
ingest.port=70000|at '/ingest/port': maximum: got 70,000, want 65,535
evaluator.service.port=0|at '/evaluator/service/port': minimum: got 0, want 1
auth.metrics=maybe|at '/auth/metrics': value must be one of 'open', 'required'
image.pullPolicy=Sometimes|at '/image/pullPolicy': value must be one of 'Always', 'IfNotPresent', 'Never'
image.digest=latest|at '/image/digest': 'latest' does not match pattern
ingest.replicaCount=-1|at '/ingest/replicaCount': minimum: got -1, want 0
notifier.replicaCount=two|at '/notifier/replicaCount': got string, want integer
json:notifier.delivery.maxAttempts=1.5|at '/notifier/delivery/maxAttempts': got number, want integer
topics.pointsPartitions=0|at '/topics/pointsPartitions': minimum: got 0, want 1
probes.startup.failureThreshold=0|at '/probes/startup/failureThreshold': minimum: got 0, want 1
probes.liveness.timeoutSeconds=fast|at '/probes/liveness/timeoutSeconds': got string, want integer
evaluator.resources.limits.memory=lots|at '/evaluator/resources/limits/memory'
ingest.service.type=Ingress|at '/ingest/service/type': value must be one of
logLevel=loud|at '/logLevel': value must be one of
podDisruptionBudget.maxUnavailable=half|at '/podDisruptionBudget/maxUnavailable'
topologySpread.whenUnsatisfiable=Never|at '/topologySpread/whenUnsatisfiable': value must be one of
metrics.serviceMonitor.interval=often|at '/metrics/serviceMonitor/interval': 'often' does not match pattern
autoscaling.evaluator.minReplicas=0|at '/autoscaling/evaluator/minReplicas': minimum: got 0, want 1
tasks.cpu\.txt=x|invalid propertyName 'cpu.txt'
ingest.replicas=3|at '/ingest': additional properties 'replicas' not allowed
auth.insecure=false|auth.existingSecret is not set|template
notifier.delivery.maxBackoffMs=100|notifier.delivery.maxBackoffMs must not be below notifier.delivery.initialBackoffMs|template
metrics.serviceMonitor.enabled=true metrics.podMonitor.enabled=true|metrics.serviceMonitor and metrics.podMonitor are both enabled|template
auth.metrics=required metrics.podMonitor.enabled=true|set metrics.bearerTokenSecret.name|template
autoscaling.enabled=true kafka.securityProtocol=SASL_SSL|set autoscaling.authenticationRef|template
autoscaling.enabled=true autoscaling.notifier.minReplicas=5 autoscaling.notifier.maxReplicas=2|autoscaling.notifier.minReplicas (5) is above maxReplicas (2)|template
TABLE

if [ "$failures" -eq 0 ]; then
  say "OK: $renders values files rendered and valid, $refused bad values refused"
  exit 0
fi
say "FAILED: $failures checks failed ($renders renders, $refused bad values refused)"
exit 1
