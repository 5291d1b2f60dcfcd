import type { Logger } from '@vigil/observability';

/** A log and the offset below which its reader no longer needs it. */
export interface RetainedLog {
  readonly name: string;
  readonly log: { truncateBefore(offset: bigint): Promise<number> };
  /** The reader's durable position (checkpoint, saved notifier position); undefined keeps everything. */
  readonly processedBelow: () => bigint | undefined;
}

export interface LogRetentionOptions {
  readonly logs: readonly RetainedLog[];
  readonly intervalMs: number;
  readonly logger: Logger;
}

/**
 * Deletes log segments their reader is done with: point-log segments below the evaluator's saved
 * checkpoint, event-log segments below the notifier's saved position. Only durable positions
 * count, so a restart never needs a deleted record. Runs on an interval and once more at stop.
 */
export class LogRetention {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly options: LogRetentionOptions) {}

  start(): void {
    this.timer = setInterval(() => void this.run(), this.options.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
    await this.run();
  }

  /** One pass over every log; a pass in progress is joined rather than doubled. */
  run(): Promise<void> {
    this.running ??= this.truncateAll().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async truncateAll(): Promise<void> {
    for (const { name, log, processedBelow } of this.options.logs) {
      const below = processedBelow();
      if (below === undefined) continue;
      try {
        const deleted = await log.truncateBefore(below);
        if (deleted > 0) this.options.logger.info({ log: name, offset: below.toString(), segments: deleted }, 'deleted processed log segments');
      } catch (error) {
        this.options.logger.warn({ err: error, log: name }, 'deleting processed log segments failed; trying again later');
      }
    }
  }
}
