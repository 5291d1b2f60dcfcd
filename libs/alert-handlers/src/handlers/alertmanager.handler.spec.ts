import { describeHttpHandlerConformance } from '../conformance/http-handler.conformance';
import { seedCriticalEvent } from '../conformance/seed-events';
import { buildHandler } from '../handler-registry';
import { alertmanagerBody } from './alertmanager.handler';

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
