import type { Logger } from '@vigil/observability';

/** One segment of a log: its first offset and its size. */
export interface SegmentSize {
  readonly base: bigint;
  readonly bytes: number;
}

/** A log and the offset below which its reader no longer needs it. */
export interface RetainedLog {
  readonly name: string;
  readonly log: { truncateBefore(offset: bigint): Promise<number>; segmentSizes?(): readonly SegmentSize[] };
  /** The reader's durable position (checkpoint, saved notifier position); undefined keeps everything. */
  readonly processedBelow: () => bigint | undefined;
  /** Processed bytes kept anyway, for replays: a segment goes only once the ones after it hold this many. */
  readonly keepNewestBytes?: number;
}

/**
 * The offset to truncate below so that the newest `keepBytes` of the log survive in whole
 * segments: `processedBelow`, or the base of the oldest segment the later ones do not yet
 * outweigh, whichever is lower.
 */
export function retainedBelow(segments: readonly SegmentSize[], processedBelow: bigint, keepBytes: number): bigint {
  if (keepBytes <= 0) return processedBelow;
  let after = 0;
  for (let index = segments.length - 1; index > 0; index -= 1) {
    const segment = segments[index] as SegmentSize;
    after += segment.bytes;
    // The segments from here on hold enough, so every one before this may go.
    if (after >= keepBytes) return segment.base < processedBelow ? segment.base : processedBelow;
  }
  const first = segments[0]?.base ?? processedBelow;
  return first < processedBelow ? first : processedBelow;
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
    for (const { name, log, processedBelow, keepNewestBytes = 0 } of this.options.logs) {
      const processed = processedBelow();
      if (processed === undefined) continue;
      try {
        const below = keepNewestBytes > 0 ? retainedBelow(segmentSizesOf(name, log), processed, keepNewestBytes) : processed;
        const deleted = await log.truncateBefore(below);
        if (deleted > 0) this.options.logger.info({ log: name, offset: below.toString(), segments: deleted }, 'deleted processed log segments');
      } catch (error) {
        this.options.logger.warn({ err: error, log: name }, 'deleting processed log segments failed; trying again later');
      }
    }
  }
}

function segmentSizesOf(name: string, log: RetainedLog['log']): readonly SegmentSize[] {
  if (log.segmentSizes === undefined) throw new Error(`${name}: keeping the newest bytes needs the log's segment sizes, and this log gives none`);
  return log.segmentSizes();
}
