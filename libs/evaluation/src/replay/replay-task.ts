import { setTimeout as sleep } from 'node:timers/promises';
import type { AlertEvent, Point } from '@vigil/core';
import { createTask, type NodeRegistry, type NodeStatistics, type Task } from '@vigil/tick-engine';
import type { TaskDefinition } from '../tasks/task-definition';
import { EventLoopTurns } from './event-loop-turns';

/** How a replay runs a task: `vigil serve`'s and the evaluators' replays of Kapacitor recordings. */
export interface ReplaySettings {
  /** Keep the recorded times (`-rec-time`); otherwise they are shifted so the first point is at `nowNs`. */
  readonly recordingTime: boolean;
  /** `real`: points arrive as far apart as they were recorded; `fast`: at once. */
  readonly clock: 'fast' | 'real';
  readonly nowNs: bigint;
  readonly signal: AbortSignal;
  /** The server's engine (its ClusterID and ServerID in alert templates), as Kapacitor replays inside its server. */
  readonly registry?: NodeRegistry;
}

export interface ReplayRun extends ReplaySettings {
  /** The task as the server compiled it (script, vars, dbrps). */
  readonly definition: TaskDefinition;
  readonly points: AsyncIterable<Point> | Iterable<Point>;
}

/** What a replay produced. */
export interface ReplayOutcome {
  readonly events: AlertEvent[];
  readonly points: number;
  /** Events whose data held NaN or an infinity, which JSON cannot carry (dropped, as Kapacitor does). */
  readonly dropped: number;
  /**
   * The replayed task's node figures once its last point was fed, in pipeline order: what
   * Kapacitor's `doReplay` reads (`tm.ExecutionStats`) into the replay's `stats` before draining
   * the task. `nodeStatsOf` (@vigil/kapacitor-api) turns them into its `node-stats`.
   */
  readonly statistics?: readonly NodeStatistics[];
}

/**
 * The most ticks one gap between points brings. A longer gap (a recording with a pause of days
 * and a one-second `stats`) skips the rest of the reports, as a Go ticker that fires late fires once.
 */
export const MAX_TICKS_PER_GAP = 100_000;

/** Thrown when the replay's signal ends it (the server or evaluator stopping). */
export class ReplayStoppedError extends Error {
  override readonly name = 'ReplayStoppedError';
  constructor(what = 'the server') {
    super(`${what} stopped during the replay`);
  }
}

/**
 * Runs points through a task in an engine instance of its own, never the live one: it starts
 * empty and its state goes with it, as Kapacitor's `doReplay` starts the task in a new task
 * master. Times are shifted as Kapacitor's `replayStreamFromChan` does (the first point at the
 * clock's zero, the rest as far after it as recorded) unless the recorded times are kept. The
 * task's clock (`now()`, wall-clock nodes) is the time of the point being written: Kapacitor's
 * replay waits for its clock to reach a point's time (`clck.Until`) before it feeds the point, so
 * the `stats` (hence `deadman`) and `barrier` timers due by then fire first. Here the clock ticks
 * to that time before each point, through every report due on the way, and not after the last
 * point: Kapacitor reads the figures and stops the stats nodes once the last point is fed.
 */
export async function runReplayTask(run: ReplayRun): Promise<ReplayOutcome> {
  const replay = new ReplayEngine(run);
  const task = replay.task;
  let first: bigint | undefined;
  let count = 0;
  const startedMs = Date.now();
  try {
    for await (const point of run.points) {
      if (run.signal.aborted) throw new ReplayStoppedError();
      first ??= point.time;
      const offset = point.time - first;
      const time = run.recordingTime ? point.time : run.nowNs + offset;
      if (run.clock === 'real') await abortableDelay(Math.max(0, startedMs + Number(offset / 1_000_000n) - Date.now()), run.signal);
      if (task.ticks) await replay.advanceTo(time);
      replay.now = time;
      task.write({ ...point, time });
      count += 1;
      const turn = replay.turns.step();
      if (turn) await turn;
    }
    return replay.outcome(count);
  } finally {
    // The replay's task goes with it: its UDF agents end now rather than when it is collected.
    task.close();
  }
}

/** A task in an engine instance of its own, whose clock the replay sets, collecting its events. */
export class ReplayEngine {
  readonly task: Task;
  /** Turns of the event loop given while the replay computes (points and ticks alike). */
  readonly turns = new EventLoopTurns();
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

  /** Moves the task's clock to `time` (advanceReplayClock), giving the event loop its turns on a long way. */
  async advanceTo(time: bigint): Promise<void> {
    for (const _tick of replayClockTicks(this.task, time, (now) => (this.now = now))) {
      const turn = this.turns.step();
      if (turn) await turn;
    }
  }

  outcome(points: number): ReplayOutcome {
    return { events: this.events, points, dropped: this.dropped, statistics: this.task.statistics.nodes(this.task.groupCounts()) };
  }
}

/**
 * Moves a replayed task's clock to `time` (set through `setNow`, which the task's `now()` reads):
 * it ticks at each time a report falls due before `time` (`Task.nextTickDue`), then at `time`.
 */
export function advanceReplayClock(task: Task, time: bigint, setNow: (now: bigint) => void): void {
  for (const _tick of replayClockTicks(task, time, setNow));
}

/** advanceReplayClock one tick a step, so that an async caller can give the event loop turns between them. */
function* replayClockTicks(task: Task, time: bigint, setNow: (now: bigint) => void): Generator<bigint, void, undefined> {
  let ticks = 0;
  for (let due = task.nextTickDue(); due !== undefined && due < time && ticks < MAX_TICKS_PER_GAP; ticks += 1) {
    setNow(due);
    task.tick(due);
    yield due;
    const next = task.nextTickDue();
    // A node whose next report did not move on would hold the loop: the tick at `time` settles it.
    due = next !== undefined && next > due ? next : undefined;
  }
  setNow(time);
  task.tick(time);
}

/** Waits `ms`, or less when the signal ends the replay first (the loop then sees it aborted). */
async function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  await sleep(ms, undefined, { signal }).catch(() => undefined);
}
