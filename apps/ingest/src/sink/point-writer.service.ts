import type { Point } from '@vigil/core';
import { parsePartitionKeys, partitionKeyFor, POINT_HEADERS, type PartitionKeys } from '@vigil/evaluation';
import { SinkUnavailableError, type PointSink } from '@vigil/ingest-http';
import type { OutgoingMessage } from '@vigil/kafka';
import type { Histogram, Logger } from '@vigil/observability';
import type { IngestConfig } from '../config';
import type { IngestConnections } from '../connections/ingest-connections.service';

/**
 * Writes a request's points to the points topic: one record per point, keyed by its partition
 * key, with the db and rp headers of the topic contract (docs/topic-contract.md). All points of
 * a request go in one producer `send`, so kafkajs builds one produce request per broker and a
 * failure before any broker answered leaves nothing written. `write` resolves only once Kafka
 * acknowledged every record (acks=all). Kafka not connected, or not acknowledging within
 * KAFKA_SEND_TIMEOUT_MS, is a SinkUnavailableError: the endpoints answer 503.
 */
export class PointWriter implements PointSink {
  private readonly keys: PartitionKeys;

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
    const messages: OutgoingMessage[] = new Array<OutgoingMessage>(points.length);
    for (let i = 0; i < points.length; i++) {
      const point = points[i] as Point;
      messages[i] = {
        key: partitionKeyFor(point, this.keys),
        value: await channel.codec.encode(point),
        headers: { [POINT_HEADERS.database]: point.database, [POINT_HEADERS.retentionPolicy]: point.retentionPolicy },
      };
    }
    const stopTimer = this.ackSeconds.startTimer();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new SinkUnavailableError(`kafka did not acknowledge within ${this.config.KAFKA_SEND_TIMEOUT_MS} ms`)),
        this.config.KAFKA_SEND_TIMEOUT_MS,
      );
    });
    try {
      await Promise.race([channel.producer.send(this.config.POINTS_TOPIC, messages), timeout]);
      stopTimer({ outcome: 'acked' });
    } catch (error) {
      stopTimer({ outcome: 'failed' });
      this.logger.warn({ topic: this.config.POINTS_TOPIC, err: error, points: points.length }, 'points not acknowledged');
      if (error instanceof SinkUnavailableError) throw error;
      throw new SinkUnavailableError(`kafka refused the points: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }
}
