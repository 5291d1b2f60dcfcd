import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { listenPreferring } from './free-port';

/** One request the broker received: the raw body, exactly as it came over the wire. */
export interface BrokerDelivery {
  readonly method: string;
  readonly path: string;
  readonly contentType: string;
  readonly body: string;
}

/**
 * A stand-in for the seed's FakeBroker: an HTTP server that accepts every request, answers 200
 * and hands the body on unchanged (no parsing, no re-encoding), so what the demo prints are the
 * bytes vigil sent, comparable with what Kapacitor sends.
 */
export class AlertBroker {
  private server: Server | undefined;
  private port = 0;

  constructor(private readonly onDelivery: (delivery: BrokerDelivery) => void) {}

  async start(preferredPort: number): Promise<void> {
    this.server = createServer((request, response) => this.receive(request, response));
    this.port = await listenPreferring(this.server, preferredPort);
  }

  /** The URL the task's `.post()` should name. */
  alertsUrl(): string {
    return `http://127.0.0.1:${this.port}/alerts`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private receive(request: IncomingMessage, response: ServerResponse): void {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      this.onDelivery({
        method: request.method ?? '',
        path: request.url ?? '',
        contentType: request.headers['content-type'] ?? '',
        body: Buffer.concat(chunks).toString('utf8'),
      });
    });
  }
}
