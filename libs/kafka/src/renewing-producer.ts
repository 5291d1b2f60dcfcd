import type { ProducerRecord, RecordMetadata } from 'kafkajs';
import type { Logger } from 'pino';

/** What RenewingProducer needs of one kafkajs producer; a fake stands in for it in unit tests. */
export interface ProducerSession {
  connect(): Promise<void>;
  send(record: ProducerRecord): Promise<RecordMetadata[]>;
  disconnect(): Promise<void>;
}

/** One kafkajs producer with its own producer id, and the sends it has in flight. */
interface Generation {
  readonly session: ProducerSession;
  readonly number: number;
  readonly connected: Promise<void>;
  inFlight: number;
  retired: boolean;
  closed?: Promise<void>;
}

/**
 * An idempotent kafkajs producer that is replaced by a new one (a new producer id) after any send
 * it rejects. kafkajs counts a send's sequence numbers back when the send fails, although the
 * broker may have appended its records before the failure (a broker SIGKILLed before answering,
 * retries that ran out while it restarted, one refused partition in a request whose others were
 * taken). From then on the broker and kafkajs disagree: the next send with other records is
 * refused with OUT_OF_ORDER_SEQUENCE_NUMBER forever (kafkajs issue #598), or, with as many
 * records as the lost answer's, taken for a duplicate and dropped while acknowledged. A new
 * producer id starts the sequences afresh; the rejected send's own retry may then write its
 * records twice, which every caller absorbs (ingest by point identity, the evaluator and the
 * notifier by event id, a compacted topic by key).
 *
 * The old producer is disconnected once its sends in flight have settled; the new one connects on
 * the next send, so a broker that is still away costs that send its connect attempt, not a loop.
 */
export class RenewingProducer {
  private current: Generation | undefined;
  private generations = 0;
  private open = false;

  constructor(
    private readonly create: () => ProducerSession,
    private readonly logger: Logger,
  ) {}

  /** Connects the first producer; rejects (and stays closed) when the brokers cannot be reached. */
  async connect(): Promise<void> {
    await this.usable();
    this.open = true;
  }

  /**
   * True between a successful connect and a disconnect, whatever the producer underneath: a
   * replaced producer reconnects on the next send, so readiness must not stop the sends that
   * bring it back.
   */
  isConnected(): boolean {
    return this.open;
  }

  /** Sends on the current producer; a rejection retires it and is rethrown for the caller to retry. */
  async send(record: ProducerRecord): Promise<RecordMetadata[]> {
    const generation = await this.usable();
    generation.inFlight += 1;
    try {
      return await generation.session.send(record);
    } catch (error) {
      this.retire(generation, error, record.topic);
      throw error;
    } finally {
      generation.inFlight -= 1;
      if (generation.retired && generation.inFlight === 0) void this.close(generation);
    }
  }

  async disconnect(): Promise<void> {
    this.open = false;
    const generation = this.current;
    this.current = undefined;
    if (generation) {
      generation.retired = true;
      await generation.connected.catch(() => undefined);
      await this.close(generation);
    }
  }

  /** The current producer, connected; a new one when the last was retired or never connected. */
  private async usable(): Promise<Generation> {
    let generation = this.current;
    if (!generation) {
      this.generations += 1;
      const session = this.create();
      generation = { session, number: this.generations, connected: session.connect(), inFlight: 0, retired: false };
      this.current = generation;
    }
    try {
      await generation.connected;
    } catch (error) {
      // The next send starts another producer rather than waiting on this failed connect.
      if (this.current === generation) {
        this.current = undefined;
        generation.retired = true;
        void this.close(generation);
      }
      throw error;
    }
    return generation;
  }

  /** Only the send that failed on the current producer replaces it; later failures of a retired one do not. */
  private retire(generation: Generation, error: unknown, topic: string): void {
    if (generation.retired) return;
    generation.retired = true;
    if (this.current === generation) this.current = undefined;
    this.logger.warn(
      { err: error, topic, producer: generation.number },
      'kafka producer replaced after a failed send: its sequence numbers may no longer match the broker, so the next send starts a new producer id',
    );
  }

  /** Disconnects a producer once, however many paths ask. */
  private close(generation: Generation): Promise<void> {
    generation.closed ??= generation.session.disconnect().catch((error: unknown) => {
      this.logger.debug({ err: error, producer: generation.number }, 'retired kafka producer did not disconnect cleanly');
    });
    return generation.closed;
  }
}
