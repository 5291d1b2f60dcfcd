import { type IncomingMessage, type RequestListener, type Server, type ServerResponse, createServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { ConnectionPool, MAX_SOCKETS_PER_ORIGIN } from './connection-pool';
import { MAX_DRAINED_BYTES, type PostRequest, USER_AGENT, postRequest } from './post-request';
import { TEST_TLS_CERT, TEST_TLS_KEY } from './tls-fixture.test';

interface Received {
  readonly headers: IncomingMessage['headers'];
  readonly rawHeaderNames: readonly string[];
  readonly body: Buffer;
}

/** A receiver that records requests and counts the connections they came on. */
class Receiver {
  readonly received: Received[] = [];
  connections = 0;
  answer: (request: IncomingMessage, response: ServerResponse) => void = (_request, response) => response.writeHead(200).end('ok');
  private readonly open = new Set<ServerResponse>();

  readonly server: Server;

  constructor(secure: boolean) {
    const listener: RequestListener = (request, response) => this.record(request, response);
    this.server = secure ? createHttpsServer({ key: TEST_TLS_KEY, cert: TEST_TLS_CERT }, listener) : createServer(listener);
    this.server.on('connection', () => (this.connections += 1));
  }

  private record(request: IncomingMessage, response: ServerResponse): void {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const rawHeaderNames = request.rawHeaders.filter((_value, index) => index % 2 === 0);
      this.received.push({ headers: request.headers, rawHeaderNames, body: Buffer.concat(chunks) });
      this.open.add(response);
      response.on('close', () => this.open.delete(response));
      this.answer(request, response);
    });
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  url(scheme = 'http'): string {
    return `${scheme}://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    for (const response of this.open) response.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

async function startReceiver(secure = false): Promise<Receiver> {
  const receiver = new Receiver(secure);
  await receiver.listen();
  return receiver;
}

const post = (url: string, overrides: Partial<PostRequest> = {}): PostRequest => ({
  url,
  headers: { 'Content-Type': 'application/json' },
  body: Buffer.from('{"id":"é"}\n', 'utf8'),
  timeoutMs: 5_000,
  keepBodyBytes: 0,
  ...overrides,
});

describe('postRequest', () => {
  let receiver: Receiver;
  let pool: ConnectionPool;

  beforeEach(async () => {
    receiver = await startReceiver();
    pool = new ConnectionPool();
  });
  afterEach(async () => {
    pool.destroy();
    await receiver.close();
  });

  it('sends the body bytes with an exact Content-Length, the given headers and a User-Agent, never chunked', async () => {
    const answer = await postRequest(post(receiver.url() + '/alerts?x=1', { headers: { 'Content-Type': 'application/json', 'X-Team': 'ops' } }), pool);
    expect(answer).toEqual({ status: 200, body: '' });
    const request = receiver.received[0] as Received;
    expect(request.body.toString('utf8')).toBe('{"id":"é"}\n');
    expect(request.headers['content-length']).toBe(String(Buffer.byteLength('{"id":"é"}\n')));
    expect(request.headers['transfer-encoding']).toBeUndefined();
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['x-team']).toBe('ops');
    expect(request.headers['user-agent']).toBe(USER_AGENT);
    // Header names go out as the handler spelled them.
    expect(request.rawHeaderNames).toContain('X-Team');
  });

  it('drops hop-by-hop headers a handler set instead of failing the request', async () => {
    const answer = await postRequest(post(receiver.url(), { headers: { 'Keep-Alive': 'timeout=5', Upgrade: 'h2c', Expect: '100-continue', 'X-Team': 'ops' } }), pool);
    expect(answer.status).toBe(200);
    const request = receiver.received[0] as Received;
    expect(request.headers['keep-alive']).toBeUndefined();
    expect(request.headers['upgrade']).toBeUndefined();
    expect(request.headers['expect']).toBeUndefined();
    expect(request.headers['x-team']).toBe('ops');
  });

  it('adds no Content-Type the handler did not set', async () => {
    await postRequest(post(receiver.url(), { headers: {} }), pool);
    expect(receiver.received[0]?.headers['content-type']).toBeUndefined();
  });

  it("keeps the handler's own User-Agent and ignores its Content-Length", async () => {
    await postRequest(post(receiver.url(), { headers: { 'user-agent': 'kapacitor', 'content-length': '999' } }), pool);
    const request = receiver.received[0] as Received;
    expect(request.headers['user-agent']).toBe('kapacitor');
    expect(request.headers['content-length']).toBe(String(request.body.length));
  });

  // undici frees a connection one tick after its answer ended, so a request sent at once after
  // the previous one's end may open a second connection; after that the two are reused.
  it('reuses kept-alive connections for requests in sequence', async () => {
    for (let i = 0; i < 5; i++) expect((await postRequest(post(receiver.url()), pool)).status).toBe(200);
    expect(receiver.received).toHaveLength(5);
    expect(receiver.connections).toBeLessThanOrEqual(2);
  });

  it('opens at most MAX_SOCKETS_PER_ORIGIN connections to one receiver', async () => {
    const count = MAX_SOCKETS_PER_ORIGIN + 16;
    const answers = await Promise.all(Array.from({ length: count }, () => postRequest(post(receiver.url()), pool)));
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    expect(receiver.received).toHaveLength(count);
    expect(receiver.connections).toBeLessThanOrEqual(MAX_SOCKETS_PER_ORIGIN);
  });

  it('does not follow a redirect: the 3xx is the answer', async () => {
    receiver.answer = (_request, response) => response.writeHead(302, { Location: '/elsewhere' }).end();
    const answer = await postRequest(post(receiver.url()), pool);
    expect(answer.status).toBe(302);
    expect(receiver.received).toHaveLength(1);
  });

  it('keeps only keepBodyBytes of the answer and still reuses the connection after a large one', async () => {
    receiver.answer = (_request, response) => response.writeHead(500).end('x'.repeat(100_000));
    const first = await postRequest(post(receiver.url(), { keepBodyBytes: 10 }), pool);
    expect(first).toEqual({ status: 500, body: 'x'.repeat(10) });
    const second = await postRequest(post(receiver.url(), { keepBodyBytes: 10 }), pool);
    expect(second.status).toBe(500);
    expect(receiver.connections).toBeLessThanOrEqual(2);
  });

  it('gives up the connection, not the answer, past MAX_DRAINED_BYTES of body', async () => {
    receiver.answer = (_request, response) => {
      response.writeHead(503);
      // Endless: only the client's limit stops it.
      const chunk = Buffer.alloc(64 * 1024, 'y');
      const pump = (): void => {
        while (!response.destroyed && response.write(chunk));
        if (!response.destroyed) response.once('drain', pump);
      };
      pump();
    };
    const answer = await postRequest(post(receiver.url(), { keepBodyBytes: 4 }), pool);
    expect(answer).toEqual({ status: 503, body: 'yyyy' });
    expect(MAX_DRAINED_BYTES).toBeGreaterThan(0);
  });

  it('times out when the answer never comes', async () => {
    receiver.answer = () => undefined;
    await expect(postRequest(post(receiver.url(), { timeoutMs: 50 }), pool)).rejects.toMatchObject({ name: 'TimeoutError' });
  });

  it('times out when the headers come but the body never ends', async () => {
    receiver.answer = (_request, response) => {
      response.writeHead(200);
      response.write('partial');
    };
    await expect(postRequest(post(receiver.url(), { timeoutMs: 100 }), pool)).rejects.toMatchObject({ name: 'TimeoutError' });
  });

  it('is cancelled by its signal while waiting, and sends nothing when already cancelled', async () => {
    receiver.answer = () => undefined;
    const controller = new AbortController();
    const pending = postRequest(post(receiver.url(), { signal: controller.signal }), pool);
    await vi.waitFor(() => expect(receiver.received).toHaveLength(1));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    await expect(postRequest(post(receiver.url(), { signal: controller.signal }), pool)).rejects.toMatchObject({ name: 'AbortError' });
    expect(receiver.received).toHaveLength(1);
  });

  it('rejects with the connection error code when the receiver drops the connection mid-answer', async () => {
    receiver.answer = (request, response) => {
      response.writeHead(200, { 'Content-Length': '100' });
      response.write('part', () => request.socket.destroy());
    };
    await expect(postRequest(post(receiver.url()), pool)).rejects.toMatchObject({ code: 'ECONNRESET' });
  });

  it('rejects with the DNS error code for a name that does not resolve', async () => {
    const error: unknown = await postRequest(post('http://no-such-host.invalid/'), pool).catch((caught: unknown) => caught);
    expect(['ENOTFOUND', 'EAI_AGAIN']).toContain((error as { code?: string }).code);
  });

  it('sends URL userinfo as basic auth, as Go does, unless an Authorization header is given', async () => {
    const url = receiver.url().replace('://', '://vigil:s%40cret@');
    await postRequest(post(url), pool);
    await postRequest(post(url, { headers: { Authorization: 'Bearer t0ken' } }), pool);
    expect(receiver.received[0]?.headers['authorization']).toBe('Basic ' + Buffer.from('vigil:s@cret').toString('base64'));
    expect(receiver.received[1]?.headers['authorization']).toBe('Bearer t0ken');
  });

  it('refuses a URL that is not http or https', async () => {
    await expect(postRequest(post('ftp://127.0.0.1/'), pool)).rejects.toMatchObject({ code: 'ERR_INVALID_PROTOCOL' });
  });
});

describe('postRequest over https', () => {
  let receiver: Receiver;

  beforeEach(async () => {
    receiver = await startReceiver(true);
  });
  afterEach(async () => {
    await receiver.close();
  });

  it('refuses a certificate it cannot verify, sending nothing', async () => {
    const pool = new ConnectionPool();
    const error: unknown = await postRequest(post(receiver.url('https')), pool).catch((caught: unknown) => caught);
    pool.destroy();
    expect((error as { code?: string }).code).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
    expect(receiver.received).toHaveLength(0);
  });

  it('delivers to a receiver whose certificate is trusted, on kept-alive connections', async () => {
    const pool = new ConnectionPool({ ca: TEST_TLS_CERT });
    for (let i = 0; i < 3; i++) expect((await postRequest(post(receiver.url('https')), pool)).status).toBe(200);
    pool.destroy();
    expect(receiver.received).toHaveLength(3);
    expect(receiver.connections).toBeLessThanOrEqual(2);
  });
});
