import { join } from 'node:path';
import { repositoryRoot, startProcess, waitFor } from '@vigil/testing';
import { goRfc822, kapacitorCliOrWarn, okLines, runKapacitor, type CliRun } from './support/kapacitor-cli';
import { useServeFixture } from './support/serve-fixture';

const cli = kapacitorCliOrWarn();

interface ApiRun {
  readonly id: string;
  readonly status: string;
  readonly size: number;
  readonly date: string;
  readonly task: string;
  readonly recording: string;
  readonly clock: string;
}

interface Alert {
  readonly id: string;
  readonly level: string;
  readonly time: string;
}

/** go-humanize's `Bytes` (SI units), which `kapacitor list recordings` prints sizes with, below 1 MB. */
function humanBytes(size: number): string {
  if (size < 10) return `${size} B`;
  const [value, unit] = size < 1000 ? [size, 'B'] : [Math.floor((size / 1000) * 10 + 0.5) / 10, 'kB'];
  return `${value < 10 ? value.toFixed(1) : value.toFixed(0)} ${unit}`;
}

/** Runs the `vigil` CLI to its end. */
async function vigil(...args: string[]): Promise<{ code: number | NodeJS.Signals; stdout: string; output: string }> {
  const root = repositoryRoot();
  const run = startProcess('bash', [join(root, 'tools/node24/run.sh'), join(root, 'tools/bin/vigil.cjs'), ...args], { cwd: root, env: { PATH: process.env['PATH'], HOME: process.env['HOME'] } });
  const code = await run.exited;
  return { code, stdout: run.stdout(), output: run.output() };
}

/**
 * Recordings and replays through the real `kapacitor` 1.5.9 CLI against `vigil serve`: `record
 * stream` of a task's points, `list recordings`, `replay` of the recording through the task (its
 * alerts reach the task's handler, with times shifted to now, or kept with `-rec-time`), `list
 * replays`, `record query` refused without an InfluxDB, `delete recordings` and `replays`; and vigil's backtest of the
 * point log (`POST /vigil/v1/replays`). Expected outputs are what cmd/kapacitor/main.go prints for
 * what vigil answers.
 */
describe.skipIf('unavailable' in cli)(`the kapacitor 1.5.9 CLI: recordings and replays against vigil serve${'unavailable' in cli ? ` (skipped: ${cli.unavailable})` : ''}`, () => {
  const fixture = useServeFixture('kapacitor-replays');

  it('records a stream, replays it through the task to its handler, and backtests the point log', async () => {
    const binary = 'binary' in cli ? cli.binary : '';
    const receiver = await fixture.receiver.start();
    const serve = await fixture.serve();
    const kapacitor = (...args: string[]): CliRun => runKapacitor(binary, serve.url, args, fixture.dir());
    const api = async <T>(path: string): Promise<T> => (await (await fetch(`${serve.url}/kapacitor/v1/${path}`)).json()) as T;
    const alerts = (): Alert[] => fixture.receiver.bodies.map((body) => JSON.parse(body) as Alert);
    const script = ['dbrp "telegraf"."autogen"', '', 'stream', "    |from().measurement('cpu').groupBy('host')", '    |alert()', '        .crit(lambda: "usage" > 90)', '        .stateChangesOnly()', `        .post('${receiver}')`, ''].join('\n');
    expect(okLines(kapacitor('define', 'cpu', '-tick', fixture.file('cpu.tick', script)))).toEqual(['']);
    // Disabled: only replays raise its alerts.

    expect(okLines(kapacitor('record', 'stream', '-task', 'cpu', '-duration', '3s', '-recording-id', 'rec1', '-no-wait'))).toEqual(['rec1', '']);
    const points = ['cpu,host=a usage=95 1700000000000000000', 'cpu,host=a usage=50 1700000010000000000', 'mem,host=a used=1 1700000011000000000'].join('\n');
    expect((await fetch(`${serve.url}/write?db=telegraf&rp=autogen`, { method: 'POST', body: points })).status).toBe(204);
    expect((await fetch(`${serve.url}/write?db=other&rp=autogen`, { method: 'POST', body: 'cpu,host=z usage=99 1700000000000000000' })).status).toBe(204);
    const recording = await waitFor(async () => {
      const found = await api<ApiRun>('recordings/rec1');
      return found.status === 'finished' ? found : undefined;
    }, { timeoutMs: 30_000, what: 'the recording to finish' });
    expect(recording.size).toBeGreaterThan(0);
    expect(okLines(kapacitor('list', 'recordings'))).toEqual([
      `${'ID'.padEnd(5)}${'Type'.padEnd(8)}${'Status'.padEnd(10)}${'Size'.padEnd(10)}${'Date'.padEnd(23)}`,
      `${'rec1'.padEnd(5)}${'stream'.padEnd(8)}${'finished'.padEnd(10)}${humanBytes(recording.size).padEnd(10)}${goRfc822(recording.date.replace(/\.\d+Z$/, 'Z')).padEnd(23)}`,
      '',
    ]);

    // The replay runs the (disabled) task apart from the live one; its alerts go to the task's handler.
    const before = Date.now();
    expect(okLines(kapacitor('replay', '-recording', 'rec1', '-task', 'cpu', '-replay-id', 'rp1'))).toEqual(['rp1', '']);
    await waitFor(() => alerts().length >= 2, { timeoutMs: 30_000, what: 'the replayed alerts' });
    expect(alerts().map((alert) => [alert.id, alert.level])).toEqual([['cpu:host=a', 'CRITICAL'], ['cpu:host=a', 'OK']]);
    // Shifted: the first point at the replay's start, the second 10 s after it.
    const [critical, ok] = alerts().map((alert) => Date.parse(alert.time));
    expect((critical ?? 0) >= before - 1000 && (ok ?? 0) - (critical ?? 0) === 10_000).toBe(true);

    expect(okLines(kapacitor('replay', '-recording', 'rec1', '-task', 'cpu', '-replay-id', 'rp2', '-rec-time'))).toEqual(['rp2', '']);
    await waitFor(() => alerts().length >= 4, { timeoutMs: 30_000, what: 'the alerts of the replay with recorded times' });
    expect(alerts().slice(2).map((alert) => [alert.level, alert.time])).toEqual([['CRITICAL', '2023-11-14T22:13:20Z'], ['OK', '2023-11-14T22:13:30Z']]);

    const replays = (await api<{ replays: readonly ApiRun[] }>('replays')).replays;
    expect(replays.map((replay) => [replay.id, replay.task, replay.recording, replay.status, replay.clock])).toEqual([['rp1', 'cpu', 'rec1', 'finished', 'fast'], ['rp2', 'cpu', 'rec1', 'finished', 'fast']]);
    // A finished replay keeps the task's node figures once its last point was fed, as Kapacitor's does.
    const shown = await api<{ stats: { 'node-stats': Record<string, Record<string, number>> } }>('replays/rp2');
    expect(shown.stats['node-stats']['alert2']).toMatchObject({ collected: 2, crits_triggered: 1, oks_triggered: 1 });
    expect((await api<{ replays: readonly Record<string, unknown>[] }>('replays?fields=stats&pattern=rp2')).replays).toEqual([{ id: 'rp2', link: { rel: 'self', href: '/kapacitor/v1/replays/rp2' }, stats: shown.stats }]);
    const replayRow = (id: string, task: string, rec: string, status: string, clock: string, date: string): string => `${id.padEnd(4)}${task.padEnd(5)}${rec.padEnd(10)}${status.padEnd(9)}${clock.padEnd(8)}${date.padEnd(23)}`;
    expect(okLines(kapacitor('list', 'replays'))).toEqual([
      replayRow('ID', 'Task', 'Recording', 'Status', 'Clock', 'Date'),
      ...replays.map((replay) => replayRow(replay.id, replay.task, replay.recording, replay.status, replay.clock, goRfc822(replay.date.replace(/\.\d+Z$/, 'Z')))),
      '',
    ]);

    // No InfluxDB configured (--influxdb): refused, saying so.
    const query = kapacitor('record', 'query', '-query', 'SELECT * FROM cpu', '-type', 'stream');
    expect(query.code).not.toBe(0);
    expect(query.stderr).toMatch(/^InfluxDB not configured, cannot record query: start vigil serve with --influxdb URL/);

    // vigil's backtest: the point log's points of the task's dbrps in [start, stop), their own times.
    const backtest = await fetch(`${serve.url}/vigil/v1/replays`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ task: 'cpu', start: '2023-11-14T22:13:20Z', stop: '2023-11-14T22:13:25Z' }) });
    expect(backtest.status).toBe(200);
    expect((await backtest.text()).trim().split('\n').map((line) => [(JSON.parse(line) as Alert).level, (JSON.parse(line) as Alert).time])).toEqual([['CRITICAL', '2023-11-14T22:13:20Z']]);

    // The same through `vigil replay --from-serve` equals `vigil replay` of the same points from a
    // file, but for .ServerInfo: a replay in the server renders its ClusterID and ServerID (as
    // Kapacitor's replays run in its server), a file replay has no server and renders them empty.
    const fromServe = await vigil('replay', '--from-serve', serve.url, '--task', 'cpu', '--start', '2023-11-14T22:13:00Z', '--stop', '2023-11-14T22:14:00Z');
    const fromFile = await vigil('replay', '--tick', fixture.file('cpu-file.tick', script), '--data', fixture.file('cpu.lp', points), '--task-name', 'cpu');
    const ids = await api<{ cluster_id: string; server_id: string }>('debug/vars');
    expect(fromServe.stdout).toContain(ids.cluster_id);
    expect(fromServe.stdout).toContain(ids.server_id);
    const withoutIds = fromServe.stdout.replaceAll(ids.cluster_id, '').replaceAll(ids.server_id, '');
    expect({ code: fromServe.code, stdout: withoutIds }).toEqual({ code: 0, stdout: fromFile.stdout });
    expect(fromServe.stdout.trim().split('\n').map((line) => (JSON.parse(line) as Alert).level)).toEqual(['CRITICAL', 'OK']);

    expect(okLines(kapacitor('delete', 'replays', 'rp*'))).toEqual(['']);
    expect(okLines(kapacitor('delete', 'recordings', 'rec1'))).toEqual(['']);
    expect(okLines(kapacitor('list', 'recordings'))).toEqual([`${'ID'.padEnd(3)}${'Type'.padEnd(8)}${'Status'.padEnd(10)}${'Size'.padEnd(10)}${'Date'.padEnd(23)}`, '']);
    expect((await api<{ replays: readonly ApiRun[] }>('replays')).replays).toEqual([]);
    expect(await serve.stop()).toBe(0);
  });
});
