import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

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
  private readonly sockets = new Set<Socket>();
  private readonly startedAt = Date.now();
  private server: Server | undefined;
  private mode: ReceiverMode = 'ok';

  private constructor(private port: number) {}

  static async start(): Promise<RecordingReceiver> {
    const receiver = new RecordingReceiver(0);
    await receiver.listen();
    return receiver;
  }

  url(path = '/alerts'): string {
    return `http://127.0.0.1:${this.port}${path}`;
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
    else await this.listen();
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  private async listen(): Promise<void> {
    if (this.server) return;
    const server = createServer((request, response) => this.onRequest(request, response));
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    if (typeof address === 'object' && address !== null) this.port = address.port;
    this.server = server;
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
