import { Inject, Injectable } from '@nestjs/common';
import type { Point } from '@vigil/core';
import { parsePartitionKeys, partitionKeyFor, POINT_HEADERS, type PartitionKeys } from '@vigil/evaluation';
import type { OutgoingMessage } from '@vigil/kafka';
import type { Logger } from '@vigil/observability';
import { INGEST_CONFIG, LOGGER } from '../app.tokens';
import type { IngestConfig } from '../config';
import { IngestConnections } from '../connections/ingest-connections.service';
import { IngestMetrics } from './ingest-metrics';

/** Kafka did not acknowledge the points in time, or is not connected: answered with 503. */
export class KafkaUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KafkaUnavailableError';
  }
}

/**
 * Writes a request's points to the points topic: one record per point, keyed by its partition
 * key, with the db and rp headers of the topic contract (docs/topic-contract.md). All points of
 * a request go in one producer `send`, so kafkajs builds one produce request per broker and a
 * failure before any broker answered leaves nothing written. `write` resolves only once Kafka
 * acknowledged every record (acks=all).
 */
@Injectable()
export class PointWriter {
  private readonly keys: PartitionKeys;

  constructor(
    @Inject(INGEST_CONFIG) private readonly config: IngestConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly connections: IngestConnections,
    private readonly metrics: IngestMetrics,
  ) {
    this.keys = parsePartitionKeys(config.PARTITION_KEYS);
  }

  async write(points: readonly Point[]): Promise<void> {
    if (points.length === 0) return;
    const channel = this.connections.writeChannel();
    if (!channel) throw new KafkaUnavailableError('kafka producer is not connected');
    const messages: OutgoingMessage[] = new Array<OutgoingMessage>(points.length);
    for (let i = 0; i < points.length; i++) {
      const point = points[i] as Point;
      messages[i] = {
        key: partitionKeyFor(point, this.keys),
        value: await channel.codec.encode(point),
        headers: { [POINT_HEADERS.database]: point.database, [POINT_HEADERS.retentionPolicy]: point.retentionPolicy },
      };
    }
    const stopTimer = this.metrics.kafkaAckSeconds.startTimer();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new KafkaUnavailableError(`kafka did not acknowledge within ${this.config.KAFKA_SEND_TIMEOUT_MS} ms`)),
        this.config.KAFKA_SEND_TIMEOUT_MS,
      );
    });
    try {
      await Promise.race([channel.producer.send(this.config.POINTS_TOPIC, messages), timeout]);
      stopTimer({ outcome: 'acked' });
    } catch (error) {
      stopTimer({ outcome: 'failed' });
      this.logger.warn({ topic: this.config.POINTS_TOPIC, err: error, points: points.length }, 'points not acknowledged');
      if (error instanceof KafkaUnavailableError) throw error;
      throw new KafkaUnavailableError(`kafka refused the points: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }
}
