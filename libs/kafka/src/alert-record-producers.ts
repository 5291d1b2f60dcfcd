import type { KafkaSecurity } from '@vigil/config';
import type { Logger } from 'pino';
import { AckedProducer } from './acked-producer';
import { createKafka } from './kafka-client.factory';

/** One `.kafka()` record (the shape @vigil/alert-handlers' AlertRecordProducer takes). */
export interface ClusterRecord {
  readonly cluster: string;
  readonly topic: string;
  readonly key: string;
  readonly value: string;
  readonly headers: Readonly<Record<string, string>>;
}

export interface AlertRecordProducersOptions {
  /** Brokers by cluster name, from the handler configuration's kafka.clusters. */
  readonly clusters: Readonly<Record<string, { readonly brokers: readonly string[] }>>;
  readonly clientId: string;
  readonly logger: Logger;
  readonly security?: KafkaSecurity;
}

/**
 * The producers of the alert handlers' `.kafka()` clusters: one acked, idempotent producer per
 * cluster, connected at its first record, so a cluster no task writes to costs nothing.
 */
export class AlertRecordProducers {
  private readonly producers = new Map<string, Promise<AckedProducer>>();

  constructor(private readonly options: AlertRecordProducersOptions) {}

  async produce(record: ClusterRecord): Promise<void> {
    const producer = await this.producerOf(record.cluster);
    await producer.send(record.topic, [{ key: record.key, value: record.value, headers: record.headers }]);
  }

  private producerOf(cluster: string): Promise<AckedProducer> {
    let producer = this.producers.get(cluster);
    if (!producer) {
      const brokers = this.options.clusters[cluster]?.brokers;
      if (!brokers) return Promise.reject(Object.assign(new Error(`no kafka cluster "${cluster}" is configured`), { retriable: false }));
      const logger = this.options.logger.child({ kafkaCluster: cluster });
      const kafka = createKafka({ brokers, clientId: this.options.clientId, logger, ...(this.options.security ? { security: this.options.security } : {}) });
      const acked = new AckedProducer(kafka, logger);
      producer = acked.connect().then(() => acked);
      // A failed connect is not kept: the next record tries again.
      producer.catch(() => this.producers.delete(cluster));
      this.producers.set(cluster, producer);
    }
    return producer;
  }

  async disconnect(): Promise<void> {
    const producers = [...this.producers.values()];
    this.producers.clear();
    await Promise.all(producers.map(async (producer) => (await producer.catch(() => undefined))?.disconnect()));
  }
}
