import type { HandlerInstruction } from '@vigil/core';
import { FakeHttpServer } from '../conformance/fake-http-server';
import { describeHttpHandlerConformance } from '../conformance/http-handler.conformance';
import { SEED_CRITICAL_JSON } from '../conformance/seed-events';
import { HandlerOptionError } from '../handler-options';
import { buildHandler } from '../handler-registry';
import { seedCriticalEvent } from '../conformance/seed-events';
import { PostHandler } from './post.handler';
import { parsePostTemplate } from './post-template';

const post = (args: HandlerInstruction['args'], options: HandlerInstruction['options'] = []): HandlerInstruction => ({ kind: 'post', args, options });

describeHttpHandlerConformance({
  kind: 'post (script URL)',
  build: (baseUrl, timeoutMs) => buildHandler(post([`${baseUrl}/alerts`], [{ name: 'header', args: ['X-Team', 'ops'] }]), { timeoutMs }),
  expectedPath: '/alerts',
  expectedBody: SEED_CRITICAL_JSON + '\n',
  expectedHeaders: { 'content-type': 'application/json', 'x-team': 'ops' },
  secrets: [],
});

describeHttpHandlerConformance({
  kind: 'post (named endpoint with basic auth)',
  build: (baseUrl, timeoutMs) =>
    buildHandler(post([], [{ name: 'endpoint', args: ['broker'] }, { name: 'captureResponse', args: [] }, { name: 'timeout', args: [timeoutMs * 1e6] }]), {
      post: {
        endpoints: {
          broker: { url: `${baseUrl}/hook`, headers: { 'X-Api-Key': 'key-0123456789' }, basicAuth: { username: 'vigil', password: 'pa55-w0rd-secret' } },
        },
      },
    }),
  expectedPath: '/hook',
  expectedBody: SEED_CRITICAL_JSON + '\n',
  expectedHeaders: {
    'content-type': 'application/json',
    'x-api-key': 'key-0123456789',
    authorization: 'Basic ' + Buffer.from('vigil:pa55-w0rd-secret').toString('base64'),
  },
  secrets: ['pa55-w0rd-secret', 'key-0123456789', Buffer.from('vigil:pa55-w0rd-secret').toString('base64')],
});

describeHttpHandlerConformance({
  kind: 'post (script URL of an allowed origin)',
  build: (baseUrl, timeoutMs) => buildHandler(post([`${baseUrl}/alerts/{{ .Level }}`]), { timeoutMs, post: { allowedOrigins: ['https://hooks.example.com', baseUrl] } }),
  expectedPath: '/alerts/CRITICAL',
  expectedBody: SEED_CRITICAL_JSON + '\n',
  expectedHeaders: { 'content-type': 'application/json' },
  secrets: [],
});

describe('post.allowedOrigins', () => {
  const config = { post: { allowedOrigins: ['https://hooks.example.com', 'http://broker.internal:8080/'], endpoints: { broker: { url: 'https://elsewhere.example.net/hook' } } } };

  it('allows a script URL of a listed origin, default ports and host case normalised', () => {
    for (const url of ['https://hooks.example.com/a/b?c=d', 'https://HOOKS.example.com:443/x', 'http://broker.internal:8080/alerts', 'https://hooks.example.com/{{ .TaskName }}']) {
      expect(() => buildHandler(post([url]), config), url).not.toThrow();
    }
  });

  it('refuses a script URL of any other origin, naming the setting and quoting only the origin', () => {
    expect(() => buildHandler(post(['https://evil.example.org/steal?token=s3cr3t']), config)).toThrow(
      new HandlerOptionError(`.post() to https://evil.example.org is not allowed: add "https://evil.example.org" to post.allowedOrigins in the handler configuration, or post to a configured endpoint with .endpoint('name')`),
    );
    for (const url of ['http://hooks.example.com/x', 'https://hooks.example.com:8443/x', 'http://broker.internal/alerts', 'https://hooks.example.com.evil.org/x', 'https://hooks.example.com@evil.org/x']) {
      expect(() => buildHandler(post([url]), config), url).toThrow(HandlerOptionError);
    }
  });

  it('refuses a template that could change the scheme, host or port', () => {
    for (const url of ['https://{{ .TaskName }}.example.com/x', 'https://hooks.example.com{{ .TaskName }}/x', '{{ .TaskName }}']) {
      expect(() => buildHandler(post([url]), config), url).toThrow(/must start with a fixed scheme, host and port/);
    }
  });

  it('always allows a configured endpoint, which wins over the script URL as in Kapacitor', () => {
    expect(() => buildHandler(post([], [{ name: 'endpoint', args: ['broker'] }]), config)).not.toThrow();
    expect(() => buildHandler(post(['https://evil.example.org/'], [{ name: 'endpoint', args: ['broker'] }]), config)).not.toThrow();
  });

  it('allows any origin when unset, as Kapacitor does', () => {
    expect(() => buildHandler(post(['https://anywhere.example.org/x']), {})).not.toThrow();
  });

  it('checks each rendered URL again before sending, refusing without retry', async () => {
    const handler = new PostHandler({
      url: parsePostTemplate('https://{{ .Level }}.example.org/x', 'URL'),
      headers: {},
      timeoutMs: 1000,
      target: 'post URL',
      secrets: [],
      captureResponse: false,
      allowedOrigins: ['https://hooks.example.com'],
    });
    expect(await handler.send(seedCriticalEvent(), { attempt: 1 })).toEqual({
      status: 'failed',
      retryable: false,
      reason: `.post() to https://critical.example.org is not allowed: add "https://critical.example.org" to post.allowedOrigins in the handler configuration, or post to a configured endpoint with .endpoint('name')`,
    });
  });
});

describe('post handler options', () => {
  it('names the missing endpoint and where to configure it', () => {
    expect(() => buildHandler(post([], [{ name: 'endpoint', args: ['nope'] }]), {})).toThrow(/endpoint "nope".*post\.endpoints/);
  });

  it('refuses the Authenticate header as Kapacitor does', () => {
    expect(() => buildHandler(post(['http://x/'], [{ name: 'header', args: ['Authenticate', 'x'] }]), {})).toThrow(HandlerOptionError);
  });

  it('refuses unknown properties, listing the known ones', () => {
    expect(() => buildHandler(post(['http://x/'], [{ name: 'heder', args: ['a', 'b'] }]), {})).toThrow(/\.heder\(\).*\.header\(\)/);
  });

  it('refuses a URL that is not http(s)', () => {
    expect(() => buildHandler(post(['ftp://x/']), {})).toThrow(/http/);
  });

  it('takes the origin of the URL as rendered for the event', () => {
    const handler = buildHandler(post(['https://{{ .Level }}.example.org:8443/x']), {});
    expect(handler.targetOrigin?.(seedCriticalEvent())).toBe('https://critical.example.org:8443');
  });
});

describe('post Idempotency-Key', () => {
  it('replaces a header of that name from the script or the endpoint, so the key stays per delivery', async () => {
    const server = await FakeHttpServer.start();
    try {
      const config = { post: { endpoints: { broker: { url: `${server.url}/hook`, headers: { 'IDEMPOTENCY-KEY': 'fixed' } } } } };
      const fromEndpoint = buildHandler(post([], [{ name: 'endpoint', args: ['broker'] }]), config);
      const fromScript = buildHandler(post([`${server.url}/alerts`], [{ name: 'header', args: ['idempotency-key', 'fixed'] }]), {});
      await fromEndpoint.send(seedCriticalEvent(), { attempt: 1, idempotencyKey: 'e1:0:post' });
      await fromScript.send(seedCriticalEvent(), { attempt: 1, idempotencyKey: 'e2:0:post' });
      expect(server.requests.map((request) => request.headers['idempotency-key'])).toEqual(['"e1:0:post"', '"e2:0:post"']);
    } finally {
      await server.close();
    }
  });

  it('refuses a key that is not printable ASCII, without retry and without sending', async () => {
    const server = await FakeHttpServer.start();
    try {
      const result = await buildHandler(post([`${server.url}/alerts`]), {}).send(seedCriticalEvent(), { attempt: 1, idempotencyKey: 'e1\n' });
      expect(result).toEqual({ status: 'failed', retryable: false, reason: 'post URL: the idempotency key is not printable ASCII' });
      expect(server.requests).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

describe('post body', () => {
  it("sends the event's stored alert JSON as is when the caller has it, and encodes the event otherwise", async () => {
    const server = await FakeHttpServer.start();
    try {
      const handler = buildHandler(post([`${server.url}/alerts`]), {});
      // Spaced differently from what encodeAlertEvent writes, to tell the two apart.
      const stored = SEED_CRITICAL_JSON.replace('{', '{ ');
      await handler.send(seedCriticalEvent(), { attempt: 1, alertJson: stored });
      await handler.send(seedCriticalEvent(), { attempt: 1 });
      expect(server.requests.map((request) => request.body)).toEqual([`${stored}\n`, `${SEED_CRITICAL_JSON}\n`]);
    } finally {
      await server.close();
    }
  });
});
