import { encodeHttpOutRecord } from '@vigil/evaluation';
import type { Logger } from '@vigil/observability';
import type { RedisTaskRecords } from '@vigil/redis';
import type { EvaluatorHttpOut } from './evaluator-http-out';

export interface HttpOutPublisherOptions {
  /** The records under httpOutKeyPrefix(TASKS_TOPIC). */
  readonly store: RedisTaskRecords;
  readonly results: EvaluatorHttpOut;
  /** This evaluator's ServerID: its field in each task's hash. */
  readonly serverId: string;
  readonly intervalMs: number;
  /** Wall clock in ms: when the rows were taken, which ingest compares with its own. */
  readonly nowMs: () => number;
  readonly logger: Logger;
}

/**
 * Publishes this evaluator's `httpOut` rows of every task it runs, every interval, for ingest's
 * task API to merge over the evaluators (`GET /kapacitor/v1/tasks/<task>/<endpoint>`). The rows
 * are advisory and sent whole each time: a failed publish is logged once until one succeeds, and
 * a task whose rows pass the record's bound is logged once until they fit again.
 */
export class HttpOutPublisher {
  private timer: NodeJS.Timeout | undefined;
  private publishing: Promise<void> | undefined;
  private failing = false;
  private readonly cut = new Set<string>();

  constructor(private readonly options: HttpOutPublisherOptions) {}

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
    const { store, results, serverId, intervalMs, nowMs, logger } = this.options;
    const atMs = nowMs();
    const records = new Map<string, string>();
    for (const [task, endpoints] of results.rows()) {
      const { text, left } = encodeHttpOutRecord(atMs, endpoints);
      records.set(task, text);
      if (left > 0 && !this.cut.has(task)) logger.warn({ task, left }, 'httpOut rows past the published bound are left out; the task API shows the groups that came first');
      if (left > 0) this.cut.add(task);
      else this.cut.delete(task);
    }
    try {
      // A task's key outlives a few missed publishes, and goes once no evaluator runs the task.
      await store.publish(serverId, records, intervalMs * 6);
      if (this.failing) logger.info({ server: serverId }, 'httpOut rows published again');
      this.failing = false;
    } catch (error) {
      if (!this.failing) logger.warn({ err: error, server: serverId }, "httpOut rows could not be published to Redis; the task API lacks this evaluator's rows until they are");
      this.failing = true;
    }
  }
}
