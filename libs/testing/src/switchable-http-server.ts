import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * An HTTP server on 127.0.0.1 that a test takes down and brings back up, as a receiver's outage:
 * `down` closes the listener and cuts the open connections (senders then meet connection refused,
 * and requests in flight are lost); `up` listens again on the port it had (the first `up` takes a
 * free one). Every request goes to `onRequest`.
 */
export class SwitchableHttpServer {
  private readonly sockets = new Set<Socket>();
  private server: Server | undefined;
  private port = 0;

  constructor(private readonly onRequest: (request: IncomingMessage, response: ServerResponse) => void) {}

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** Client connections open right now. */
  openConnections(): number {
    return this.sockets.size;
  }

  async up(): Promise<void> {
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

  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }
}
