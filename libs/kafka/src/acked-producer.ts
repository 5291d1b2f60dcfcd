import { CompressionTypes, Partitioners, type Kafka, type RecordMetadata } from 'kafkajs';
import type { Logger } from 'pino';
import { KAFKA_DEFAULT_MAX_MESSAGE_BYTES } from '@vigil/topic-contract';
import { RenewingProducer } from './renewing-producer';
import { sendBatches } from './send-batches';

/** One record to write. The key decides the partition: equal keys always land on one partition. */
export interface OutgoingMessage {
  readonly key: string | Buffer | null;
  readonly value: Buffer | string;
  readonly headers?: Readonly<Record<string, string | Buffer>>;
  /** Milliseconds since the epoch, as Kafka record timestamps are; the broker's time when absent. */
  readonly timestampMs?: number;
  /** Overrides the key's partition (see partitionForKey); for records that carry several keys. */
  readonly partition?: number;
}

/** Where a written record went. */
export interface DeliveredBatch {
  readonly topic: string;
  readonly partition: number;
  /** Offset of the first record of this send on that partition. */
  readonly baseOffset: string;
}

/**
 * A producer that only reports success once every in-sync replica has the records: idempotent
 * (the broker drops retried duplicates), acks=all, one request in flight per broker so retries
 * cannot reorder a partition. The partitioner is Java's murmur2 one, so a key lands on the same
 * partition as it would from any other Kafka client. A rejected send replaces the kafkajs
 * producer with a new one (RenewingProducer says why), so that a broker crash cannot leave it
 * refusing every later send.
 */
export class AckedProducer {
  private readonly producer: RenewingProducer;

  constructor(
    kafka: Kafka,
    private readonly logger: Logger,
    /**
     * How old the producer's topic metadata may get before a send reads it again (kafkajs'
     * `metadataMaxAge`, 5 minutes unless given). A writer placing records on explicit partitions
     * needs the producer to know them: kafkajs skips, without an error, records for a partition
     * missing from its metadata.
     */
    options: { readonly metadataMaxAgeMs?: number } = {},
  ) {
    const create = () =>
      kafka.producer({
        ...(options.metadataMaxAgeMs === undefined ? {} : { metadataMaxAge: options.metadataMaxAgeMs }),
        idempotent: true,
        maxInFlightRequests: 1,
        createPartitioner: Partitioners.DefaultPartitioner,
        allowAutoTopicCreation: false,
      });
    this.producer = new RenewingProducer(create, logger);
  }

  async connect(): Promise<void> {
    await this.producer.connect();
    this.logger.info('kafka producer connected');
  }

  /** True between a successful connect and a disconnect; drives readiness. */
  isConnected(): boolean {
    return this.producer.isConnected();
  }

  /**
   * Writes the messages to `topic` and resolves once the broker has acknowledged all of them
   * (acks=all). Messages whose record batch on one partition would pass the topic's
   * `max.message.bytes` (Kafka's default unless given; kafkajs sends each partition's share of a
   * send as one batch, and the broker refuses a larger one with the non-retriable
   * MESSAGE_TOO_LARGE) go as several sends, in order. A rejection means nothing after the last
   * acknowledged send can be assumed written; the caller retries or fails its own request, and
   * every vigil producer's retry is harmless (event ids, point identity).
   */
  async send(topic: string, messages: readonly OutgoingMessage[], options: { readonly maxMessageBytes?: number } = {}): Promise<DeliveredBatch[]> {
    const delivered: DeliveredBatch[] = [];
    for (const batch of sendBatches(messages, options.maxMessageBytes ?? KAFKA_DEFAULT_MAX_MESSAGE_BYTES)) delivered.push(...(await this.sendOne(topic, batch)));
    return delivered;
  }

  private async sendOne(topic: string, messages: readonly OutgoingMessage[]): Promise<DeliveredBatch[]> {
    const metadata: RecordMetadata[] = await this.producer.send({
      topic,
      acks: -1,
      compression: CompressionTypes.None,
      messages: messages.map((message) => ({
        key: message.key,
        value: message.value,
        headers: message.headers ? { ...message.headers } : undefined,
        timestamp: message.timestampMs === undefined ? undefined : String(message.timestampMs),
        partition: message.partition,
      })),
    });
    return metadata.map((entry) => ({
      topic: entry.topicName,
      partition: entry.partition,
      baseOffset: entry.baseOffset ?? entry.offset ?? '-1',
    }));
  }

  async disconnect(): Promise<void> {
    await this.producer.disconnect();
    this.logger.info('kafka producer disconnected');
  }
}
