import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repositoryRoot } from '@vigil/testing';

const root = repositoryRoot();

/** Exit code of tools/chart/validate.sh when Helm or kubernetes-validate could not be had. */
const TOOLS_UNAVAILABLE = 3;

// The whole validation runs once, when the file is collected (as the kapacitor CLI's build does):
// its exit code decides whether the tests run or skip. A first run on a machine without a Helm 3
// builds one from its Go module, about four minutes; CI builds it before the tests (.ci/run).
const validation = spawnSync('bash', [join(root, 'tools/chart/validate.sh')], { cwd: root, encoding: 'utf8', timeout: 900_000 });
const output = `${validation.stdout}${validation.stderr}`;
const lines = validation.stdout.split('\n').filter((line) => line !== '');
const unavailable = validation.status === TOOLS_UNAVAILABLE ? (lines.find((line) => line.startsWith('chart: SKIP')) ?? output.trim()) : undefined;
if (unavailable !== undefined) console.warn(`\n*** chart validation SKIPPED: ${unavailable} ***\n`);

/** The values files CI renders, by the name validate.sh gives their render. */
const valuesFiles = readdirSync(join(root, 'helm/vigil/ci'))
  .filter((file) => file.endsWith('-values.yaml'))
  .map((file) => file.slice(0, -'-values.yaml'.length))
  .sort();

/**
 * helm/vigil as CI sees it, through tools/chart/validate.sh: each values file of helm/vigil/ci
 * renders, and every object of every render is valid in strict mode (Kubernetes' schemas, or the
 * chart's own for ServiceMonitor, PodMonitor, PrometheusRule and ScaledObject), every pod meets
 * Pod Security "restricted", and bad values are refused with their reason. The last test runs
 * the manifest checker on a render that breaks the rules, so a checker that passes everything
 * cannot go unnoticed.
 */
describe.skipIf(unavailable !== undefined)(`helm/vigil${unavailable === undefined ? '' : ` (skipped: ${unavailable})`}`, () => {
  it('validates, and says so on its last line', () => {
    expect({ status: validation.status, failures: lines.filter((line) => line.includes('FAIL')) }).toEqual({ status: 0, failures: [] });
    expect(lines.at(-1)).toMatch(new RegExp(`^chart: OK: ${valuesFiles.length} values files rendered and valid, \\d+ bad values refused$`));
  });

  it('renders every CI values file with every object valid and every pod restricted', () => {
    const renders = lines.filter((line) => line.startsWith('chart: render '));
    expect(renders.map((line) => /^chart: render (\S+): /.exec(line)?.[1]).sort()).toEqual(valuesFiles);
    for (const line of renders) expect(line).toMatch(/: ok: \d+ objects .*valid in strict mode for Kubernetes 1\.29 and .* pod templates restricted/);
    // Between them the renders hold every kind the chart can make, so each one was validated.
    const kinds = ['ConfigMap', 'Deployment', 'NetworkPolicy', 'PodDisruptionBudget', 'PodMonitor', 'PrometheusRule', 'ScaledObject', 'Secret', 'Service', 'ServiceAccount', 'ServiceMonitor', 'StatefulSet'];
    expect(kinds.filter((kind) => !renders.some((line) => line.includes(`${kind} `)))).toEqual([]);
    // The alert rules fire on series shaped as the services export them (when promtool is there).
    expect(lines.filter((line) => line.startsWith('chart: alert rules: '))).toEqual([
      expect.stringMatching(/^chart: alert rules: (promtool test rules passed \(\d+ cases|not unit-tested \(no promtool on PATH\))/),
    ]);
  });

  it('refuses bad values, each with its reason', () => {
    const refused = lines.filter((line) => line.startsWith('chart: refused '));
    const count = Number(/(\d+) bad values refused$/.exec(lines.at(-1) ?? '')?.[1]);
    expect(refused.length).toBe(count);
    expect(refused).toContain("chart: refused --set standalone.port=notaport: at '/standalone/port': got string, want integer");
    expect(refused).toContain("chart: refused --set auth.metrics=maybe: at '/auth/metrics': value must be one of 'open', 'required'");
    expect(refused.some((line) => line.startsWith('chart: refused --set auth.insecure=false: auth.existingSecret is not set'))).toBe(true);
  });

  it('finds what breaks Pod Security "restricted" or a strict schema', () => {
    const helm = spawnSync('bash', [join(root, 'tools/chart/ensure-helm.sh')], { encoding: 'utf8' }).stdout.trim();
    const values = ['-f', 'helm/vigil/ci/insecure-values.yaml', '--set', 'podSecurityContext.seccompProfile=null', '--set', 'securityContext.allowPrivilegeEscalation=true'];
    values.push('--set', 'ingest.extraVolumes[0].name=host', '--set', 'ingest.extraVolumes[0].hostPath.path=/var/run', '--set-json', 'podSecurityContext.sysctls=[{"name":"kernel.msgmax","value":"65536"}]');
    const render = spawnSync(helm, ['template', 'vigil', 'helm/vigil', '--kube-version', '1.37.0', ...values], { cwd: root, encoding: 'utf8' });
    expect(render.stderr).toBe('');
    const dir = mkdtempSync(join(tmpdir(), 'vigil-chart-'));
    try {
      // A strict schema refuses a field Kubernetes does not know, here one misspelt in a Service.
      writeFileSync(join(dir, 'render.yaml'), render.stdout.replace('  ports:\n    - name: http\n      port: 8086', '  ports:\n    - name: http\n      prot: 8086\n      port: 8086'));
      const check = spawnSync('python3', ['tools/chart/check-manifests.py', join(dir, 'render.yaml'), '--name', 'broken', '--kubernetes-version', '1.37', '--crd-schemas', 'tools/chart/crd-schemas.json'], {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, PYTHONPATH: [join(root, '.cache/chart-python'), process.env['PYTHONPATH']].filter(Boolean).join(':') },
      });
      expect(check.status).toBe(1);
      const problems = check.stdout.split('\n').filter((line) => line.startsWith('  broken: Deployment/vigil-ingest: ') || line.startsWith('  broken: Service/vigil-ingest: '));
      expect(problems.map((line) => line.replace(/^ {2}broken: /, '')).sort()).toEqual([
        'Deployment/vigil-ingest: restricted: container ingest: allowPrivilegeEscalation is not false',
        'Deployment/vigil-ingest: restricted: container ingest: no seccompProfile (RuntimeDefault or Localhost, container or pod)',
        'Deployment/vigil-ingest: restricted: sysctl kernel.msgmax is not a safe one',
        'Deployment/vigil-ingest: restricted: volume host is of type hostPath',
        "Service/vigil-ingest: Kubernetes 1.37: spec/ports/0: Additional properties are not allowed ('prot' was unexpected)",
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
