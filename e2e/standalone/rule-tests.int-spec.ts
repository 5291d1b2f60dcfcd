import { join } from 'node:path';
import { repositoryRoot, startProcess, waitFor } from '@vigil/testing';
import { useServeFixture } from './support/serve-fixture';

/** Runs the `vigil` CLI to its end, as CI runs it. */
async function vigil(args: readonly string[], env: Record<string, string | undefined> = {}): Promise<{ code: number | NodeJS.Signals; stdout: string; stderr: string }> {
  const root = repositoryRoot();
  const run = startProcess('bash', [join(root, 'tools/node24/run.sh'), join(root, 'tools/bin/vigil.cjs'), ...args], { cwd: root, env: { PATH: process.env['PATH'], HOME: process.env['HOME'], ...env } });
  const code = await run.exited;
  const output = run.output();
  return { code, stdout: run.stdout(), stderr: output.replace(run.stdout(), '') };
}

/** A task whose alerts go to `url` (a replay or a test delivers nothing; vigil serve does). */
const cpuTick = (url: string): string => ['dbrp "telegraf"."autogen"', '', 'stream', "    |from().measurement('cpu').groupBy('host')", '    |alert()', '        .crit(lambda: "usage" > 90)', '        .stateChangesOnly()', `        .post('${url}')`, ''].join('\n');

/**
 * `vigil test` as CI runs it: exit 0 when every case passes, 1 with a diff when one fails, 2 for
 * a file it cannot read; and a case on real history, a time range of a running vigil serve's
 * point log backtested through `POST /vigil/v1/replays`.
 */
describe('vigil test', () => {
  const fixture = useServeFixture('rule-tests');

  it('passes the provider-health example', async () => {
    const run = await vigil(['test', 'examples/provider-health']);
    expect(run.stdout.split('\n')).toEqual([
      'examples/provider-health/provider-health.test.yaml',
      "  PASS  the demo's requests send expected.jsonl (6 expected, 6 sent)",
      '  PASS  a single failure between successes sends no CRITICAL (2 expected, 2 sent)',
      '  PASS  streaks are counted per resource and provider (2 expected, 2 sent)',
      '3 passed, 0 failed',
      '',
    ]);
    expect(run.code).toBe(0);
  });

  it('fails a case with a diff, exit 1; a broken file is exit 2 with its position and nothing run', async () => {
    fixture.file('cpu.tick', cpuTick('http://127.0.0.1:9/alerts'));
    const failing = fixture.file('cpu.test.yaml', [
      'task: { tick: cpu.tick }',
      'tests:',
      '  - name: hot then cool',
      '    input:',
      '      start: 2024-01-01T00:00:00Z',
      '      points: |',
      '        cpu,host=a usage=95 +0s',
      '        cpu,host=a usage=50 +10s',
      '        cpu,host=b usage=99 +20s',
      '    expect:',
      '      - { id: "cpu:host=a", level: CRITICAL, at: +0s }',
      '      - { id: "cpu:host=a", level: WARNING, at: +10s }',
      '  - name: quiet',
      '    input: { points: "cpu,host=c usage=1 +0s" }',
      '    expect: []',
      '',
    ].join('\n'));
    const run = await vigil(['test', failing]);
    expect(run.stdout.split('\n')).toEqual([
      failing,
      '  FAIL  hot then cool (2 expected, 3 sent)',
      '        ~ wrong       cpu:host=a level WARNING expected, OK sent (line 12)',
      '        + unexpected  cpu:host=b CRITICAL at 2024-01-01T00:00:20Z',
      '  PASS  quiet (0 expected, 0 sent)',
      '1 passed, 1 failed',
      '',
    ]);
    expect(run.code).toBe(1);

    const broken = fixture.file('broken.test.yaml', 'tests:\n  - input: { points: "x" }\n    expect:\n      - { id: a, level: HOT }\n');
    const refused = await vigil(['test', failing, broken]);
    expect({ code: refused.code, stdout: refused.stdout, stderr: refused.stderr.trim() }).toEqual({ code: 2, stdout: '', stderr: `${broken}:2:5: a test case needs "task" (here or at the top of the file)` });
  });

  it('tests a task of a running vigil serve on its history', async () => {
    const serve = await fixture.serve(['--task', fixture.file('cpu.tick', cpuTick(await fixture.receiver.start()))]);
    const points = ['cpu,host=a usage=95 1700000000000000000', 'cpu,host=a usage=50 1700000010000000000', 'cpu,host=b usage=99 1700000100000000000'].join('\n');
    expect((await fetch(`${serve.url}/write?db=telegraf&rp=autogen`, { method: 'POST', body: points })).status).toBe(204);
    const range = (expect: string): string => fixture.file('history.test.yaml', [
      'tests:',
      '  - name: the first minute of host a',
      `    input: { serve: "${serve.url}", task: cpu, start: "2023-11-14T22:13:20Z", stop: "2023-11-14T22:14:20Z" }`,
      `    expect: ${expect}`,
      '',
    ].join('\n'));
    const passing = range('[{ id: "cpu:host=a", level: CRITICAL, at: +0s }, { id: "cpu:host=a", level: OK, at: +10s, previousLevel: CRITICAL }]');
    // The point log is written asynchronously: wait until the backtest sees the points.
    const run = await waitFor(async () => {
      const attempt = await vigil(['test', passing]);
      return attempt.code === 0 ? attempt : undefined;
    }, { timeoutMs: 30_000, what: 'the backtest to pass' });
    expect(run.stdout.split('\n')).toEqual([passing, '  PASS  the first minute of host a (2 expected, 2 sent)', '1 passed, 0 failed', '']);

    const failing = await vigil(['test', range('[{ id: "cpu:host=a", level: CRITICAL }]')]);
    expect({ code: failing.code, lines: failing.stdout.split('\n').slice(1) }).toEqual({ code: 1, lines: ['  FAIL  the first minute of host a (1 expected, 2 sent)', '        + unexpected  cpu:host=a OK at 2023-11-14T22:13:30Z', '0 passed, 1 failed', ''] });
    expect(await serve.stop()).toBe(0);

    const down = await vigil(['test', range('[]')]);
    expect({ code: down.code, lines: down.stdout.split('\n').slice(1, 3) }).toEqual({ code: 1, lines: ['  ERROR the first minute of host a', expect.stringMatching(/^ {8}cannot reach http:\/\/127\.0\.0\.1:\d+: /)] });
  });
});
