import { accessFromSettings, hashSecret } from '@vigil/http-access';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createIngestHttpAdapter } from './ingest-http.adapter';

const howToConfigure = { credentials: 'AUTH_FILE', insecure: 'INSECURE=true' };

/** The adapter's Fastify with two routes that echo what they received. */
async function fastifyWith(settings: { credentialsFile?: string; host?: string }) {
  const access = accessFromSettings({ server: 'test', host: settings.host ?? '127.0.0.1', credentialsFile: settings.credentialsFile, insecure: false, metricsRequireCredentials: false, howToConfigure });
  const fastify = createIngestHttpAdapter(1024, access).getInstance();
  for (const url of ['/kapacitor/v1/tasks', '/write', '/api/v2/write']) {
    fastify.post(url, async (request) => ({ bytes: Buffer.isBuffer(request.body) ? request.body.length : -1 }));
  }
  await fastify.ready();
  return fastify;
}

describe('createIngestHttpAdapter', () => {
  it('puts the guard before the raw-body parser, so the content type it checks is the one the client sent', async () => {
    const fastify = await fastifyWith({});
    const headers = { host: '127.0.0.1:9100' };
    const plain = await fastify.inject({ method: 'POST', url: '/kapacitor/v1/tasks', payload: '{"id":"x"}', headers: { ...headers, 'content-type': 'text/plain' } });
    expect(plain.statusCode).toBe(415);
    expect(plain.json()).toEqual({ error: 'POST /kapacitor/v1/tasks takes Content-Type: application/json' });
    const jsonBody = await fastify.inject({ method: 'POST', url: '/kapacitor/v1/tasks', payload: '{"id":"x"}', headers: { ...headers, 'content-type': 'application/json' } });
    expect(jsonBody.json()).toEqual({ bytes: 10 });
    // Writers keep sending text/plain (Telegraf) or nothing at all.
    expect((await fastify.inject({ method: 'POST', url: '/write', payload: 'm v=1', headers: { ...headers, 'content-type': 'text/plain' } })).json()).toEqual({ bytes: 5 });
    await fastify.close();
  });

  it('answers refusals on /api/v2/write in InfluxDB 2.x\'s shape and elsewhere in 1.x\'s', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-adapter-'));
    const file = join(dir, 'auth.json');
    writeFileSync(file, JSON.stringify({ credentials: [{ name: 'writer', token: hashSecret('sesame', 'sha256'), permissions: ['write-points'] }] }));
    const fastify = await fastifyWith({ credentialsFile: file, host: '0.0.0.0' });
    const v2 = await fastify.inject({ method: 'POST', url: '/api/v2/write?bucket=b', payload: 'm v=1', headers: { authorization: 'Token nope' } });
    expect([v2.statusCode, v2.json()]).toEqual([401, { code: 'unauthorized', message: 'authorization failed' }]);
    const v1 = await fastify.inject({ method: 'POST', url: '/write?db=d', payload: 'm v=1' });
    expect([v1.statusCode, v1.json()]).toEqual([401, { error: 'unable to parse authentication credentials' }]);
    const allowed = await fastify.inject({ method: 'POST', url: '/write?db=d&u=telegraf&p=sesame', payload: 'm v=1' });
    expect(allowed.json()).toEqual({ bytes: 5 });
    await fastify.close();
  });
});
