import type { AlertEvent, Point } from '@vigil/core';
import type { TaskDefinition } from '@vigil/evaluation';
import { createTask, type NodeRegistry, type Task } from '@vigil/tick-engine';
import { abortableDelay } from '../tailing/tailed-log';
import { querySources, type RecordedBatch } from './batch-recorder';

export interface ReplayRun {
  /** The task as the server compiled it (script, vars, dbrps). */
  readonly definition: TaskDefinition;
  readonly points: AsyncIterable<Point> | Iterable<Point>;
  /** Keep the recorded times (`-rec-time`); otherwise they are shifted so the first point is at `nowNs`. */
  readonly recordingTime: boolean;
  /** `real`: points arrive as far apart as they were recorded; `fast`: at once. */
  readonly clock: 'fast' | 'real';
  readonly nowNs: bigint;
  readonly signal: AbortSignal;
  /** The server's engine (its ClusterID and ServerID in alert templates), as Kapacitor replays inside its server. */
  readonly registry?: NodeRegistry;
}

/** What a replay produced. */
export interface ReplayOutcome {
  readonly events: AlertEvent[];
  readonly points: number;
  /** Events whose data held NaN or an infinity, which JSON cannot carry (dropped, as Kapacitor does). */
  readonly dropped: number;
}

/**
 * Runs points through a task in an engine instance of its own, never the live one: it starts
 * empty and its state goes with it, as Kapacitor's `doReplay` starts the task in a new task
 * master. Times are shifted as Kapacitor's `replayStreamFromChan` does (the first point at the
 * clock's zero, the rest as far after it as recorded) unless the recorded times are kept. The
 * task's clock (`now()`, wall-clock nodes) is the time of the last point written.
 */
export async function runReplayTask(run: ReplayRun): Promise<ReplayOutcome> {
  const replay = new ReplayEngine(run);
  const task = replay.task;
  let first: bigint | undefined;
  let count = 0;
  const startedMs = Date.now();
  for await (const point of run.points) {
    if (run.signal.aborted) throw new Error('the server stopped during the replay');
    first ??= point.time;
    const offset = point.time - first;
    const time = run.recordingTime ? point.time : run.nowNs + offset;
    if (run.clock === 'real') await abortableDelay(Math.max(0, startedMs + Number(offset / 1_000_000n) - Date.now()), run.signal);
    replay.now = time;
    task.write({ ...point, time });
    count += 1;
  }
  return replay.outcome(count);
}

/** A task in an engine instance of its own, whose clock the replay sets, collecting its events. */
class ReplayEngine {
  readonly task: Task;
  now = 0n;
  private readonly events: AlertEvent[] = [];
  private dropped = 0;

  constructor(run: Pick<ReplayRun, 'definition' | 'registry'>) {
    this.task = createTask(run.definition.pipeline, {
      ...(run.registry === undefined ? {} : { registry: run.registry }),
      taskName: run.definition.name,
      now: () => this.now,
      emitEvent: (event) => this.events.push(event),
      emitPoint: () => undefined,
      log: () => undefined,
      publish: () => undefined,
      eventDropped: () => void (this.dropped += 1),
    });
  }

  outcome(points: number): ReplayOutcome {
    return { events: this.events, points, dropped: this.dropped };
  }
}

export interface BatchReplayRun extends Omit<ReplayRun, 'points'> {
  readonly batches: AsyncIterable<RecordedBatch> | Iterable<RecordedBatch>;
}

/**
 * Feeds recorded batches to a batch task's query nodes (a batch's `source` is the position of
 * its node) in an engine instance of its own, as Kapacitor's `ReplayBatchFromIO` feeds its batch
 * collectors. Empty batches are skipped. Unless the recorded times are kept, every point of a
 * node's batches is shifted by the same amount so that the node's first point is at `nowNs`; a
 * batch's time is then at least its last point's. The task's clock is the time of the batch fed.
 */
export async function runBatchReplayTask(run: BatchReplayRun): Promise<ReplayOutcome> {
  const nodes = querySources(run.definition);
  const replay = new ReplayEngine(run);
  const task = replay.task;
  const shifts = new Map<number, bigint>();
  let count = 0;
  const startedMs = Date.now();
  for await (const { source, batch } of run.batches) {
    if (run.signal.aborted) throw new Error('the server stopped during the replay');
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
    replay.now = tmax;
    task.tick(tmax);
    task.writeBatch(node, { ...batch, tmax, points });
    count += points.length;
  }
  return replay.outcome(count);
}
