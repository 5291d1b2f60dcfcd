import type { Logger } from '@vigil/observability';
import type { RedisTaskRecords } from '@vigil/redis';
import { AdvisoryPublishLoop } from './advisory-publish-loop';

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
  private readonly loop: AdvisoryPublishLoop;

  constructor(options: TaskRecordsPublisherOptions, kind: TaskRecordsKind) {
    const { store, serverId, intervalMs, nowMs, logger } = options;
    this.loop = new AdvisoryPublishLoop(
      { intervalMs, serverId, logger, againMessage: `${kind.what} published again`, failedMessage: `${kind.what} could not be published to Redis; ${kind.lacking} until they are` },
      // A task's key outlives a few missed publishes, and goes once no evaluator runs the task.
      () => store.publish(serverId, kind.records(nowMs()), intervalMs * 6),
    );
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Publishes once now. Resolves whether or not Redis took it. */
  publish(): Promise<void> {
    return this.loop.publish();
  }
}
