import type { IncomingMessage, ServerResponse } from 'node:http';
import { SwitchableHttpServer } from '@vigil/testing';

/** One POST the broker answered with 2xx, its response fully written. */
export interface BrokerDelivery {
  readonly path: string;
  readonly body: string;
  readonly contentType: string;
  /** The request's `Idempotency-Key` header as sent, '' without one. */
  readonly idempotencyKey: string;
}

/** How the broker answers: 200, 503, or not yet (held until `release`). */
export type BrokerMode = 'ok' | 'unavailable' | 'hold';

/**
 * When a POST counts as delivered: once its 2xx response was written (the sender learnt of it),
 * or as soon as it arrived (a receiver that acts before answering, as a chat service posts the
 * message and then replies; an answer the sender never sees then still counts).
 */
export type BrokerCounting = 'response' | 'receipt';

/**
 * A user's HTTP broker for the notifier's `post` handler, as seed 000's FakeBroker: it records
 * what it receives. By default a delivery counts only once its 2xx response was completely
 * written, so a request held unanswered when the notifier is killed is not counted (the notifier
 * never learnt of it and sends it again). `down` refuses connections (the listener closes and open
 * connections are cut); `up` listens again on the same port.
 */
export class TestBroker {
  private readonly deliveries: BrokerDelivery[] = [];
  private readonly heldResponses: { request: IncomingMessage; response: ServerResponse; body: string }[] = [];
  private readonly http = new SwitchableHttpServer((request, response) => this.onRequest(request, response));
  private mode: BrokerMode = 'ok';
  private delayMs = 0;
  private requestCount = 0;
  private unanswered = 0;
  private mostUnanswered = 0;

  private constructor(private readonly counting: BrokerCounting) {}

  static async start(counting: BrokerCounting = 'response'): Promise<TestBroker> {
    const broker = new TestBroker(counting);
    await broker.up();
    return broker;
  }

  url(path = '/alerts'): string {
    return this.http.url(path);
  }

  /** Deliveries in the order their responses finished. */
  received(): readonly BrokerDelivery[] {
    return this.deliveries;
  }

  /** The most requests the broker held at once between their arrival and their answer. */
  mostAtOnce(): number {
    return this.mostUnanswered;
  }

  /** Every request that reached the broker, answered or not. */
  requests(): number {
    return this.requestCount;
  }

  held(): number {
    return this.heldResponses.length;
  }

  /** Client connections open right now. */
  openConnections(): number {
    return this.http.openConnections();
  }

  answer(mode: BrokerMode): void {
    this.mode = mode;
  }

  /** Answers `ok` requests only after this long, as a slow receiver would. */
  delay(ms: number): void {
    this.delayMs = ms;
  }

  /** Answers the held requests with 200; those whose client is gone are dropped uncounted. */
  release(): void {
    for (const held of this.heldResponses.splice(0)) this.respond(held.request, held.response, held.body);
  }

  /** Refuses connections until `up`. */
  async down(): Promise<void> {
    // Held requests are answered by nobody now: their connections are being cut.
    const closing = this.http.down();
    this.heldResponses.length = 0;
    await closing;
  }

  up(): Promise<void> {
    return this.http.up();
  }

  async close(): Promise<void> {
    await this.down();
  }

  private onRequest(request: IncomingMessage, response: ServerResponse): void {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      this.requestCount += 1;
      this.unanswered += 1;
      this.mostUnanswered = Math.max(this.mostUnanswered, this.unanswered);
      response.once('close', () => (this.unanswered -= 1));
      const body = Buffer.concat(chunks).toString('utf8');
      if (this.counting === 'receipt' && this.mode !== 'unavailable') this.record(request, body);
      if (this.mode === 'unavailable') {
        response.writeHead(503, { 'Content-Type': 'text/plain' }).end('unavailable\n');
      } else if (this.mode === 'hold') {
        this.heldResponses.push({ request, response, body });
      } else if (this.delayMs > 0) {
        setTimeout(() => this.respond(request, response, body), this.delayMs);
      } else {
        this.respond(request, response, body);
      }
    });
  }

  private respond(request: IncomingMessage, response: ServerResponse, body: string): void {
    if (request.socket.destroyed) return;
    if (this.counting === 'response') response.once('finish', () => this.record(request, body));
    response.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok\n');
  }

  private record(request: IncomingMessage, body: string): void {
    this.deliveries.push({
      path: request.url ?? '',
      body,
      contentType: String(request.headers['content-type'] ?? ''),
      idempotencyKey: String(request.headers['idempotency-key'] ?? ''),
    });
  }
}
