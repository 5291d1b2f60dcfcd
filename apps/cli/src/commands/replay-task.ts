import type { Point } from '@vigil/core';
import { encodeAlertEvent } from '@vigil/core';
import { advanceReplayClock } from '@vigil/evaluation';
import { createTask, type NodeRegistry, type Task } from '@vigil/tick-engine';
import type { Pipeline } from '@vigil/tick-lang';
import type { CommandIo } from './command-io';
import { ProgressReporter } from './progress-reporter';
import { withScriptErrors } from './script-errors';

/**
 * The task of a `vigil replay` (of a file, a topic range or batch runs): it prints each alert
 * event as a JSON line, passes warnings and errors to stderr, and reads a clock the replay moves,
 * since replays are deterministic (the time of the last point, or of the batch run being made).
 */
export class ReplayTask {
  readonly task: Task;
  /** The task's clock. */
  now: bigint;
  /** Events the engine dropped because their data held NaN or an infinity (each is also logged). */
  private dropped = 0;

  constructor(pipeline: Pipeline, options: { readonly taskName: string; readonly tickPath: string; readonly source: string; readonly io: CommandIo; readonly start?: bigint; readonly registry?: NodeRegistry }) {
    const { io } = options;
    this.now = options.start ?? 0n;
    this.task = withScriptErrors(options.tickPath, options.source, () =>
      createTask(pipeline, {
        ...(options.registry === undefined ? {} : { registry: options.registry }),
        taskName: options.taskName,
        now: () => this.now,
        emitEvent: (event) => io.stdout(`${encodeAlertEvent(event)}\n`),
        emitPoint: () => undefined,
        log: (entry) => {
          if (entry.level === 'warn' || entry.level === 'error') io.stderr(`${entry.node}: ${entry.message}\n`);
        },
        publish: () => undefined,
        eventDropped: () => void (this.dropped += 1),
      }),
    );
  }

  /**
   * Writes the points in their order, the clock following each point's time, with progress on a
   * terminal. A task that ticks (`stats`, `deadman`, `barrier`) is ticked to each point's time
   * before it is written, as the server's replays do (runReplayTask), and not after the last.
   */
  writeAll(points: readonly Point[], io: CommandIo): void {
    const progress = new ProgressReporter(io, points.length);
    const ticks = this.task.ticks;
    for (const point of points) {
      if (ticks) advanceReplayClock(this.task, point.time, (now) => (this.now = now));
      this.now = point.time;
      this.task.write(point);
      progress.advance();
    }
    progress.finish();
  }

  /** Says on stderr how many events were dropped, if any. */
  reportDropped(io: CommandIo): void {
    reportDroppedEvents(this.dropped, io);
  }
}

/** The warning for events dropped because their data held NaN or an infinity, when there were any. */
export function reportDroppedEvents(dropped: number, io: CommandIo): void {
  if (dropped === 0) return;
  io.stderr(`warning: ${dropped} alert event${dropped === 1 ? '' : 's'} dropped: the data held NaN or an infinity, which JSON cannot carry (Kapacitor drops them too)\n`);
}
