import type { AlertEvent } from '@vigil/core';
import type { DeliveryResult, Handler, SendContext } from '../handler';
import { IDEMPOTENCY_KEY_HEADER } from '../idempotency-key';
import { FakeHttpServer, type RecordedRequest, refusedUrl } from './fake-http-server';
import { seedCriticalEvent } from './seed-events';

export interface HttpHandlerCase {
  /** Builds the handler against a receiver at `baseUrl` (no trailing slash) with this timeout. */
  readonly build: (baseUrl: string, timeoutMs: number) => Handler;
  readonly kind: string;
  /** The event sent; the seed's CRITICAL event unless given. */
  readonly event?: AlertEvent;
  readonly expectedPath: string;
  /** The exact request body, byte for byte. */
  readonly expectedBody: string;
  /** Headers that must be present with exactly these values (names in lower case). */
  readonly expectedHeaders: Readonly<Record<string, string>>;
  /** Secrets configured for the handler; none may appear in a reason or a log line. */
  readonly secrets: readonly string[];
}

const RETRY_TABLE: readonly [number, DeliveryResult['status'], boolean | undefined][] = [
  [200, 'delivered', undefined],
  [204, 'delivered', undefined],
  [400, 'failed', false],
  [401, 'failed', false],
  [404, 'failed', false],
  [429, 'failed', true],
  [500, 'failed', true],
  [502, 'failed', true],
  [503, 'failed', true],
];

// Short enough to keep the suite quick; the test only checks the outcome, never how long it took.
// Long enough that a loaded machine still delivers the request before the handler gives up.
const SHORT_TIMEOUT_MS = 600;

/** An idempotency key as the delivery scheduler makes one: event id, then handler key. */
const KEY = '0f3c9a27d1e84b6c95a0e2d7c4b1f863:0:test';
const KEY_HEADER = IDEMPOTENCY_KEY_HEADER.toLowerCase();

/**
 * The one conformance suite every HTTP handler runs (Alertmanager's shared notifier tests):
 * exact request, the retry table per status, timeout, refused connection, no secret leaked in
 * a reason or log line, the idempotency key on every attempt, and the receiver's origin.
 */
export function describeHttpHandlerConformance(c: HttpHandlerCase): void {
  describe(`${c.kind} handler conformance`, () => {
    let server: FakeHttpServer;
    let lines: string[];
    const context = (): SendContext => ({ attempt: 1, log: (line) => lines.push(JSON.stringify(line)) });
    const event = c.event ?? seedCriticalEvent();

    beforeEach(async () => {
      server = await FakeHttpServer.start();
      lines = [];
    });
    afterEach(async () => {
      await server.close();
    });

    const expectNoSecret = (result: DeliveryResult): void => {
      const texts = [result.status === 'failed' ? result.reason : '', ...lines];
      for (const secret of c.secrets) for (const text of texts) expect(text).not.toContain(secret);
    };

    it('sends exactly the expected request', async () => {
      const result = await c.build(server.url, 5_000).send(event, context());
      expect(result).toEqual({ status: 'delivered' });
      expect(server.requests).toHaveLength(1);
      const request = server.requests[0] as RecordedRequest;
      expect(request.method).toBe('POST');
      expect(request.path).toBe(c.expectedPath);
      expect(request.body).toBe(c.expectedBody);
      for (const [name, value] of Object.entries(c.expectedHeaders)) expect(request.headers[name]).toBe(value);
      expect(request.headers[KEY_HEADER]).toBeUndefined();
    });

    it('sends the idempotency key as one Idempotency-Key header, the same on a retry, and the body unchanged', async () => {
      let answered = 0;
      server.answer = () => (answered++ === 0 ? { status: 503 } : { status: 200 });
      const handler = c.build(server.url, 5_000);
      const first = await handler.send(event, { ...context(), idempotencyKey: KEY });
      const second = await handler.send(event, { ...context(), attempt: 2, idempotencyKey: KEY });
      expect([first.status, second.status]).toEqual(['failed', 'delivered']);
      expect(server.requests.map((request) => request.headers[KEY_HEADER])).toEqual([`"${KEY}"`, `"${KEY}"`]);
      expect(server.requests.map((request) => request.rawHeaders.filter((name, i) => i % 2 === 0 && name.toLowerCase() === KEY_HEADER))).toEqual([
        [IDEMPOTENCY_KEY_HEADER],
        [IDEMPOTENCY_KEY_HEADER],
      ]);
      expect(server.requests.map((request) => request.body)).toEqual([c.expectedBody, c.expectedBody]);
    });

    it("names the receiver's origin, for the per-origin limit on sends in flight", () => {
      expect(c.build(server.url, 5_000).targetOrigin?.(event)).toBe(server.url);
    });

    it.each(RETRY_TABLE)('classifies HTTP %i as %s (retryable: %s)', async (status, outcome, retryable) => {
      // The failing receiver echoes the request headers, as some proxies do, to tempt a leak.
      server.answer = (request) => ({ status, body: JSON.stringify(request.headers) });
      const result = await c.build(server.url, 5_000).send(event, context());
      expect(result.status).toBe(outcome);
      if (result.status === 'failed') {
        expect(result.retryable).toBe(retryable);
        expect(result.reason).toContain(String(status));
      }
      expectNoSecret(result);
    });

    it('fails as retryable when the receiver never answers within the timeout', async () => {
      server.answer = 'hang';
      const result = await c.build(server.url, SHORT_TIMEOUT_MS).send(event, context());
      expect(result).toMatchObject({ status: 'failed', retryable: true });
      expect(result.status === 'failed' && result.reason).toContain('timeout');
      expect(server.requests).toHaveLength(1);
      expectNoSecret(result);
    });

    it('fails as retryable when the connection is refused', async () => {
      const result = await c.build(await refusedUrl(), 5_000).send(event, context());
      expect(result).toMatchObject({ status: 'failed', retryable: true });
      expect(result.status === 'failed' && result.reason).toContain('ECONNREFUSED');
      expectNoSecret(result);
    });
  });
}
