import { encodeTaskStatisticsRecord, type TaskStatisticsBook } from '@vigil/evaluation';
import type { Logger } from '@vigil/observability';
import type { RedisTaskStatistics } from '@vigil/redis';

export interface TaskStatisticsPublisherOptions {
  readonly store: RedisTaskStatistics;
  readonly book: TaskStatisticsBook;
  /** This evaluator's ServerID: its field in each task's hash. */
  readonly serverId: string;
  readonly intervalMs: number;
  /** Wall clock in ms: when the figures were taken, which readers compare with theirs. */
  readonly nowMs: () => number;
  readonly logger: Logger;
}

/**
 * Publishes this evaluator's node statistics of every task it runs, every interval, for ingest's
 * task API to sum over the evaluators (`kapacitor show`). A failed publish is logged once until
 * one succeeds again: the figures are advisory and the next interval sends them whole.
 */
export class TaskStatisticsPublisher {
  private timer: NodeJS.Timeout | undefined;
  private publishing: Promise<void> | undefined;
  private failing = false;

  constructor(private readonly options: TaskStatisticsPublisherOptions) {}

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
    const { store, book, serverId, intervalMs, nowMs, logger } = this.options;
    const atMs = nowMs();
    const records = new Map([...book.all()].map(([task, nodes]) => [task, encodeTaskStatisticsRecord({ atMs, nodes })]));
    try {
      // A task's key outlives a few missed publishes, and goes once no evaluator runs the task.
      await store.publish(serverId, records, intervalMs * 6);
      if (this.failing) logger.info({ server: serverId }, 'task statistics published again');
      this.failing = false;
    } catch (error) {
      if (!this.failing) logger.warn({ err: error, server: serverId }, 'task statistics could not be published to Redis; kapacitor show lacks this evaluator until they are');
      this.failing = true;
    }
  }
}
