import type { Point } from '@vigil/core';
import { sendBatches } from '@vigil/kafka';
import type { PartitionKeys } from '@vigil/topic-contract';
import { SinkPartialWriteError, SinkUnavailableError, type PointSink } from '@vigil/ingest-http';
import type { Histogram, Logger } from '@vigil/observability';
import type { IngestConfig } from '../config';
import type { IngestConnections, WriteChannel } from '../connections/ingest-connections.service';
import { LineBatchEncoder } from './line-batch.encoder';
import { PointPerRecordEncoder } from './point-per-record.encoder';
import type { EncodedRecord, RecordEncoder } from './record-encoder';
import { unacknowledgedPartitions } from './unacknowledged-partitions';

/** Our own wait for one send ran out while kafkajs may still be delivering it. */
class SendTimeout extends Error {}

/** A send resolved without some of its partitions (see unacknowledgedPartitions). */
class PartitionsSkipped extends Error {
  constructor(
    message: string,
    /** Points of that send on the partitions Kafka did acknowledge. */
    readonly acknowledgedPoints: number,
  ) {
    super(message);
  }
}

/**
 * Writes a request's points to the points topic, each on its partition key's partition, with the
 * db and rp headers of the topic contract (docs/topic-contract.md), as POINTS_ENCODING says:
 * `line`, one line-protocol record per partition (LineBatchEncoder); `json` or `avro`, one
 * record per point in the topic's point codec (PointPerRecordEncoder). `write` resolves only once
 * Kafka acknowledged every record (acks=all).
 *
 * What each outcome leaves, and so what the endpoints answer:
 * - a point whose record cannot fit in the topic's `max.message.bytes` (learned from the
 *   cluster) is found while encoding, before any send: PointTooLargeError, 413, nothing written;
 * - Kafka not connected: SinkUnavailableError, 503, nothing written;
 * - the records go in consecutive sends, each holding per partition at most one record batch of
 *   the topic's limit (one send for a usual request), each awaited before the next so partitions
 *   keep their order. A send kafkajs gives up on (after its own retries) when no earlier send of
 *   the request was acknowledged: SinkUnavailableError, 503, nothing written (but for the
 *   windows docs/ingest.md lists);
 * - a later send failing after earlier ones were acknowledged, or our own wait for a send
 *   (KAFKA_SEND_TIMEOUT_MS, per send, so a large request never times out for its size) running
 *   out while kafkajs may still deliver it: SinkPartialWriteError, 500, some points may be
 *   written. No send starts after a failure.
 */
export class PointWriter implements PointSink {
  private readonly keys: PartitionKeys;
  private encoder: { codec: WriteChannel['codec']; partitions: number; maxMessageBytes: number; encoder: RecordEncoder } | undefined;

  constructor(
    private readonly config: IngestConfig,
    private readonly logger: Logger,
    private readonly connections: Pick<IngestConnections, 'writeChannel'>,
    /** vigil_ingest_kafka_ack_duration_seconds, by outcome. */
    private readonly ackSeconds: Histogram<'outcome'>,
  ) {
    this.keys = config.PARTITION_KEYS;
  }

  async write(points: readonly Point[]): Promise<void> {
    if (points.length === 0) return;
    const channel = this.connections.writeChannel();
    if (!channel) throw new SinkUnavailableError('kafka producer is not connected');
    const records = await this.encoderFor(channel).encode(points);
    const sends = sendBatches(records, channel.maxMessageBytes);
    const stopTimer = this.ackSeconds.startTimer();
    let acknowledged = 0;
    try {
      for (const batch of sends) {
        await this.sendOne(channel, batch);
        acknowledged += pointsOf(batch);
      }
      stopTimer({ outcome: 'acked' });
    } catch (error) {
      stopTimer({ outcome: 'failed' });
      if (error instanceof PartitionsSkipped) acknowledged += error.acknowledgedPoints;
      this.logger.warn(
        { topic: this.config.POINTS_TOPIC, err: error, points: points.length, records: records.length, sends: sends.length, acknowledgedPoints: acknowledged },
        'points not acknowledged',
      );
      throw this.failure(error, acknowledged, points.length);
    }
  }

  /** What the endpoints are told: 503 only when nothing of the request can have been written. */
  private failure(error: unknown, acknowledged: number, total: number): Error {
    const reason = error instanceof Error ? error.message : String(error);
    if (error instanceof SendTimeout) {
      return new SinkPartialWriteError(`${reason}; kafka may still write them, and had acknowledged ${acknowledged} of the request's ${total} points before`, { cause: error });
    }
    if (acknowledged > 0) {
      return new SinkPartialWriteError(`kafka acknowledged ${acknowledged} of the request's ${total} points, then refused the rest: ${reason}`, { cause: error });
    }
    if (error instanceof PartitionsSkipped) return new SinkUnavailableError(reason, { cause: error });
    return new SinkUnavailableError(`kafka refused the points: ${reason}`, { cause: error });
  }

  /** One send, waited for at most KAFKA_SEND_TIMEOUT_MS; throws unless every partition of it was acknowledged. */
  private async sendOne(channel: WriteChannel, batch: readonly EncodedRecord[]): Promise<void> {
    const timeoutMs = this.config.KAFKA_SEND_TIMEOUT_MS;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new SendTimeout(`kafka did not acknowledge a send of ${pointsOf(batch)} points within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      const delivered = await Promise.race([channel.producer.send(this.config.POINTS_TOPIC, batch, { maxMessageBytes: channel.maxMessageBytes }), timeout]);
      const missing = unacknowledgedPartitions(batch, delivered);
      if (missing.length > 0) {
        const skipped = new Set(missing);
        const acknowledgedPoints = pointsOf(batch.filter((record) => record.partition === undefined || !skipped.has(record.partition)));
        throw new PartitionsSkipped(
          `kafka producer does not know partition ${missing.join(', ')} of ${this.config.POINTS_TOPIC} yet (its metadata predates the topic's new partitions)`,
          acknowledgedPoints,
        );
      }
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Line mode batches lines per partition; Avro values stay one point each (the registry
   * schema's shape), and so do JSON ones for consumers that expect one point per record.
   */
  private encoderFor(channel: WriteChannel): RecordEncoder {
    const { codec, partitions, maxMessageBytes } = channel;
    if (this.encoder?.codec !== codec || this.encoder.partitions !== partitions || this.encoder.maxMessageBytes !== maxMessageBytes) {
      const encoder =
        this.config.POINTS_ENCODING === 'line' ? new LineBatchEncoder(this.keys, codec, partitions, maxMessageBytes) : new PointPerRecordEncoder(this.keys, codec, maxMessageBytes);
      this.encoder = { codec, partitions, maxMessageBytes, encoder };
    }
    return this.encoder.encoder;
  }
}

function pointsOf(records: readonly EncodedRecord[]): number {
  let points = 0;
  for (const record of records) points += record.points;
  return points;
}
