import { type IncomingHttpHeaders, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** Names and values as they came, so a test can see a header sent twice. */
  readonly rawHeaders: readonly string[];
  readonly body: string;
}

/** How the fake receiver answers: a status (with an optional body), or never. */
export type FakeAnswer = { readonly status: number; readonly body?: string } | 'hang';

/**
 * A receiver on 127.0.0.1 and a random port that records every request and answers as told.
 * A hanging answer keeps the request open until the server closes, for timeout tests.
 */
export class FakeHttpServer {
  readonly requests: RecordedRequest[] = [];
  answer: FakeAnswer | ((request: RecordedRequest) => FakeAnswer) = { status: 200 };
  private readonly hanging: ServerResponse[] = [];
  private readonly server: Server;

  private constructor() {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const recorded = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, rawHeaders: req.rawHeaders, body: Buffer.concat(chunks).toString('utf8') };
        this.requests.push(recorded);
        const answer = typeof this.answer === 'function' ? this.answer(recorded) : this.answer;
        if (answer === 'hang') this.hanging.push(res);
        else res.writeHead(answer.status).end(answer.body ?? '');
      });
    });
  }

  static async start(): Promise<FakeHttpServer> {
    const fake = new FakeHttpServer();
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** An address on which nothing listens: a server's port after it closed. */
export async function refusedUrl(): Promise<string> {
  const fake = await FakeHttpServer.start();
  const url = fake.url;
  await fake.close();
  return url;
}
