import type { Logger } from '@vigil/observability';
import type { RedisTaskRecords } from '@vigil/redis';

export interface TaskRecordsPublisherOptions {
  readonly store: RedisTaskRecords;
  /** This evaluator's ServerID: its field in each task's hash. */
  readonly serverId: string;
  readonly intervalMs: number;
  /** Wall clock in ms: when the records were taken, which readers compare with theirs. */
  readonly nowMs: () => number;
  readonly logger: Logger;
}

/** What one kind of record says in the log: its name, and what readers lack while publishes fail. */
export interface TaskRecordsKind {
  readonly what: string;
  readonly lacking: string;
  /** The encoded record of every task this evaluator runs, taken at `atMs`. */
  records(atMs: number): Map<string, string>;
}

/**
 * Publishes one kind of this evaluator's per-task records (node statistics, httpOut rows) to
 * Redis every interval, for ingest's task API to combine over the evaluators. A failed publish is
 * logged once until one succeeds again: the records are advisory and the next interval sends
 * them whole.
 */
export class TaskRecordsPublisher {
  private timer: NodeJS.Timeout | undefined;
  private publishing: Promise<void> | undefined;
  private failing = false;

  constructor(
    private readonly options: TaskRecordsPublisherOptions,
    private readonly kind: TaskRecordsKind,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.publishing ??= this.publish().finally(() => (this.publishing = undefined));
    }, this.options.intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.publishing;
  }

  /** Publishes once now. Resolves whether or not Redis took it. */
  async publish(): Promise<void> {
    const { store, serverId, intervalMs, nowMs, logger } = this.options;
    const records = this.kind.records(nowMs());
    try {
      // A task's key outlives a few missed publishes, and goes once no evaluator runs the task.
      await store.publish(serverId, records, intervalMs * 6);
      if (this.failing) logger.info({ server: serverId }, `${this.kind.what} published again`);
      this.failing = false;
    } catch (error) {
      if (!this.failing) logger.warn({ err: error, server: serverId }, `${this.kind.what} could not be published to Redis; ${this.kind.lacking} until they are`);
      this.failing = true;
    }
  }
}
