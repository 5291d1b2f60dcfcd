import type { IncomingMessage, ServerResponse } from 'node:http';
import { SwitchableHttpServer } from '@vigil/testing';

/** One request the receiver took in, whatever it answered. */
export interface ReceivedRequest {
  /** Position among all requests, in arrival order (0 first). */
  readonly arrival: number;
  /** Milliseconds since the receiver started, when the body had fully arrived. */
  readonly atMs: number;
  readonly path: string;
  readonly body: string;
  /** The `Idempotency-Key` header as sent, '' without one. */
  readonly idempotencyKey: string;
  /** The status the receiver answered: 2xx is a delivery, anything else the sender must retry. */
  readonly status: number;
}

/** How the receiver behaves now: answer 200, refuse connections, or answer 500. */
export type ReceiverMode = 'ok' | 'down' | 'failing';

/**
 * The webhook of a chaos run: an HTTP server that records every request it reads (body, headers,
 * arrival order and time) as a receiver that acts on a request as soon as it arrives would. A
 * request cut off by a killed sender after its body arrived still counts, so a notifier's repeat
 * of it shows as a duplicate. `down` closes the listener and cuts open connections (connection
 * refused); `failing` answers 500 to everything, recorded but not a delivery.
 */
export class RecordingReceiver {
  private readonly requests: ReceivedRequest[] = [];
  private readonly startedAt = Date.now();
  private readonly http = new SwitchableHttpServer((request, response) => this.onRequest(request, response));
  private mode: ReceiverMode = 'ok';

  private constructor() {}

  static async start(): Promise<RecordingReceiver> {
    const receiver = new RecordingReceiver();
    await receiver.http.up();
    return receiver;
  }

  url(path = '/alerts'): string {
    return this.http.url(path);
  }

  /** Every request read so far, in arrival order. */
  received(): readonly ReceivedRequest[] {
    return this.requests;
  }

  /** The requests answered with 2xx, in arrival order. */
  deliveries(): readonly ReceivedRequest[] {
    return this.requests.filter((request) => request.status >= 200 && request.status < 300);
  }

  async set(mode: ReceiverMode): Promise<void> {
    this.mode = mode;
    if (mode === 'down') await this.close();
    else await this.http.up();
  }

  async close(): Promise<void> {
    await this.http.down();
  }

  private onRequest(request: IncomingMessage, response: ServerResponse): void {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const status = this.mode === 'failing' ? 500 : 200;
      this.requests.push({
        arrival: this.requests.length,
        atMs: Date.now() - this.startedAt,
        path: request.url ?? '',
        body: Buffer.concat(chunks).toString('utf8'),
        idempotencyKey: String(request.headers['idempotency-key'] ?? ''),
        status,
      });
      response.writeHead(status, { 'Content-Type': 'text/plain' }).end(status === 200 ? 'ok\n' : 'failing\n');
    });
  }
}
