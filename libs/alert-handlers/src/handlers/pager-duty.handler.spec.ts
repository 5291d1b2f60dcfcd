import type { HandlerInstruction } from '@vigil/core';
import { describeHttpHandlerConformance } from '../conformance/http-handler.conformance';
import { seedCriticalEvent } from '../conformance/seed-events';
import { buildHandler } from '../handler-registry';
import { pagerDutyBody } from './pager-duty.handler';

const pd = (options: HandlerInstruction['options']): HandlerInstruction => ({ kind: 'pagerDuty', args: [], options });
const SERVICE_KEY = 'pd-v1-service-key-secret';
const DETAILS = 'The past 2 requests for \\"nome_recurso\\": p1 and \\"nome_provedor\\": pa were considered to change to this level alert.';

describeHttpHandlerConformance({
  kind: 'pagerDuty',
  build: (baseUrl, timeoutMs) => buildHandler(pd([]), { timeoutMs, pagerDuty: { serviceKey: SERVICE_KEY, url: `${baseUrl}/generic/2010-04-15/create_event.json`, clientUrl: 'http://vigil:9092' } }),
  expectedPath: '/generic/2010-04-15/create_event.json',
  // Kapacitor's encoder over a map of strings: keys sorted, newline.
  expectedBody:
    `{"client":"kapacitor","client_url":"http://vigil:9092","description":"status_provedor_p1pa is CRITICAL","details":"${DETAILS}",` +
    `"event_type":"trigger","incident_key":"status_provedor_p1pa","service_key":"${SERVICE_KEY}"}\n`,
  expectedHeaders: { 'content-type': 'application/json' },
  secrets: [SERVICE_KEY],
});

describe('pagerDuty (v1) handler', () => {
  it('resolves on OK and sends nothing for INFO, as Kapacitor', async () => {
    expect(pagerDutyBody(seedCriticalEvent({ level: 'OK' }), { serviceKey: 'k', clientUrl: '' })).toContain('"event_type":"resolve"');
    expect(pagerDutyBody(seedCriticalEvent({ level: 'INFO' }), { serviceKey: 'k', clientUrl: '' })).toBeUndefined();
    const handler = buildHandler(pd([{ name: 'serviceKey', args: ['script-key'] }]), { pagerDuty: { url: 'http://127.0.0.1:1/x' } });
    expect(await handler.send(seedCriticalEvent({ level: 'INFO' }), { attempt: 1 })).toMatchObject({ status: 'failed', retryable: false });
  });

  it('asks for a service key', () => {
    expect(() => buildHandler(pd([]), {})).toThrow(/pagerDuty\.serviceKey/);
  });
});
