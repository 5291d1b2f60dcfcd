import type { Point } from '@vigil/core';
import { parsePartitionKeys, type PartitionKeys } from '@vigil/evaluation';
import { SinkUnavailableError, type PointSink } from '@vigil/ingest-http';
import type { AckedProducer, OutgoingMessage, PointCodec } from '@vigil/kafka';
import type { Histogram, Logger } from '@vigil/observability';
import type { IngestConfig } from '../config';
import type { IngestConnections } from '../connections/ingest-connections.service';
import { LineBatchEncoder } from './line-batch.encoder';
import { PointPerRecordEncoder } from './point-per-record.encoder';
import type { RecordEncoder } from './record-encoder';
import { sendBatches } from './send-batches';
import { unacknowledgedPartitions } from './unacknowledged-partitions';

/**
 * Writes a request's points to the points topic, each on its partition key's partition, with the
 * db and rp headers of the topic contract (docs/topic-contract.md), as POINTS_ENCODING says:
 * `line`, one line-protocol record per partition (LineBatchEncoder); `json` or `avro`, one
 * record per point in the topic's point codec (PointPerRecordEncoder). The
 * records of a request go in one producer `send` when they fit in 768 KiB (so kafkajs builds one
 * produce request per broker and a failure before any broker answered leaves nothing written),
 * else in consecutive sends, since Kafka refuses a partition's batch above 1 MiB by default and
 * a retried request may duplicate points but never lose them. `write` resolves only once Kafka
 * acknowledged every record (acks=all). Kafka not connected, or not acknowledging within
 * KAFKA_SEND_TIMEOUT_MS, is a SinkUnavailableError: the endpoints answer 503.
 */
export class PointWriter implements PointSink {
  private readonly keys: PartitionKeys;
  private encoder: { codec: PointCodec; partitions: number; encoder: RecordEncoder } | undefined;

  constructor(
    private readonly config: IngestConfig,
    private readonly logger: Logger,
    private readonly connections: IngestConnections,
    /** vigil_ingest_kafka_ack_duration_seconds, by outcome. */
    private readonly ackSeconds: Histogram<'outcome'>,
  ) {
    this.keys = parsePartitionKeys(config.PARTITION_KEYS);
  }

  async write(points: readonly Point[]): Promise<void> {
    if (points.length === 0) return;
    const channel = this.connections.writeChannel();
    if (!channel) throw new SinkUnavailableError('kafka producer is not connected');
    const messages = await this.encoderFor(channel.codec, channel.partitions).encode(points);
    const stopTimer = this.ackSeconds.startTimer();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new SinkUnavailableError(`kafka did not acknowledge within ${this.config.KAFKA_SEND_TIMEOUT_MS} ms`)),
        this.config.KAFKA_SEND_TIMEOUT_MS,
      );
    });
    try {
      await Promise.race([this.sendInOrder(channel.producer, messages), timeout]);
      stopTimer({ outcome: 'acked' });
    } catch (error) {
      stopTimer({ outcome: 'failed' });
      this.logger.warn({ topic: this.config.POINTS_TOPIC, err: error, points: points.length, records: messages.length }, 'points not acknowledged');
      if (error instanceof SinkUnavailableError) throw error;
      throw new SinkUnavailableError(`kafka refused the points: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * One send when the records fit in one record batch per partition (the usual request), else
   * consecutive sends, each awaited before the next so every partition keeps its order.
   */
  private async sendInOrder(producer: AckedProducer, messages: readonly OutgoingMessage[]): Promise<void> {
    for (const batch of sendBatches(messages)) {
      const delivered = await producer.send(this.config.POINTS_TOPIC, batch);
      const missing = unacknowledgedPartitions(batch, delivered);
      if (missing.length > 0) {
        throw new SinkUnavailableError(`kafka producer does not know partition ${missing.join(', ')} of ${this.config.POINTS_TOPIC} yet (its metadata predates the topic's new partitions)`);
      }
    }
  }

  /**
   * Line mode batches lines per partition; Avro values stay one point each (the registry
   * schema's shape), and so do JSON ones for consumers that expect one point per record.
   */
  private encoderFor(codec: PointCodec, partitions: number): RecordEncoder {
    if (this.encoder?.codec !== codec || this.encoder.partitions !== partitions) {
      const encoder = this.config.POINTS_ENCODING === 'line' ? new LineBatchEncoder(this.keys, codec, partitions) : new PointPerRecordEncoder(this.keys, codec);
      this.encoder = { codec, partitions, encoder };
    }
    return this.encoder.encoder;
  }
}
