import { CPU_BATCH_TICK, type Point } from '@vigil/core';
import { parsePartitionKeys, SERIES_PARTITION_KEYS } from '@vigil/topic-contract';
import { batchesOf } from '../batch/index';
import { defineTasks } from '../tasks/task-definition';
import { runBatchReplayTask } from './batch-replay';
import { runReplayTask } from './replay-task';

const keys = parsePartitionKeys('*=host');
const [ALERT] = defineTasks([{ name: 'cpu', script: "dbrp \"vigil\".\"autogen\"\nstream\n  |from()\n    .measurement('cpu')\n  |alert()\n    .crit(lambda: \"usage\" > 90)\n    .post('http://127.0.0.1:9/alerts')\n" }], keys);
const [STATS] = defineTasks([{ name: 'stats', script: "dbrp \"vigil\".\"autogen\"\nstream\n  |from()\n    .measurement('cpu')\n  |stats(1s)\n  |alert()\n    .crit(lambda: \"emitted\" < 0)\n    .post('http://127.0.0.1:9/alerts')\n" }], keys);
const [BATCH] = defineTasks([{ name: 'cpu_batch', script: CPU_BATCH_TICK }], SERIES_PARTITION_KEYS);
const at = (seconds: number): Point => ({ database: 'vigil', retentionPolicy: 'autogen', name: 'cpu', tags: {}, fields: { usage: 1 }, time: BigInt(seconds) * 1_000_000_000n });
const base = { recordingTime: true, clock: 'fast' as const, nowNs: 0n, signal: new AbortController().signal };

/**
 * Counts the event loop's turns (macrotasks) while `work` runs, as a chain of setImmediate
 * callbacks started before it: a loop that yields only to microtasks lets none run, which is
 * what stalls the evaluator's lease renewals during a long replay.
 */
async function turnsDuring(work: () => Promise<unknown>): Promise<number> {
  let turns = 0;
  let counting = true;
  const count = (): void => {
    if (!counting) return;
    turns += 1;
    setImmediate(count);
  };
  setImmediate(count);
  await work();
  counting = false;
  return turns;
}

describe('a long replay gives the event loop turns', () => {
  it('between points of an in-memory stream recording', async () => {
    const points = Array.from({ length: 20_000 }, (_, n) => at(n));
    expect(await turnsDuring(() => runReplayTask({ ...base, definition: ALERT!, points }))).toBeGreaterThanOrEqual(4);
  });

  it("between the ticks of one long gap (advanceReplayClock's loop)", async () => {
    // Two points 20 000 s apart with a 1 s stats: 20 000 ticks and no point in between.
    const outcome = { ticks: 0 };
    const turns = await turnsDuring(async () => (outcome.ticks = (await runReplayTask({ ...base, definition: STATS!, points: [at(0), at(20_000)] })).points));
    expect(outcome.ticks).toBe(2);
    expect(turns).toBeGreaterThanOrEqual(4);
  });

  it('between batches of a batch recording, counting their points', async () => {
    const minute = (n: number) => 1_709_280_000_000 + n * 60_000;
    const batches = Array.from({ length: 8 }, (_, n) => ({
      source: 0,
      batch: batchesOf([{ name: 'cpu', columns: ['time', 'usage'], values: Array.from({ length: 2_500 }, (_, k) => [new Date(minute(n) + k).toISOString(), 50]) }], { byMeasurement: false, groupedByTime: false, stop: BigInt(minute(n + 1)) * 1_000_000n })[0]!,
    }));
    let points = 0;
    const turns = await turnsDuring(async () => (points = (await runBatchReplayTask({ ...base, definition: BATCH!, batches })).points));
    expect(points).toBe(20_000);
    expect(turns).toBeGreaterThanOrEqual(4);
  });
});
