import type { HandlerInstruction } from '@vigil/core';
import { describeHttpHandlerConformance } from '../conformance/http-handler.conformance';
import { seedCriticalEvent } from '../conformance/seed-events';
import { buildHandler } from '../handler-registry';
import { victorOpsBody, victorOpsUrl } from './victor-ops.handler';

const victorOps = (options: HandlerInstruction['options']): HandlerInstruction => ({ kind: 'victorOps', args: [], options });
const API_KEY = '5f2a-secret-api-key';
const SERIES =
  '{"series":[{"name":"performance_influx","tags":{"nome_provedor":"pa","nome_recurso":"p1"},' +
  '"columns":["time","consecutive_error","latencia","sucesso"],"values":[["2023-05-21T23:51:10.038Z",2,251,0]]}]}';

describeHttpHandlerConformance({
  kind: 'victorOps',
  build: (baseUrl, timeoutMs) => buildHandler(victorOps([{ name: 'routingKey', args: ['ops'] }]), { timeoutMs, victorOps: { apiKey: API_KEY, routingKey: 'cfg', url: `${baseUrl}/integrations/generic/20131114/alert` } }),
  expectedPath: `/integrations/generic/20131114/alert/${API_KEY}/ops`,
  // Kapacitor's encoder: keys sorted, the data as a JSON string by default, Unix seconds, newline.
  expectedBody:
    `{"data":${JSON.stringify(SERIES)},"entity_id":"status_provedor_p1pa","message_type":"CRITICAL","monitoring_tool":"kapacitor",` +
    '"state_message":"status_provedor_p1pa is CRITICAL","timestamp":1684713070}\n',
  expectedHeaders: { 'content-type': 'application/json' },
  secrets: [API_KEY],
});

describe('victorOps handler', () => {
  it('sends RECOVERY for OK and the data as an object with jsonData', () => {
    const body = victorOpsBody(seedCriticalEvent({ level: 'OK' }), true);
    expect(body).toContain('"message_type":"RECOVERY"');
    expect(body.startsWith(`{"data":${SERIES},`)).toBe(true);
  });

  it('rounds the time down to whole seconds, also before 1970', () => {
    expect(victorOpsBody(seedCriticalEvent({ time: -1n }), false)).toContain('"timestamp":-1}');
    expect(victorOpsBody(seedCriticalEvent({ time: 1_999_999_999n }), false)).toContain('"timestamp":1}');
  });

  it('joins the URL as path.Join does, leaving out an empty routing key', () => {
    expect(victorOpsUrl('https://alert.victorops.com/integrations/generic/20131114/alert/', 'k', '')).toBe('https://alert.victorops.com/integrations/generic/20131114/alert/k');
    expect(victorOpsUrl('http://vo.example', 'k', 'r')).toBe('http://vo.example/k/r');
  });

  it('asks for the API key in config', () => {
    expect(() => buildHandler(victorOps([]), {})).toThrow(/victorOps\.apiKey/);
  });
});
