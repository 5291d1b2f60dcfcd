import { KAFKA_DEFAULT_MAX_MESSAGE_BYTES } from '@vigil/ingest-http';
import type { Logger } from '@vigil/observability';
import { PeriodicRefresh } from './periodic-refresh';

export interface MaxMessageBytesRefresherOptions {
  readonly topic: string;
  /** How often to ask the brokers again (INGEST_METADATA_REFRESH_MS). */
  readonly intervalMs: number;
  /**
   * The topic's `max.message.bytes` as the brokers report it: its own setting, else the broker's
   * `message.max.bytes`; undefined when the answer has no such entry.
   */
  readonly fetch: () => Promise<number | undefined>;
  readonly logger: Logger;
}

/**
 * Keeps the largest record batch the points topic takes current, so ingest refuses a point that
 * can never be written (413) before sending anything, and cuts a request's records and sends
 * below it. Read at boot and again every `intervalMs`, since an operator may alter the topic
 * under a running ingest; a new value is adopted at once (a smaller one must be, or sends start
 * failing; a larger one is harmless). Until the first answer, and when the brokers refuse to
 * describe configs (a cluster without DescribeConfigs rights for ingest), it is Kafka's default,
 * 1048588; a failure keeps the last value and logs once per change, not per round.
 */
export class MaxMessageBytesRefresher {
  private bytes = KAFKA_DEFAULT_MAX_MESSAGE_BYTES;
  private readonly periodic: PeriodicRefresh;
  private failing = false;

  constructor(private readonly options: MaxMessageBytesRefresherOptions) {
    this.periodic = new PeriodicRefresh(options.intervalMs, () => this.round());
  }

  /** The limit to measure records against. */
  get maxMessageBytes(): number {
    return this.bytes;
  }

  /** Reads the value once (a failure is logged and leaves the default), then every interval. */
  async start(): Promise<void> {
    await this.refresh();
    this.periodic.start();
  }

  stop(): void {
    this.periodic.stop();
  }

  refresh(): Promise<void> {
    return this.periodic.run();
  }

  private async round(): Promise<void> {
    const { topic, logger } = this.options;
    try {
      const bytes = await this.options.fetch();
      if (bytes === undefined || !Number.isSafeInteger(bytes) || bytes <= 0) throw new Error(`no usable max.message.bytes for ${topic} (got ${String(bytes)})`);
      if (this.failing) logger.info({ topic, maxMessageBytes: bytes }, 'points topic max.message.bytes read again');
      this.failing = false;
      if (bytes !== this.bytes) {
        logger.info({ topic, maxMessageBytes: bytes, previous: this.bytes }, 'points topic max.message.bytes adopted; larger points are refused with 413');
        this.bytes = bytes;
      }
    } catch (error) {
      if (!this.failing) logger.warn({ topic, err: error, maxMessageBytes: this.bytes }, 'reading the points topic max.message.bytes failed; keeping the last value');
      this.failing = true;
    }
  }
}
