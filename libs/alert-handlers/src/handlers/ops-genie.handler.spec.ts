import type { HandlerInstruction } from '@vigil/core';
import { describeHttpHandlerConformance } from '../conformance/http-handler.conformance';
import { FakeHttpServer } from '../conformance/fake-http-server';
import { seedCriticalEvent } from '../conformance/seed-events';
import { buildHandler } from '../handler-registry';

const og = (options: HandlerInstruction['options']): HandlerInstruction => ({ kind: 'opsGenie', args: [], options });
const API_KEY = 'genie-v1-api-key-secret';
const SERIES =
  '{"series":[{"name":"performance_influx","tags":{"nome_provedor":"pa","nome_recurso":"p1"},' +
  '"columns":["time","consecutive_error","latencia","sucesso"],"values":[["2023-05-21T23:51:10.038Z",2,251,0]]}]}';

describeHttpHandlerConformance({
  kind: 'opsGenie',
  build: (baseUrl, timeoutMs) =>
    buildHandler(og([{ name: 'teams', args: ['ops', 'db'] }]), { timeoutMs, opsGenie: { apiKey: API_KEY, url: `${baseUrl}/v1/json/alert`, recipients: ['ana'] } }),
  expectedPath: '/v1/json/alert/',
  // Kapacitor's encoder: keys sorted, the data as a JSON string in description, newline.
  expectedBody:
    `{"alias":"status_provedor_p1pa","apiKey":"${API_KEY}","description":${JSON.stringify(SERIES)},"details":{"Level":"CRITICAL","Monitoring Tool":"Kapacitor"},` +
    '"entity":"status_provedor_p1pa","message":"status_provedor_p1pa is CRITICAL","monitoring_tool":"kapacitor","note":"","recipients":["ana"],"teams":["ops","db"]}\n',
  expectedHeaders: { 'content-type': 'application/json' },
  secrets: [API_KEY],
});

describe('opsGenie (v1) handler', () => {
  it('posts an OK event to the recovery URL as RECOVERY with the message as note, without empty lists', async () => {
    const server = await FakeHttpServer.start();
    try {
      const handler = buildHandler(og([]), { opsGenie: { apiKey: 'k', url: `${server.url}/alert`, recoveryUrl: `${server.url}/alert/note` } });
      await handler.send(seedCriticalEvent({ level: 'OK', message: 'back' }), { attempt: 1 });
      const request = server.requests[0];
      expect(request?.path).toBe('/alert/note/');
      expect(request?.body).toContain('"details":{"Level":"RECOVERY","Monitoring Tool":"Kapacitor"},"entity":"status_provedor_p1pa","message":"back","monitoring_tool":"kapacitor","note":"back"}\n');
    } finally {
      await server.close();
    }
  });

  it('asks for the API key', () => {
    expect(() => buildHandler(og([]), {})).toThrow(/opsGenie\.apiKey/);
  });
});
