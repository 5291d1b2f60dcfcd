import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An HTTP broker like the seed's: it keeps every POST body it accepts in arrival order. It answers
 * `status` (200 unless a test takes it down with 503); refused posts are only counted.
 */
export class AlertReceiver {
  readonly bodies: string[] = [];
  status = 200;
  refused = 0;
  private server: Server | undefined;

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        if (this.status === 200) this.bodies.push(Buffer.concat(chunks).toString('utf8'));
        else this.refused += 1;
        response.writeHead(this.status).end();
      });
    });
    const server = this.server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/alerts`;
  }

  /** Bodies per alert id (the `id` of Kapacitor's JSON), each list in arrival order. */
  byAlertId(): Map<string, string[]> {
    return byAlertId(this.bodies);
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** Kapacitor JSON bodies grouped by their alert `id`, each list in the given order. */
export function byAlertId(bodies: readonly string[]): Map<string, string[]> {
  const byId = new Map<string, string[]>();
  for (const body of bodies) {
    const id = (JSON.parse(body) as { id: string }).id;
    byId.set(id, [...(byId.get(id) ?? []), body]);
  }
  return byId;
}
