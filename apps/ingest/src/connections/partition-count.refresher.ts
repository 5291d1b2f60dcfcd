import type { Logger } from '@vigil/observability';
import { PeriodicRefresh } from './periodic-refresh';

export interface PartitionCountRefresherOptions {
  readonly topic: string;
  /** The count found at start. */
  readonly initial: number;
  /** How often to ask the brokers again (INGEST_METADATA_REFRESH_MS). */
  readonly intervalMs: number;
  /** Asks the brokers how many partitions `topic` has now. */
  readonly fetchCount: () => Promise<number>;
  readonly logger: Logger;
}

/**
 * Keeps the points topic's partition count current. Ingest places line-protocol records on the
 * partition `partitionForKey(key, count)` names itself, so a stale count would leave partitions
 * added later unused and, were the topic re-created with another count, put keys elsewhere than
 * kafkajs' default partitioner (and any other producer) would. Like a Kafka producer refreshing
 * its metadata (`metadata.max.age.ms`), it asks the brokers every `intervalMs`; from the adoption
 * of a new count on, a key may land on another partition, exactly as with Kafka's default
 * partitioner.
 *
 * A new count is adopted only when the next refresh, `intervalMs` later, confirms it. The
 * producer reads its own metadata again when it is older than `intervalMs` (ingest gives it that
 * `metadataMaxAge`), so by then its next send knows the new partitions: kafkajs silently skips
 * records for a partition its metadata lacks (the writer turns that into a 503, see PointWriter).
 * A failed or empty answer keeps the last count: the topic vanishing is the producer's error to
 * report, per request.
 */
export class PartitionCountRefresher {
  private count: number;
  private readonly periodic: PeriodicRefresh;
  private failing = false;
  /** A count the brokers reported once, adopted when the next refresh reports it again. */
  private pending: number | undefined;

  constructor(private readonly options: PartitionCountRefresherOptions) {
    this.count = options.initial;
    this.periodic = new PeriodicRefresh(options.intervalMs, () => this.round());
  }

  /** The count to place records by. */
  get partitions(): number {
    return this.count;
  }

  start(): void {
    this.periodic.start();
  }

  stop(): void {
    this.periodic.stop();
  }

  /** One refresh; a slow broker never stacks refreshes up. Logs once per change, not per round. */
  refresh(): Promise<void> {
    return this.periodic.run();
  }

  private async round(): Promise<void> {
    const { topic, logger } = this.options;
    try {
      const count = await this.options.fetchCount();
      if (count <= 0) throw new Error(`topic ${topic} has no partitions in the metadata`);
      this.failing = false;
      if (count === this.count) {
        this.pending = undefined;
      } else if (count !== this.pending) {
        this.pending = count;
      } else {
        logger.info({ topic, partitions: count, previous: this.count }, 'points topic partition count changed; keys are placed by the new count');
        this.count = count;
        this.pending = undefined;
      }
    } catch (error) {
      if (!this.failing) logger.warn({ topic, err: error, partitions: this.count }, 'partition count refresh failed; keeping the last count');
      this.failing = true;
    }
  }
}
