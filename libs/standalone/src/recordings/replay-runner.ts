import type { AlertEvent, Point } from '@vigil/core';
import type { TaskDefinition } from '@vigil/evaluation';
import { createTask, type NodeRegistry } from '@vigil/tick-engine';
import { abortableDelay } from '../tailing/tailed-log';

export interface ReplayRun {
  /** The task as the server compiled it (script, vars, dbrps). */
  readonly definition: TaskDefinition;
  readonly points: AsyncIterable<Point>;
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
  const events: AlertEvent[] = [];
  let dropped = 0;
  let taskNow = 0n;
  const task = createTask(run.definition.pipeline, {
    ...(run.registry === undefined ? {} : { registry: run.registry }),
    taskName: run.definition.name,
    now: () => taskNow,
    emitEvent: (event) => events.push(event),
    emitPoint: () => undefined,
    log: () => undefined,
    publish: () => undefined,
    eventDropped: () => void (dropped += 1),
  });
  let first: bigint | undefined;
  let count = 0;
  const startedMs = Date.now();
  for await (const point of run.points) {
    if (run.signal.aborted) throw new Error('the server stopped during the replay');
    first ??= point.time;
    const offset = point.time - first;
    const time = run.recordingTime ? point.time : run.nowNs + offset;
    if (run.clock === 'real') await abortableDelay(Math.max(0, startedMs + Number(offset / 1_000_000n) - Date.now()), run.signal);
    taskNow = time;
    task.write({ ...point, time });
    count += 1;
  }
  return { events, points: count, dropped };
}
