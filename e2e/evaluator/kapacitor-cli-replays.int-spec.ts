import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '@vigil/testing';
import { runVigil } from '../examples/support/examples';
import { goRfc822, kapacitorCliOrWarn, okLines } from '../standalone/support/kapacitor-cli';
import { EvaluatorCluster } from './support/evaluator-cluster';
import { buildDistributedApps, kapacitorCliDeployment } from './support/kapacitor-cli-deployment';

const cli = kapacitorCliOrWarn();

interface ApiReplay {
  readonly id: string;
  readonly task: string;
  readonly recording: string;
  readonly 'recording-time': boolean;
  readonly clock: string;
  readonly date: string;
  readonly status: string;
  readonly error: string;
  readonly progress: number;
}

interface Alert {
  readonly id: string;
  readonly level: string;
  readonly time: string;
  readonly message: string;
}

/** Alerts by id, each id's in the order received (the notifier keeps one alert id's order, not the order across ids). */
function byId(alerts: readonly Alert[]): Record<string, [string, string][]> {
  const grouped: Record<string, [string, string][]> = {};
  for (const alert of alerts) (grouped[alert.id] ??= []).push([alert.level, alert.time]);
  return grouped;
}

/**
 * Kapacitor's `replay` through the real `kapacitor` 1.5.9 CLI against the distributed mode:
 * ingest keeps a stream recording as a time range of the points topic, queues the replay on
 * Redis for an evaluator, which runs the (disabled) task over the range and publishes the alerts
 * with ids of the replay's own, and the notifier delivers them to the task's `.post()` as
 * Kapacitor's replay sends them to its handlers. Two replays of one recording both deliver (no
 * deduplication across replays); the recorded-time replay equals `vigil replay` of the same
 * points from a file. `list replays`, a replay's GET, `delete replays` and `backup` read the
 * replays topic. Expected CLI outputs are what cmd/kapacitor/main.go prints.
 */
describe.skipIf('unavailable' in cli)(`the kapacitor 1.5.9 CLI: replays in the distributed mode${'unavailable' in cli ? ` (skipped: ${cli.unavailable})` : ''}`, () => {
  const cluster = new EvaluatorCluster({ tasks: {}, partitionKeys: 'cpu=host', pointsPartitions: 2 });
  const dir = mkdtempSync(join(tmpdir(), 'vigil-e2e-replays-'));
  const deployment = kapacitorCliDeployment<Alert>(dir);
  // Built before the test, so a cold build on a loaded machine does not count against its time.
  beforeAll(buildDistributedApps, 600_000);
  afterAll(() => deployment.close());

  it('records a stream, replays it through an evaluator to the task handler, and lists the replays', async () => {
    const binary = (cli as { binary: string }).binary;
    const { ingest, broker, kapacitor, api, alerts } = await deployment.start(cluster, binary);
    const file = (name: string, text: string): string => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };

    const script = ['dbrp "vigil"."autogen"', '', 'stream', "    |from().measurement('cpu').groupBy('host')", '    |alert()', '        .crit(lambda: "usage" > 90)', '        .warn(lambda: "usage" > 70)', `        .post('${broker.url()}')`, ''].join('\n');
    expect(okLines(kapacitor('define', 'cpu', '-tick', file('cpu.tick', script)))).toEqual(['']);
    // Disabled: only replays raise its alerts.
    await cluster.waitUntilTasksApplied();

    // The recording is the range of the points topic from now for 15 s, in the task's dbrp: room
    // for the writes below on a loaded machine (the replay's alerts check that all of them fell inside).
    expect(okLines(kapacitor('record', 'stream', '-task', 'cpu', '-duration', '15s', '-recording-id', 'rec1', '-no-wait'))).toEqual(['rec1', '']);
    const points = ['cpu,host=a usage=95 1700000000000000000', 'cpu,host=b usage=80 1700000001000000000', 'cpu,host=a usage=75 1700000002000000000', 'cpu,host=b usage=99 1700000003000000000', 'cpu,host=a usage=50 1700000004000000000', 'mem,host=a used=1 1700000005000000000'];
    for (const line of points) expect((await fetch(`${ingest.url}/write?db=vigil&rp=autogen`, { method: 'POST', body: line })).status).toBe(204);
    expect((await fetch(`${ingest.url}/write?db=other&rp=autogen`, { method: 'POST', body: 'cpu,host=z usage=99 1700000000000000000' })).status).toBe(204);
    // A replay of a recording still running is refused: its points are still coming. An hour-long
    // recording is surely still running, however slow the machine.
    expect(okLines(kapacitor('record', 'stream', '-task', 'cpu', '-duration', '1h', '-recording-id', 'live', '-no-wait'))).toEqual(['live', '']);
    const early = kapacitor('replay', '-recording', 'live', '-task', 'cpu');
    expect(early.code).not.toBe(0);
    expect(early.stderr).toMatch(/^recording live is still running until \S+: replay it once it has finished\n$/);
    expect(okLines(kapacitor('delete', 'recordings', 'live'))).toEqual(['']);
    await waitFor(async () => (await api<{ status: string }>('recordings/rec1')).status === 'finished', { timeoutMs: 60_000, what: 'the recording to finish' });

    // Recorded times: the alerts are those `vigil replay` prints for the same points from a file.
    expect(okLines(kapacitor('replay', '-recording', 'rec1', '-task', 'cpu', '-replay-id', 'rp1', '-rec-time'))).toEqual(['rp1', '']);
    await waitFor(() => alerts().length >= 5, { timeoutMs: 60_000, what: "the replay's alerts at the task's handler" });
    const expected = {
      'cpu:host=a': [
        ['CRITICAL', '2023-11-14T22:13:20Z'],
        ['WARNING', '2023-11-14T22:13:22Z'],
        ['OK', '2023-11-14T22:13:24Z'],
      ],
      'cpu:host=b': [
        ['WARNING', '2023-11-14T22:13:21Z'],
        ['CRITICAL', '2023-11-14T22:13:23Z'],
      ],
    };
    expect(byId(alerts())).toEqual(expected);
    const fromFile = await runVigil('replay', '--tick', file('cpu-file.tick', script), '--data', file('cpu.lp', points.join('\n')), '--task-name', 'cpu');
    expect(fromFile.code).toBe(0);
    const printed = fromFile.stdout.trim().split('\n').map((line) => JSON.parse(line) as Alert);
    expect(byId(printed)).toEqual(expected);
    expect(alerts().map(({ id, level, time, message }) => ({ id, level, time, message }))).toEqual(expect.arrayContaining(printed.map(({ id, level, time, message }) => ({ id, level, time, message }))));

    // Shifted times: the first point at the replay's start. Its events are delivered too, never deduplicated against rp1's.
    const before = Date.now();
    expect(okLines(kapacitor('replay', '-recording', 'rec1', '-task', 'cpu', '-replay-id', 'rp2'))).toEqual(['rp2', '']);
    await waitFor(() => alerts().length >= 10, { timeoutMs: 60_000, what: "the second replay's alerts" });
    const shifted = alerts().slice(5);
    expect(Object.fromEntries(Object.entries(byId(shifted)).map(([id, events]) => [id, events.map(([level]) => level)]))).toEqual({ 'cpu:host=a': ['CRITICAL', 'WARNING', 'OK'], 'cpu:host=b': ['WARNING', 'CRITICAL'] });
    const first = Math.min(...shifted.map((alert) => Date.parse(alert.time)));
    expect(first >= before - 1000 && shifted.every((alert) => Date.parse(alert.time) - first <= 4000)).toBe(true);

    // Listed by the API and the CLI, finished; a replay's GET is 200 once it ended.
    const replays = (await api<{ replays: readonly ApiReplay[] }>('replays')).replays;
    expect(replays.map(({ id, task, recording, status, clock, error, progress, ...rest }) => [id, task, recording, status, clock, error, progress, rest['recording-time']])).toEqual([
      ['rp1', 'cpu', 'rec1', 'finished', 'fast', '', 1, true],
      ['rp2', 'cpu', 'rec1', 'finished', 'fast', '', 1, false],
    ]);
    const replayRow = (id: string, task: string, rec: string, status: string, clock: string, date: string): string => `${id.padEnd(4)}${task.padEnd(5)}${rec.padEnd(10)}${status.padEnd(9)}${clock.padEnd(8)}${date.padEnd(23)}`;
    expect(okLines(kapacitor('list', 'replays'))).toEqual([
      replayRow('ID', 'Task', 'Recording', 'Status', 'Clock', 'Date'),
      ...replays.map((replay) => replayRow(replay.id, replay.task, replay.recording, replay.status, replay.clock, goRfc822(replay.date.replace(/\.\d+Z$/, 'Z')))),
      '',
    ]);
    const one = await fetch(`${ingest.url}/kapacitor/v1/replays/rp1`);
    const shown = (await one.json()) as ApiReplay & { stats: { 'node-stats': Record<string, Record<string, number>> } };
    expect([one.status, shown.status]).toEqual([200, 'finished']);
    // Its figures once the last point was fed, as Kapacitor's replay keeps them: five cpu points, five alerts.
    expect(shown.stats['node-stats']['alert2']).toMatchObject({ collected: 5, alerts_triggered: 5, crits_triggered: 2, warns_triggered: 2, oks_triggered: 1 });
    const listed = await api<{ replays: readonly Record<string, unknown>[] }>('replays?fields=stats&pattern=rp1');
    expect(listed.replays).toEqual([{ id: 'rp1', link: { rel: 'self', href: '/kapacitor/v1/replays/rp1' }, stats: shown.stats }]);

    // What Kapacitor refuses, and replay-live on evaluators without an InfluxDB (kapacitor-cli-query-recordings.int-spec.ts runs it with one).
    expect(kapacitor('replay', '-recording', 'missing', '-task', 'cpu')).toEqual({ code: 3, stdout: '', stderr: 'recording not found: no recording exists\n' });
    expect(kapacitor('replay', '-recording', 'rec1', '-task', 'missing')).toEqual({ code: 3, stdout: '', stderr: 'task load: no task exists\n' });
    const again = kapacitor('replay', '-recording', 'rec1', '-task', 'cpu', '-replay-id', 'rp1');
    expect([again.code === 0, again.stderr]).toEqual([false, 'replay already exists\n']);
    const live = kapacitor('replay-live', 'query', '-task', 'cpu', '-query', 'SELECT usage FROM vigil.autogen.cpu', '-replay-id', 'live1');
    expect([live.code === 0, live.stdout]).toEqual([false, 'live1\n']);
    expect(live.stderr).toMatch(/^the evaluator has no INFLUXDB_URL \(or INFLUXDB_CLUSTERS_FILE\): record batch, record query, replay-live batch and replay-live query query the InfluxDB/);

    expect(okLines(kapacitor('delete', 'replays', 'rp2', 'live1'))).toEqual(['']);
    expect((await api<{ replays: readonly ApiReplay[] }>('replays')).replays.map((replay) => replay.id)).toEqual(['rp1']);
    // backup holds the replays' records beside the recordings', as Kapacitor's backup holds its replays.
    const backup = join(dir, 'replays.backup');
    expect(okLines(kapacitor('backup', backup))).toEqual(['']);
    expect(execFileSync('tar', ['-tzf', backup], { encoding: 'utf8' }).split('\n').filter((path) => /^re(cordings|plays)\//.test(path))).toEqual(['recordings/rec1.json', 'replays/rp1.json']);
    expect(JSON.parse(execFileSync('tar', ['-xzOf', backup, 'replays/rp1.json'], { encoding: 'utf8' }))).toMatchObject({ format: 'vigil.replay.v1', id: 'rp1', status: 'finished', 'recording-time': true });
    expect(alerts()).toHaveLength(10);
  }, 300_000);
});
