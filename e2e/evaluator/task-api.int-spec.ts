import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Point } from '@vigil/core';
import { kapacitorCliOrWarn, okLines, runKapacitor } from '../standalone/support/kapacitor-cli';
import { oracleByAlertId, uniqueEventsByAlertId } from './support/alert-oracle';
import { EvaluatorCluster } from './support/evaluator-cluster';

/** A TASKS_DIR file: a stateCount streak per host, CRITICAL from the second value over 50 in a row. */
const STREAK = [
  'dbrp "vigil"."autogen"',
  '',
  'stream',
  '    |from()',
  "        .measurement('cpu')",
  "        .groupBy('host')",
  '    |stateCount(lambda: "value" > 50)',
  "        .as('streak')",
  '    |alert()',
  "        .id('streak:{{ index .Tags \"host\" }}')",
  '        .crit(lambda: "streak" >= 2)',
  "        .post('http://localhost:9000/alerts')",
  '',
].join('\n');

/** Defined through ingest with the kapacitor CLI: CRITICAL while a host's value is over 50. */
const HOT = [
  'dbrp "vigil"."autogen"',
  '',
  'stream',
  '    |from()',
  "        .measurement('cpu')",
  "        .groupBy('host')",
  '    |alert()',
  "        .id('hot:{{ index .Tags \"host\" }}')",
  '        .crit(lambda: "value" > 50)',
  "        .post('http://localhost:9000/alerts')",
  '',
].join('\n');

const HOSTS = 12;
const PER_PHASE = 30;

/**
 * Per host, `PER_PHASE` points a phase, 10 s apart. Every host is over 50 in the last three points
 * of phase 0 and the first three of phase 1, so a streak that survives the task change between
 * the phases stays CRITICAL without a new event, and one that restarted would announce it again.
 */
function phasePoints(phase: 0 | 1): Point[] {
  const points: Point[] = [];
  for (let i = 0; i < PER_PHASE; i++) {
    const step = phase * PER_PHASE + i;
    for (let host = 0; host < HOSTS; host++) {
      const hot = (phase === 0 && i >= PER_PHASE - 3) || (phase === 1 && i < 3) || (step + host) % 7 < 2;
      points.push({
        database: 'vigil',
        retentionPolicy: 'autogen',
        name: 'cpu',
        tags: { host: `h${host}` },
        fields: { value: hot ? 60 + host : 10 + host },
        time: 1_700_000_000_000_000_000n + BigInt(step) * 10_000_000_000n,
      });
    }
  }
  return points;
}

const cli = kapacitorCliOrWarn();

describe.skipIf('unavailable' in cli)(`tasks defined through ingest's task API with the kapacitor 1.5.9 CLI${'unavailable' in cli ? ` (skipped: ${cli.unavailable})` : ''}`, () => {
  const cluster = new EvaluatorCluster({ tasks: { streak: STREAK }, partitionKeys: 'cpu=host', pointsPartitions: 3, groupIdleBatches: 2 });
  const dir = mkdtempSync(join(tmpdir(), 'vigil-e2e-task-api-'));
  afterAll(async () => {
    await cluster.tearDown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs a task defined through ingest on two evaluators without a restart; disabling it stops its alerts while a file task keeps its streaks', async () => {
    const binary = (cli as { binary: string }).binary;
    await cluster.setUp();
    const ingest = await cluster.startIngest();
    await cluster.startEvaluator();
    await cluster.startEvaluator();
    const kapacitor = (...args: string[]) => runKapacitor(binary, ingest.url, args, dir);

    writeFileSync(join(dir, 'hot.tick'), HOT);
    writeFileSync(join(dir, 'cold.tick'), HOT.replace("'hot:", "'cold:"));
    okLines(kapacitor('define', 'hot', '-type', 'stream', '-tick', 'hot.tick'));
    okLines(kapacitor('enable', 'hot'));
    okLines(kapacitor('define', 'cold', '-type', 'stream', '-tick', 'cold.tick'));
    // A pattern lists what it matches; deleting a task that does not exist deletes nothing.
    expect(okLines(kapacitor('list', 'tasks', 'h*')).filter((line) => line !== '').map((line) => line.split(/\s+/).slice(0, 4))).toEqual([
      ['ID', 'Type', 'Status', 'Executing'],
      ['hot', 'stream', 'enabled', 'true'],
    ]);
    okLines(kapacitor('delete', 'tasks', 'other'));
    expect(okLines(kapacitor('list', 'tasks')).filter((line) => line !== '').map((line) => line.split(/\s+/)[0])).toEqual(['ID', 'cold', 'hot']);

    await cluster.waitUntilTasksApplied();
    const first = phasePoints(0);
    await cluster.produce(first, { perRecord: 2, chunk: 60 });
    await cluster.waitUntilEvaluated();

    okLines(kapacitor('disable', 'hot'));
    await cluster.waitUntilTasksApplied();
    const second = phasePoints(1);
    await cluster.produce(second, { perRecord: 2, chunk: 60 });
    await cluster.waitUntilEvaluated();

    const records = await cluster.readAlerts();
    const keys = cluster.keys;
    const hot = uniqueEventsByAlertId(records, 'hot');
    const streak = uniqueEventsByAlertId(records, 'streak');
    const cold = uniqueEventsByAlertId(records, 'cold');
    // hot ran over the first phase only (disabled before the second), on both evaluators' partitions.
    expect(hot.byAlertId).toEqual(oracleByAlertId('hot', HOT, keys, first));
    expect(hot.byAlertId.size).toBe(HOSTS);
    // streak, a TASKS_DIR task, ran over both phases as if nothing had changed around it.
    expect(streak.byAlertId).toEqual(oracleByAlertId('streak', STREAK, keys, [...first, ...second]));
    expect(cold.total).toBe(0);
    const metrics = await Promise.all(cluster.evaluators.map((evaluator) => cluster.metrics(evaluator)));
    // Both evaluators owned partitions that ran hot.
    expect(metrics.map((text) => /vigil_evaluator_task_points_total\{[^}]*task="hot"[^}]*\} (\d+)/.exec(text)?.[1] ?? '0').map(Number).every((count) => count > 0)).toBe(true);
  });
});
