import { FakeHttpServer } from '../conformance/fake-http-server';
import { describeHttpHandlerConformance } from '../conformance/http-handler.conformance';
import { seedCriticalEvent } from '../conformance/seed-events';
import type { DeliveryResult, Handler } from '../handler';
import { buildHandler, checkHandlerAllowed } from '../handler-registry';
import { alertmanagerBody, batchIdempotencyKey } from './alertmanager.handler';

const am = { kind: 'alertmanager', args: [], options: [] };

describeHttpHandlerConformance({
  kind: 'alertmanager',
  build: (baseUrl, timeoutMs) => buildHandler(am, { timeoutMs, alertmanager: { url: `${baseUrl}/`, basicAuth: { username: 'am', password: 'am-secret-pass' } } }),
  expectedPath: '/api/v2/alerts',
  expectedBody:
    '[{"labels":{"nome_provedor":"pa","nome_recurso":"p1","alertname":"status_provedor_p1pa","level":"CRITICAL","task":"provider_health"},' +
    '"annotations":{"message":"status_provedor_p1pa is CRITICAL","details":"The past 2 requests for \\"nome_recurso\\": p1 and \\"nome_provedor\\": pa were considered to change to this level alert."},' +
    '"startsAt":"2023-05-21T23:51:10.038Z"}]',
  expectedHeaders: { 'content-type': 'application/json', authorization: 'Basic ' + Buffer.from('am:am-secret-pass').toString('base64') },
  secrets: ['am-secret-pass', Buffer.from('am:am-secret-pass').toString('base64')],
});

describe('alertmanager body', () => {
  it('ends the alert at the event time on OK', () => {
    const [alert] = JSON.parse(alertmanagerBody(seedCriticalEvent({ level: 'OK' }))) as Record<string, unknown>[];
    expect(alert).toMatchObject({ endsAt: '2023-05-21T23:51:10.038Z' });
    expect(alert).not.toHaveProperty('startsAt');
  });
  it('asks for the server in config', () => {
    expect(() => buildHandler(am, {})).toThrow(/alertmanager\.url/);
  });
});

describe('alertmanager batches', () => {
  let server: FakeHttpServer;
  beforeEach(async () => {
    server = await FakeHttpServer.start();
  });
  afterEach(async () => {
    await server.close();
  });

  const events = ['a', 'b', 'c'].map((id) => seedCriticalEvent({ id }));
  const keys = events.map((event) => `e-${event.id}:0:alertmanager`);
  const sendAll = (handler: Handler): Promise<DeliveryResult[]> =>
    Promise.all(events.map((event, i) => handler.send(event, { attempt: 1, idempotencyKey: keys[i] as string })));

  it('sends the events started together as one list, in order, under a key of their keys', async () => {
    const handler = buildHandler(am, { alertmanager: { url: server.url } });
    const results = await sendAll(handler);
    expect(results.every((result) => result.status === 'delivered')).toBe(true);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.body).toBe(`[${events.map((event) => alertmanagerBody(event).slice(1, -1)).join(',')}]`);
    expect(server.requests[0]?.headers['idempotency-key']).toBe(`"${batchIdempotencyKey(keys)}"`);
    expect(batchIdempotencyKey(keys)).not.toBe(batchIdempotencyKey([...keys].reverse()));
  });

  it('sends a list refused for good again one alert per request, so only the bad alert fails', async () => {
    server.answer = (request) => ({ status: request.body.includes('"alertname":"b"') ? 400 : 200 });
    const handler = buildHandler(am, { alertmanager: { url: server.url } });
    const results = await sendAll(handler);
    expect(results.map((result) => result.status)).toEqual(['delivered', 'failed', 'delivered']);
    expect(results[1]).toMatchObject({ retryable: false });
    expect(server.requests).toHaveLength(4);
    expect(server.requests.slice(1).map((request) => request.headers['idempotency-key'])).toEqual(keys.map((key) => `"${key}"`));
  });

  it('fails every event of a list that may succeed later, without splitting it', async () => {
    server.answer = { status: 503 };
    const handler = buildHandler(am, { alertmanager: { url: server.url } });
    const results = await sendAll(handler);
    expect(results.every((result) => result.status === 'failed' && result.retryable)).toBe(true);
    expect(server.requests).toHaveLength(1);
  });
});

describe('alertmanager .url() and .labels()', () => {
  let configured: FakeHttpServer;
  let scripted: FakeHttpServer;
  beforeEach(async () => {
    [configured, scripted] = await Promise.all([FakeHttpServer.start(), FakeHttpServer.start()]);
  });
  afterEach(() => Promise.all([configured.close(), scripted.close()]));

  const withOptions = (...options: { name: string; args: string[] }[]) => ({ kind: 'alertmanager', args: [], options });
  const auth = { username: 'am', password: 'am-secret-pass' };

  it('refuses a script URL unless post.allowedOrigins lists its origin, with or without the list (secure by default)', () => {
    const instruction = withOptions({ name: 'url', args: ['http://am.internal:9093'] });
    for (const post of [undefined, { allowedOrigins: ['https://hooks.example.com'] }]) {
      const config = { alertmanager: { url: configured.url }, ...(post ? { post } : {}) };
      expect(() => checkHandlerAllowed(instruction, config)).toThrow(
        '.alertmanager().url() to http://am.internal:9093 is not allowed: add "http://am.internal:9093" to post.allowedOrigins in the handler configuration, or configure alertmanager.url and drop .url() from the script',
      );
      expect(() => buildHandler(instruction, config)).toThrow(/is not allowed/);
    }
    expect(() => checkHandlerAllowed(instruction, { post: { allowedOrigins: ['http://am.internal:9093/'] } })).not.toThrow();
    expect(() => checkHandlerAllowed(withOptions({ name: 'url', args: ['ftp://am.internal'] }), { post: { allowedOrigins: ['ftp://am.internal'] } })).toThrow(/http or https URL/);
  });

  it('posts to an allowed script URL without the credentials of the configured server', async () => {
    const config = { alertmanager: { url: configured.url, basicAuth: auth }, post: { allowedOrigins: [scripted.url] } };
    const handler = buildHandler(withOptions({ name: 'url', args: [`${scripted.url}/am/`] }), config);
    await expect(handler.send(seedCriticalEvent(), { attempt: 1 })).resolves.toEqual({ status: 'delivered' });
    expect(configured.requests).toHaveLength(0);
    expect(scripted.requests.map((request) => request.path)).toEqual(['/am/api/v2/alerts']);
    expect(scripted.requests[0]?.headers.authorization).toBeUndefined();
  });

  it('keeps the configured credentials for a script URL of the configured origin, and needs no configured server', async () => {
    const sameOrigin = buildHandler(withOptions({ name: 'url', args: [`${configured.url}/other`] }), { alertmanager: { url: configured.url, basicAuth: auth }, post: { allowedOrigins: [configured.url] } });
    await sameOrigin.send(seedCriticalEvent(), { attempt: 1 });
    expect(configured.requests[0]?.headers.authorization).toBe('Basic ' + Buffer.from('am:am-secret-pass').toString('base64'));
    const unconfigured = buildHandler(withOptions({ name: 'url', args: [scripted.url] }), { post: { allowedOrigins: [scripted.url] } });
    await expect(unconfigured.send(seedCriticalEvent(), { attempt: 1 })).resolves.toEqual({ status: 'delivered' });
    expect(scripted.requests).toHaveLength(1);
  });

  it('labels the alert with only the tags .labels() names, across calls, besides alertname, level and task', async () => {
    const handler = buildHandler(withOptions({ name: 'labels', args: ['nome_recurso'] }, { name: 'labels', args: ['absent'] }), { alertmanager: { url: configured.url } });
    await handler.send(seedCriticalEvent(), { attempt: 1 });
    const [alert] = JSON.parse(configured.requests[0]?.body ?? '') as { labels: Record<string, string> }[];
    expect(alert?.labels).toEqual({ nome_recurso: 'p1', alertname: 'status_provedor_p1pa', level: 'CRITICAL', task: 'provider_health' });
  });
});
