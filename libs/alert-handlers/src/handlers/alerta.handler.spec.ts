import type { HandlerInstruction } from '@vigil/core';
import { describeHttpHandlerConformance } from '../conformance/http-handler.conformance';
import { FakeHttpServer } from '../conformance/fake-http-server';
import { seedCriticalEvent } from '../conformance/seed-events';
import { buildHandler } from '../handler-registry';

const TOKEN = 'alerta-api-key-7c1e-secret';
const SEED_DATA =
  '{"series":[{"name":"performance_influx","tags":{"nome_provedor":"pa","nome_recurso":"p1"},' +
  '"columns":["time","consecutive_error","latencia","sucesso"],"values":[["2023-05-21T23:51:10.038Z",2,251,0]]}]}';
const FIVE_MINUTES_NS = 300e9;

type Option = { name: string; args: (string | number)[] };
const alerta = (options: Option[] = []): HandlerInstruction => ({ kind: 'alerta', args: [], options });

describeHttpHandlerConformance({
  kind: 'alerta',
  build: (baseUrl, timeoutMs) =>
    buildHandler(
      alerta([
        { name: 'resource', args: ['{{ index .Tags "nome_recurso" }}'] },
        { name: 'value', args: ['{{ index .Fields "latencia" }}ms'] },
        { name: 'services', args: ['provider', '{{ .TaskName }}'] },
        { name: 'timeout', args: [FIVE_MINUTES_NS] },
      ]),
      { timeoutMs, alerta: { url: `${baseUrl}/api/`, token: TOKEN, tokenPrefix: 'Key', environment: 'Production', origin: 'vigil' } },
    ),
  expectedPath: '/api/alert',
  expectedBody:
    '{"correlate":["performance_influx"],"environment":"Production","event":"status_provedor_p1pa","group":"nome_provedor=pa,nome_recurso=p1",' +
    `"origin":"vigil","rawData":${SEED_DATA},"resource":"p1","service":["provider","provider_health"],"severity":"critical",` +
    '"tags":["nome_provedor=pa","nome_recurso=p1"],"text":"status_provedor_p1pa is CRITICAL","timeout":300,"value":"251ms"}\n',
  expectedHeaders: { 'content-type': 'application/json', authorization: `Key ${TOKEN}` },
  secrets: [TOKEN],
});

describe('alerta handler', () => {
  let server: FakeHttpServer;
  beforeEach(async () => {
    server = await FakeHttpServer.start();
  });
  afterEach(async () => {
    await server.close();
  });
  const body = (): Record<string, unknown> => JSON.parse(server.requests[0]?.body ?? '{}') as Record<string, unknown>;

  it('uses Kapacitor defaults: resource = measurement, event = alert id, Bearer token, 24 h timeout, empty origin', async () => {
    await buildHandler(alerta(), { alerta: { url: server.url, token: TOKEN } }).send(seedCriticalEvent(), { attempt: 1 });
    expect(server.requests[0]?.headers['authorization']).toBe(`Bearer ${TOKEN}`);
    expect(body()).toMatchObject({ resource: 'performance_influx', event: 'status_provedor_p1pa', environment: '', origin: '', value: '', timeout: 86400, service: ['performance_influx'] });
  });

  it('maps levels to Alerta severities and applies renameSeverity', async () => {
    const handler = buildHandler(alerta([{ name: 'renameSeverity', args: ['crit', 'major'] }]), { alerta: { url: server.url } });
    for (const level of ['OK', 'INFO', 'WARNING', 'CRITICAL'] as const) await handler.send(seedCriticalEvent({ level }), { attempt: 1 });
    expect(server.requests.map((r) => (JSON.parse(r.body) as { severity: string }).severity)).toEqual(['ok', 'informational', 'warning', 'major']);
  });

  it('sends no Authorization header without a token', async () => {
    await buildHandler(alerta(), { alerta: { url: server.url } }).send(seedCriticalEvent(), { attempt: 1 });
    expect(server.requests[0]?.headers['authorization']).toBeUndefined();
  });

  it('fails without retry, sending nothing, when resource renders empty', async () => {
    const result = await buildHandler(alerta([{ name: 'resource', args: ['{{ index .Tags "missing" }}'] }]), { alerta: { url: server.url } }).send(seedCriticalEvent(), { attempt: 1 });
    expect(result).toMatchObject({ status: 'failed', retryable: false, reason: expect.stringContaining('resource and event are required') });
    expect(server.requests).toHaveLength(0);
  });

  it('refuses a broken template, an unknown property, a bad severity key or a missing URL when built', () => {
    const config = { alerta: { url: 'https://alerta.example' } };
    expect(() => buildHandler(alerta([{ name: 'group', args: ['{{ .Group'] }]), config)).toThrow(/\.alerta\(\)\.group\(\) does not parse/);
    expect(() => buildHandler(alerta([{ name: 'severity', args: ['x'] }]), config)).toThrow(/no property \.severity\(\)/);
    expect(() => buildHandler(alerta([{ name: 'renameSeverity', args: ['critical', 'major'] }]), config)).toThrow(/level key/);
    expect(() => buildHandler(alerta(), {})).toThrow(/alerta\.url/);
  });
});
