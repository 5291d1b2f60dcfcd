import { setTimeout as sleep } from 'node:timers/promises';
import { querySources, type RecordedBatch } from './batch-recording';
import { ReplayEngine, ReplayStoppedError, type ReplayOutcome, type ReplayRun } from './replay-task';

export interface BatchReplayRun extends Omit<ReplayRun, 'points'> {
  readonly batches: AsyncIterable<RecordedBatch> | Iterable<RecordedBatch>;
}

/**
 * Feeds recorded batches to a batch task's query nodes (a batch's `source` is the position of
 * its node) in an engine instance of its own, as Kapacitor's `ReplayBatchFromIO` feeds its batch
 * collectors. Empty batches are skipped. Unless the recorded times are kept, every point of a
 * node's batches is shifted by the same amount so that the node's first point is at `nowNs`; a
 * batch's time is then at least its last point's. The task's clock is the time of the batch fed,
 * reached through each `stats` report due on the way (ReplayEngine.advanceTo).
 */
export async function runBatchReplayTask(run: BatchReplayRun): Promise<ReplayOutcome> {
  const nodes = querySources(run.definition);
  const replay = new ReplayEngine(run);
  const task = replay.task;
  const shifts = new Map<number, bigint>();
  let count = 0;
  const startedMs = Date.now();
  try {
    for await (const { source, batch } of run.batches) {
      if (run.signal.aborted) throw new ReplayStoppedError();
      const node = nodes[source];
      if (node === undefined) throw new Error(`the recording feeds ${source + 1} query nodes; task ${run.definition.name} has ${nodes.length}`);
      const first = batch.points[0];
      if (first === undefined) continue;
      // The replay clock's zero is the node's first recorded point, whatever times the task sees.
      if (!shifts.has(source)) shifts.set(source, run.nowNs - first.time);
      const clockShift = shifts.get(source) ?? 0n;
      const shift = run.recordingTime ? 0n : clockShift;
      const points = batch.points.map((point) => ({ ...point, time: point.time + shift }));
      const last = points.at(-1)?.time ?? batch.tmax;
      const tmax = batch.tmax < last ? last : batch.tmax;
      if (run.clock === 'real') await abortableDelay(Math.max(0, startedMs + Number((last - shift + clockShift - run.nowNs) / 1_000_000n) - Date.now()), run.signal);
      // Through every report due before the batch (a gap between runs skips none), as the stream replay steps.
      await replay.advanceTo(tmax);
      task.writeBatch(node, { ...batch, tmax, points });
      count += points.length;
      const turn = replay.turns.step(points.length);
      if (turn) await turn;
    }
    return replay.outcome(count);
  } finally {
    // The replay's task goes with it: its UDF agents end now rather than when it is collected.
    task.close();
  }
}

/** Waits `ms`, or less when the signal ends the replay first (the loop then sees it aborted). */
async function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  await sleep(ms, undefined, { signal }).catch(() => undefined);
}
