#!/usr/bin/env python3
"""Checks the manifests of one `helm template` render of helm/vigil (tools/chart/validate.sh).

Every object must validate: Kubernetes' own kinds with kubernetes-validate in strict mode (the
library call behind `kubernetes-validate --strict`, which unlike the command fails on a kind it
has no schema for instead of warning), against each --kubernetes-version; the custom resources
(ServiceMonitor, PodMonitor, PrometheusRule, ScaledObject) against tools/chart/crd-schemas.json.
Every pod template must meet Pod Security "restricted" (checked field by field as the Pod
Security Standards page lists them) and the chart's own rules: no service account token, a
startup probe, a read-only root file system. A PrometheusRule's groups go through
`promtool check rules` when promtool is on PATH.

Prints one line for the render and one per problem; exits 1 when there is a problem.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

import jsonschema
import kubernetes_validate
import yaml

WORKLOADS = {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"}
RESTRICTED_VOLUMES = {"configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"}
SAFE_SYSCTLS = {
    "kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.ip_unprivileged_port_start",
    "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_local_reserved_ports",
    "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl",
    "net.ipv4.tcp_keepalive_probes",
}
SELINUX_TYPES = {"", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"}


def restricted_problems(pod):
    """What keeps a pod spec from Pod Security "restricted" (baseline included), one string each."""
    problems = []
    pod_ctx = pod.get("securityContext") or {}
    containers = [("container", c) for c in pod.get("containers") or []]
    containers += [("initContainer", c) for c in pod.get("initContainers") or []]
    containers += [("ephemeralContainer", c) for c in pod.get("ephemeralContainers") or []]

    for field in ("hostNetwork", "hostPID", "hostIPC"):
        if pod.get(field):
            problems.append(f"{field} is true")
    for volume in pod.get("volumes") or []:
        kinds = set(volume) - {"name"}
        if not kinds <= RESTRICTED_VOLUMES:
            problems.append(f"volume {volume.get('name')} is of type {', '.join(sorted(kinds - RESTRICTED_VOLUMES))}")
    for sysctl in pod_ctx.get("sysctls") or []:
        if sysctl.get("name") not in SAFE_SYSCTLS:
            problems.append(f"sysctl {sysctl.get('name')} is not a safe one")

    def seccomp_type(ctx):
        return (ctx.get("seccompProfile") or {}).get("type")

    def check_context(where, ctx):
        if (ctx.get("windowsOptions") or {}).get("hostProcess"):
            problems.append(f"{where}: windowsOptions.hostProcess is true")
        if seccomp_type(ctx) not in (None, "RuntimeDefault", "Localhost"):
            problems.append(f"{where}: seccompProfile.type is {seccomp_type(ctx)}")
        if (ctx.get("appArmorProfile") or {}).get("type") not in (None, "RuntimeDefault", "Localhost"):
            problems.append(f"{where}: appArmorProfile.type is {ctx['appArmorProfile']['type']}")
        selinux = ctx.get("seLinuxOptions") or {}
        if selinux.get("type", "") not in SELINUX_TYPES or selinux.get("user") or selinux.get("role"):
            problems.append(f"{where}: seLinuxOptions {selinux} are not allowed")
        if ctx.get("runAsUser") == 0:
            problems.append(f"{where}: runAsUser is 0")
        if ctx.get("runAsNonRoot") is False:
            problems.append(f"{where}: runAsNonRoot is false")

    check_context("pod", pod_ctx)
    for kind, container in containers:
        where = f"{kind} {container.get('name')}"
        ctx = container.get("securityContext") or {}
        check_context(where, ctx)
        if ctx.get("privileged"):
            problems.append(f"{where}: privileged is true")
        if ctx.get("procMount", "Default") != "Default":
            problems.append(f"{where}: procMount is {ctx['procMount']}")
        if ctx.get("allowPrivilegeEscalation") is not False:
            problems.append(f"{where}: allowPrivilegeEscalation is not false")
        if not (ctx.get("runAsNonRoot") is True or pod_ctx.get("runAsNonRoot") is True):
            problems.append(f"{where}: runAsNonRoot is not true (container or pod)")
        if seccomp_type(ctx) is None and seccomp_type(pod_ctx) is None:
            problems.append(f"{where}: no seccompProfile (RuntimeDefault or Localhost, container or pod)")
        capabilities = ctx.get("capabilities") or {}
        if "ALL" not in (capabilities.get("drop") or []):
            problems.append(f"{where}: capabilities.drop lacks ALL")
        added = set(capabilities.get("add") or []) - {"NET_BIND_SERVICE"}
        if added:
            problems.append(f"{where}: capabilities.add has {', '.join(sorted(added))}")
        for port in container.get("ports") or []:
            if port.get("hostPort"):
                problems.append(f"{where}: hostPort {port['hostPort']}")
    return problems


def chart_pod_problems(pod):
    """The chart's own rules for every pod it renders."""
    problems = []
    if pod.get("automountServiceAccountToken") is not False:
        problems.append("automountServiceAccountToken is not false")
    if not pod.get("serviceAccountName"):
        problems.append("no serviceAccountName")
    for container in pod.get("containers") or []:
        where = f"container {container.get('name')}"
        if "startupProbe" not in container:
            problems.append(f"{where}: no startupProbe")
        if (container.get("securityContext") or {}).get("readOnlyRootFilesystem") is not True:
            problems.append(f"{where}: root file system not read-only")
    return problems


def promtool_problems(rule, promtool):
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as file:
        yaml.safe_dump({"groups": rule["spec"]["groups"]}, file)
    try:
        run = subprocess.run([promtool, "check", "rules", file.name], capture_output=True, text=True)
    finally:
        os.unlink(file.name)
    if run.returncode == 0:
        return []
    return [f"promtool check rules: {line}" for line in (run.stdout + run.stderr).splitlines() if line.strip()]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("render", help="a file of `helm template` output")
    parser.add_argument("--name", required=True, help="what the render is called in the output")
    parser.add_argument("--kubernetes-version", action="append", required=True)
    parser.add_argument("--crd-schemas", required=True)
    args = parser.parse_args()

    with open(args.crd_schemas) as file:
        crd = json.load(file)
    with open(args.render) as file:
        objects = [o for o in yaml.safe_load_all(file) if o]
    promtool = shutil.which("promtool")

    problems = [] if objects else ["the render holds no object"]
    counts = {"objects": len(objects), "builtin": 0, "custom": 0, "pods": 0, "rules": 0}
    kinds = {}
    for o in objects:
        kind = o.get("kind", "?")
        label = f"{kind}/{(o.get('metadata') or {}).get('name', '?')}"
        kinds[kind] = kinds.get(kind, 0) + 1
        key = f"{o.get('apiVersion')}/{kind}"
        if key in crd["schemas"]:
            schema = dict(crd["schemas"][key], definitions=crd["definitions"])
            errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(o), key=lambda e: list(e.absolute_path))
            problems += [f"{label}: {'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}" for e in errors]
            counts["custom"] += 1
        else:
            for version in args.kubernetes_version:
                try:
                    kubernetes_validate.validate(o, version, strict=True)
                except kubernetes_validate.SchemaNotFoundError:
                    problems.append(f"{label}: no schema for {key} in Kubernetes {version} (and not a known custom resource)")
                except kubernetes_validate.ValidationError as error:
                    path = "/".join(map(str, error.path)) or "(top)"
                    problems.append(f"{label}: Kubernetes {version}: {path}: {error.message}")
            counts["builtin"] += 1
        if kind in WORKLOADS:
            pod = o["spec"]["template"]["spec"]
            counts["pods"] += 1
            problems += [f"{label}: restricted: {p}" for p in restricted_problems(pod)]
            problems += [f"{label}: {p}" for p in chart_pod_problems(pod)]
        if kind == "PrometheusRule":
            counts["rules"] += sum(len(g.get("rules") or []) for g in o["spec"]["groups"])
            if promtool:
                problems += [f"{label}: {p}" for p in promtool_problems(o, promtool)]

    kind_list = ", ".join(f"{k} {n}" for k, n in sorted(kinds.items()))
    rules = ""
    if counts["rules"]:
        rules = f"; {counts['rules']} alert rules {'checked by promtool' if promtool else 'NOT checked (no promtool on PATH)'}"
    status = "ok" if not problems else f"{len(problems)} problems"
    print(
        f"render {args.name}: {status}: {counts['objects']} objects ({kind_list}); "
        f"{counts['builtin']} valid in strict mode for Kubernetes {' and '.join(args.kubernetes_version)}, "
        f"{counts['custom']} custom resources valid by crd-schemas.json; "
        f"{counts['pods']} pod templates restricted{rules}"
        if not problems else f"render {args.name}: {status} in {counts['objects']} objects ({kind_list})"
    )
    for problem in problems:
        print(f"  {args.name}: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
