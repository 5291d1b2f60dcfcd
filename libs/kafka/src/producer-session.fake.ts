import type { ProducerRecord, RecordMetadata } from 'kafkajs';
import type { ProducerSession } from './renewing-producer';

/** An error shaped as kafkajs shapes a broker's error code (its `type`). */
export class FakeKafkaError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
    this.name = 'KafkaJSProtocolError';
  }
}

/** One record the fake broker appended. */
export interface AppendedRecord {
  readonly topic: string;
  readonly producerId: number;
  readonly value: string;
}

/**
 * A one-partition-per-topic broker that checks idempotent producers' sequence numbers as Kafka
 * does: the next expected sequence is appended, a repeat of the last batch is answered as written
 * without appending it again, anything else is OUT_OF_ORDER_SEQUENCE_NUMBER.
 */
export class FakeSequenceBroker {
  readonly log: AppendedRecord[] = [];
  /** Refuses connects, as a broker that is away. */
  away = false;
  /** The next produce is appended but its answer never arrives, as with a broker SIGKILLed before it answered. */
  loseNextAnswer = false;
  /** Produce requests take these in order and wait for them: sends stay in flight. */
  readonly holds: Promise<void>[] = [];
  /** Produce requests waiting on a hold now. */
  waiting = 0;
  private producerIds = 0;
  private readonly expected = new Map<string, number>();
  private readonly lastBatch = new Map<string, { first: number; count: number; offset: number }>();

  initProducerId(): number {
    if (this.away) throw new FakeKafkaError('CONNECTION', 'connect ECONNREFUSED (fake broker away)');
    this.producerIds += 1;
    return this.producerIds;
  }

  async produce(producerId: number, topic: string, firstSequence: number, values: readonly string[]): Promise<number> {
    const hold = this.holds.shift();
    if (hold) {
      this.waiting += 1;
      await hold;
      this.waiting -= 1;
    }
    const key = `${producerId}:${topic}`;
    const expected = this.expected.get(key) ?? 0;
    const last = this.lastBatch.get(key);
    if (last && last.first === firstSequence && last.count === values.length) return last.offset;
    if (firstSequence !== expected) throw new FakeKafkaError('OUT_OF_ORDER_SEQUENCE_NUMBER', `producer ${producerId} sent sequence ${firstSequence} on ${topic}, the broker expects ${expected}`);
    const offset = this.log.length;
    for (const value of values) this.log.push({ topic, producerId, value });
    this.expected.set(key, expected + values.length);
    this.lastBatch.set(key, { first: firstSequence, count: values.length, offset });
    if (this.loseNextAnswer) {
      this.loseNextAnswer = false;
      throw new FakeKafkaError('CONNECTION_CLOSED', 'connection closed before the broker answered (fake)');
    }
    return offset;
  }

  /** The values appended to a topic, in order. */
  values(topic: string): string[] {
    return this.log.filter((record) => record.topic === topic).map((record) => record.value);
  }
}

/**
 * A producer session that keeps sequence numbers as kafkajs 2.2 does: taken before the request
 * and counted back when it fails, whether or not the broker appended it.
 */
export class FakeProducerSession implements ProducerSession {
  connects = 0;
  disconnects = 0;
  sends = 0;
  private producerId: number | undefined;
  private readonly sequences = new Map<string, number>();

  constructor(private readonly broker: FakeSequenceBroker) {}

  async connect(): Promise<void> {
    this.connects += 1;
    this.producerId = this.broker.initProducerId();
  }

  async send(record: ProducerRecord): Promise<RecordMetadata[]> {
    if (this.producerId === undefined) throw new Error('fake producer session not connected');
    this.sends += 1;
    const values = record.messages.map((message) => String(message.value));
    const first = this.sequences.get(record.topic) ?? 0;
    this.sequences.set(record.topic, first + values.length);
    try {
      const offset = await this.broker.produce(this.producerId, record.topic, first, values);
      return [{ topicName: record.topic, partition: 0, errorCode: 0, baseOffset: String(offset) }];
    } catch (error) {
      this.sequences.set(record.topic, first);
      throw error;
    }
  }

  async disconnect(): Promise<void> {
    this.disconnects += 1;
  }
}
