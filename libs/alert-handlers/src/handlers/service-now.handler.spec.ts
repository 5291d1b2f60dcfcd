import type { HandlerInstruction } from '@vigil/core';
import { describeHttpHandlerConformance } from '../conformance/http-handler.conformance';
import { seedCriticalEvent } from '../conformance/seed-events';
import { buildHandler, checkHandlerAllowed } from '../handler-registry';
import { type ServiceNowHandler, serviceNowBody } from './service-now.handler';

const sn = (options: HandlerInstruction['options']): HandlerInstruction => ({ kind: 'serviceNow', args: [], options });
const PASSWORD = 'servicenow-secret-password';

describeHttpHandlerConformance({
  kind: 'serviceNow',
  build: (baseUrl, timeoutMs) =>
    buildHandler(
      sn([
        { name: 'node', args: ['{{ index .Tags "nome_recurso" }}'] },
        { name: 'type', args: ['{{ .Name }}'] },
        { name: 'additionalInfo', args: ['task', '{{ .TaskName }}'] },
        { name: 'additionalInfo', args: ['team', 'ops'] },
      ]),
      { timeoutMs, serviceNow: { url: `${baseUrl}/api/global/em/jsonv2`, source: 'vigil', username: 'svc', password: PASSWORD } },
    ),
  expectedPath: '/api/global/em/jsonv2',
  // json.Marshal of Kapacitor's Events: struct order, empty fields left out, no newline.
  expectedBody:
    '{"records":[{"source":"vigil","node":"p1","type":"performance_influx","message_key":"status_provedor_p1pa","severity":"1",' +
    '"description":"status_provedor_p1pa is CRITICAL","additional_info":"{\\"task\\":\\"provider_health\\",\\"team\\":\\"ops\\"}"}]}',
  expectedHeaders: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`svc:${PASSWORD}`).toString('base64')}` },
  secrets: [PASSWORD],
});

describe('serviceNow handler', () => {
  const target = (options: HandlerInstruction['options']) => (buildHandler(sn(options), { serviceNow: { url: 'https://sn.example/x' } }) as ServiceNowHandler)['target'];

  it('cuts fields after 100 bytes as Go slices strings, and maps OK and INFO to 5', () => {
    const body = serviceNowBody(seedCriticalEvent({ level: 'OK' }), target([{ name: 'resource', args: ['r'.repeat(150)] }, { name: 'source', args: ['s'] }]));
    expect(body).toBe(`{"records":[{"source":"s","resource":"${'r'.repeat(100)}","message_key":"status_provedor_p1pa","severity":"5","description":"status_provedor_p1pa is CRITICAL"}]}`);
  });

  it('keeps source even when empty, and renders a template failing on the event as empty', () => {
    const body = serviceNowBody(seedCriticalEvent({ level: 'WARNING' }), target([{ name: 'node', args: ['{{ .ServerInfo.Hostname }}'] }]));
    expect(body.startsWith('{"records":[{"source":"","message_key":"status_provedor_p1pa","severity":"4",')).toBe(true);
  });

  it("holds a script's URL to post.allowedOrigins when set, and refuses a template that does not parse", () => {
    const config = { post: { allowedOrigins: ['https://sn.example'] } };
    expect(() => checkHandlerAllowed(sn([{ name: 'url', args: ['https://evil.example/x'] }]), config)).toThrow(/post\.allowedOrigins/);
    expect(() => checkHandlerAllowed(sn([{ name: 'url', args: ['https://sn.example/x'] }]), config)).not.toThrow();
    expect(() => buildHandler(sn([{ name: 'node', args: ['{{ .ID '] }]), { serviceNow: { url: 'https://sn.example/x' } })).toThrow(/node\(\) does not parse/);
    expect(() => buildHandler(sn([]), {})).toThrow(/serviceNow\.url/);
  });
});
