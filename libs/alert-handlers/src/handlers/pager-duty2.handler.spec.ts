import type { HandlerInstruction } from '@vigil/core';
import { FakeHttpServer } from '../conformance/fake-http-server';
import { describeHttpHandlerConformance } from '../conformance/http-handler.conformance';
import { seedCriticalEvent } from '../conformance/seed-events';
import { buildHandler } from '../handler-registry';
import { pagerDuty2Body } from './pager-duty2.handler';

const pd: HandlerInstruction = { kind: 'pagerDuty2', args: [], options: [] };
const KEY = 'R0UT1NGKEYsecret000000000000000';

describeHttpHandlerConformance({
  kind: 'pagerDuty2',
  build: (baseUrl, timeoutMs) => buildHandler(pd, { timeoutMs, pagerDuty2: { routingKey: KEY, url: `${baseUrl}/v2/enqueue` } }),
  expectedPath: '/v2/enqueue',
  expectedBody:
    `{"routing_key":"${KEY}","dedup_key":"status_provedor_p1pa","event_action":"trigger",` +
    '"payload":{"summary":"status_provedor_p1pa is CRITICAL","severity":"critical","source":"vigil","timestamp":"2023-05-21T23:51:10.038Z",' +
    '"custom_details":{"details":"The past 2 requests for \\"nome_recurso\\": p1 and \\"nome_provedor\\": pa were considered to change to this level alert.",' +
    '"task":"provider_health","level":"CRITICAL","previousLevel":"INFO"}}}',
  expectedHeaders: { 'content-type': 'application/json' },
  secrets: [KEY],
});

describe('pagerDuty2 body', () => {
  it('resolves the incident on OK with the same dedup key', () => {
    const body = JSON.parse(pagerDuty2Body(seedCriticalEvent({ level: 'OK' }), { routingKey: 'k', source: 's' })) as Record<string, unknown>;
    expect(body).toMatchObject({ event_action: 'resolve', dedup_key: 'status_provedor_p1pa' });
  });
  it('asks for the routing key in config', () => {
    expect(() => buildHandler(pd, {})).toThrow(/pagerDuty2\.routingKey/);
  });
});

describe('pagerDuty2 .link()', () => {
  const withLinks = (...links: (readonly string[])[]): HandlerInstruction => ({ kind: 'pagerDuty2', args: [], options: links.map((args) => ({ name: 'link', args })) });
  let receiver: FakeHttpServer;
  beforeEach(async () => {
    receiver = await FakeHttpServer.start();
  });
  afterEach(() => receiver.close());

  it('sends each link in script order, href and text rendered with the alert data, the text defaulting to the href', async () => {
    const handler = buildHandler(
      withLinks(['https://grafana.example.com/d/{{ index .Tags "nome_recurso" }}?task={{ .TaskName }}', 'Resource {{ .ID }}'], ['https://runbooks.example.com/{{ .Level }}'], ['https://example.com/', '']),
      { pagerDuty2: { routingKey: KEY, url: `${receiver.url}/v2/enqueue` } },
    );
    await expect(handler.send(seedCriticalEvent(), { attempt: 1 })).resolves.toEqual({ status: 'delivered' });
    expect(receiver.requests).toHaveLength(1);
    const body = JSON.parse(receiver.requests[0]?.body ?? '') as Record<string, unknown>;
    expect(body['links']).toEqual([
      { href: 'https://grafana.example.com/d/p1?task=provider_health', text: 'Resource status_provedor_p1pa' },
      { href: 'https://runbooks.example.com/CRITICAL', text: 'https://runbooks.example.com/CRITICAL' },
      { href: 'https://example.com/', text: 'https://example.com/' },
    ]);
  });

  it('leaves links out of the body without .link()', () => {
    expect(JSON.parse(pagerDuty2Body(seedCriticalEvent(), { routingKey: 'k', source: 's' }))).not.toHaveProperty('links');
  });

  it('refuses a link template that does not parse when the handler is built', () => {
    expect(() => buildHandler(withLinks(['https://example.com/{{ .ID']), { pagerDuty2: { routingKey: KEY } })).toThrow(/\.pagerDuty2\(\)\.link\(\) href does not parse/);
    expect(() => buildHandler(withLinks(['https://example.com/', '{{ end }}']), { pagerDuty2: { routingKey: KEY } })).toThrow(/\.pagerDuty2\(\)\.link\(\) text does not parse/);
  });

  it('fails without retry and posts nothing when a link template fails on the event', async () => {
    const handler = buildHandler(withLinks(['https://example.com/{{ .Message.Nope }}']), { pagerDuty2: { routingKey: KEY, url: `${receiver.url}/v2/enqueue` } });
    const result = await handler.send(seedCriticalEvent(), { attempt: 1 });
    expect(result).toMatchObject({ status: 'failed', retryable: false });
    expect(result.status === 'failed' && result.reason).toMatch(/^pagerDuty2: link template failed: /);
    expect(receiver.requests).toHaveLength(0);
  });
});
