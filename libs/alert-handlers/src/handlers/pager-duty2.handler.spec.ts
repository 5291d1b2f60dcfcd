import type { HandlerInstruction } from '@vigil/core';
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
