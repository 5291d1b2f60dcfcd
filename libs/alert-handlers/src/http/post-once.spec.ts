import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { FakeHttpServer } from '../conformance/fake-http-server';
import type { DeliveryResult, SendContext } from '../handler';
import { CAPTURED_BODY_BYTES, type HttpRequestSpec, postOnce } from '../http-deliver';
import { TEST_TLS_CERT, TEST_TLS_KEY } from './tls-fixture.test';

describe('postOnce', () => {
  let server: FakeHttpServer;
  let lines: Record<string, unknown>[];
  const context = (signal?: AbortSignal): SendContext => ({ attempt: 1, log: (line) => lines.push({ ...line }), ...(signal ? { signal } : {}) });
  const spec = (url: string, overrides: Partial<HttpRequestSpec> = {}): HttpRequestSpec => ({
    url,
    headers: { 'Content-Type': 'application/json' },
    body: '{}\n',
    timeoutMs: 5_000,
    target: 'post URL',
    secrets: [],
    ...overrides,
  });
  const reasonOf = (result: DeliveryResult): string => (result.status === 'failed' ? result.reason : '');

  beforeEach(async () => {
    server = await FakeHttpServer.start();
    lines = [];
  });
  afterEach(async () => {
    await server.close();
  });

  it('logs no URL password, basic-auth value or query value from a captured answer that echoes the request', async () => {
    server.answer = (request) => ({ status: 400, body: JSON.stringify({ path: request.path, headers: request.headers }) });
    const url = server.url.replace('://', '://vigil:pa55-w0rd@') + '/hook?api_key=k3y-in-query-0001';
    const result = await postOnce(spec(url, { captureResponse: true }), context());
    expect(result).toMatchObject({ status: 'failed', retryable: false });
    expect(server.requests[0]?.headers['authorization']).toBe('Basic ' + Buffer.from('vigil:pa55-w0rd').toString('base64'));
    const logged = JSON.stringify(lines);
    expect(logged).toContain('handler response');
    for (const secret of ['pa55-w0rd', Buffer.from('vigil:pa55-w0rd').toString('base64'), 'k3y-in-query-0001']) expect(logged).not.toContain(secret);
  });

  it(`logs at most ${CAPTURED_BODY_BYTES} bytes of a captured answer`, async () => {
    server.answer = { status: 502, body: 'z'.repeat(CAPTURED_BODY_BYTES * 4) };
    await postOnce(spec(server.url, { captureResponse: true }), context());
    expect(lines).toEqual([{ msg: 'handler response', target: 'post URL', status: 502, body: 'z'.repeat(CAPTURED_BODY_BYTES) }]);
  });

  it('logs nothing for a failed answer without captureResponse', async () => {
    server.answer = { status: 500, body: 'broken' };
    expect(await postOnce(spec(server.url), context())).toMatchObject({ status: 'failed', retryable: true });
    expect(lines).toEqual([]);
  });

  it('fails as retryable, naming the cancellation, when the signal aborts the attempt', async () => {
    server.answer = 'hang';
    const controller = new AbortController();
    const pending = postOnce(spec(server.url), context(controller.signal));
    await vi.waitFor(() => expect(server.requests).toHaveLength(1));
    controller.abort();
    const result = await pending;
    expect(result).toMatchObject({ status: 'failed', retryable: true });
    expect(reasonOf(result)).toBe('post URL unreachable: aborted');
  });

  it('fails as retryable with the DNS code and without the address when the name does not resolve', async () => {
    const result = await postOnce(spec('http://user:dns-secret@no-such-host.invalid/x'), context());
    expect(result).toMatchObject({ status: 'failed', retryable: true });
    expect(reasonOf(result)).toMatch(/^post URL unreachable: (ENOTFOUND|EAI_AGAIN)$/);
  });

  it('refuses an https receiver whose certificate does not verify, naming why', async () => {
    const tls = createServer({ key: TEST_TLS_KEY, cert: TEST_TLS_CERT }, (_request, response) => response.writeHead(200).end());
    await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
    try {
      const result = await postOnce(spec(`https://127.0.0.1:${(tls.address() as AddressInfo).port}/`), context());
      expect(result).toMatchObject({ status: 'failed', retryable: true });
      expect(reasonOf(result)).toBe('post URL unreachable: DEPTH_ZERO_SELF_SIGNED_CERT');
    } finally {
      tls.closeAllConnections();
      await new Promise<void>((resolve) => tls.close(() => resolve()));
    }
  });
});
