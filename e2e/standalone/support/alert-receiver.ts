import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An HTTP broker like the seed's: it keeps every POST body in arrival order and answers 200. */
export class AlertReceiver {
  readonly bodies: string[] = [];
  private server: Server | undefined;

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        this.bodies.push(Buffer.concat(chunks).toString('utf8'));
        response.writeHead(200).end();
      });
    });
    const server = this.server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/alerts`;
  }

  /** Bodies per alert id (the `id` of Kapacitor's JSON), each list in arrival order. */
  byAlertId(): Map<string, string[]> {
    const byId = new Map<string, string[]>();
    for (const body of this.bodies) {
      const id = (JSON.parse(body) as { id: string }).id;
      byId.set(id, [...(byId.get(id) ?? []), body]);
    }
    return byId;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
