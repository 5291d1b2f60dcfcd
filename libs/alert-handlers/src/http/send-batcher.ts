import type { DeliveryResult, SendContext } from '../handler';

/** One send waiting for its batch: its part of the request, and its own attempt's context. */
export interface BatchedSend<Part> {
  readonly part: Part;
  readonly context: SendContext;
}

/**
 * Sends (to one receiver whose API takes a list) that are started in the same turn of the event
 * loop go out as one request, up to `maxBatch`; each caller still gets the result of its own
 * send. The scheduler is unchanged by it: every (event, handler) pair holds its own send slots
 * and ledger mark, so a request carries at most the pairs in flight, and the repeat bound holds.
 * A send alone in its turn is a request of one, exactly as without batching.
 */
export class SendBatcher<Part> {
  private waiting: { send: BatchedSend<Part>; settle: (result: DeliveryResult) => void }[] = [];

  constructor(
    private readonly sendBatch: (sends: readonly BatchedSend<Part>[]) => Promise<readonly DeliveryResult[]>,
    private readonly maxBatch: number,
  ) {}

  send(send: BatchedSend<Part>): Promise<DeliveryResult> {
    return new Promise<DeliveryResult>((settle) => {
      this.waiting.push({ send, settle });
      // setImmediate rather than a microtask: the sends of one burst are started from several
      // I/O callbacks (ledger answers, freed slots) of the same loop turn.
      if (this.waiting.length === 1) setImmediate(() => this.flush());
      else if (this.waiting.length >= this.maxBatch) this.flush();
    });
  }

  private flush(): void {
    const batch = this.waiting;
    if (batch.length === 0) return;
    this.waiting = [];
    this.sendBatch(batch.map((entry) => entry.send)).then(
      (results) => batch.forEach((entry, i) => entry.settle(results[i] ?? { status: 'failed', retryable: true, reason: 'batch answered no result' })),
      (error: unknown) => {
        const reason = `batch send threw: ${error instanceof Error ? error.message : String(error)}`;
        for (const entry of batch) entry.settle({ status: 'failed', retryable: true, reason });
      },
    );
  }
}
