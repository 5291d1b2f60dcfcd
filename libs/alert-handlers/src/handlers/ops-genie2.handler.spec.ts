import { describeHttpHandlerConformance } from '../conformance/http-handler.conformance';
import { FakeHttpServer } from '../conformance/fake-http-server';
import { seedCriticalEvent } from '../conformance/seed-events';
import { buildHandler } from '../handler-registry';
import { opsGenie2Request } from './ops-genie2.handler';

const API_KEY = 'genie-api-key-0000-secret';
// Go's base64.URLEncoding of the seed's alert id, padding kept.
const ALIAS = 'c3RhdHVzX3Byb3ZlZG9yX3AxcGE=';
const SEED_DATA =
  '{"series":[{"name":"performance_influx","tags":{"nome_provedor":"pa","nome_recurso":"p1"},' +
  '"columns":["time","consecutive_error","latencia","sucesso"],"values":[["2023-05-21T23:51:10.038Z",2,251,0]]}]}';

const og = (options: { name: string; args: string[] }[] = []) => ({ kind: 'opsGenie2', args: [], options });

describeHttpHandlerConformance({
  kind: 'opsGenie2',
  build: (baseUrl, timeoutMs) => buildHandler(og([{ name: 'teams', args: ['ops'] }, { name: 'recipients', args: ['ana'] }]), { timeoutMs, opsGenie2: { apiKey: API_KEY, url: `${baseUrl}/v2/alerts` } }),
  expectedPath: '/v2/alerts',
  expectedBody:
    `{"alias":"${ALIAS}","description":${JSON.stringify(SEED_DATA)},` +
    '"details":{"Kapacitor Task Name":"performance_influx","Level":"CRITICAL","Monitoring Tool":"Kapacitor","nome_provedor":"pa","nome_recurso":"p1"},' +
    '"entity":"status_provedor_p1pa","message":"status_provedor_p1pa is CRITICAL","note":"","priority":"P1",' +
    '"responders":[{"name":"ops","type":"team"},{"type":"user","username":"ana"}]}\n',
  expectedHeaders: { 'content-type': 'application/json', authorization: `GenieKey ${API_KEY}` },
  secrets: [API_KEY],
});

describe('opsGenie2 recovery', () => {
  const target = { url: 'https://og.example/v2/alerts', teams: [], recipients: [] };
  it('closes the alert by alias on OK, with the message as note', () => {
    expect(opsGenie2Request(seedCriticalEvent({ level: 'OK', message: 'back' }), { ...target, recoveryAction: 'close' })).toEqual({
      url: `https://og.example/v2/alerts/${ALIAS}/close?identifierType=alias`,
      body: '{"note":"back"}\n',
    });
  });
  it('falls back to the configured action, then to close, for an unknown recovery action', async () => {
    const server = await FakeHttpServer.start();
    try {
      const url = `${server.url}/v2/alerts`;
      const ok = seedCriticalEvent({ level: 'OK' });
      await buildHandler(og([{ name: 'recoveryAction', args: ['explode'] }]), { opsGenie2: { apiKey: API_KEY, url, recoveryAction: 'notes' } }).send(ok, { attempt: 1 });
      await buildHandler(og([{ name: 'recoveryAction', args: ['explode'] }]), { opsGenie2: { apiKey: API_KEY, url, recoveryAction: 'bogus' } }).send(ok, { attempt: 1 });
      expect(server.requests.map((r) => r.path)).toEqual([`/v2/alerts/${ALIAS}/notes?identifierType=alias`, `/v2/alerts/${ALIAS}/close?identifierType=alias`]);
    } finally {
      await server.close();
    }
  });
  it('asks for the API key in config', () => {
    expect(() => buildHandler(og(), {})).toThrow(/opsGenie2\.apiKey/);
  });
});
