import { gzipSync } from 'node:zlib';
import { createKafka } from '@vigil/kafka';
import { createLogger } from '@vigil/observability';
import { buildApp, freePort, httpGet, integrationEnv, startApp, uniqueName, waitFor, type RunningProcess } from '@vigil/testing';
import { useServeFixture } from './support/serve-fixture';

/** A body, the endpoint it goes to, and what both servers must answer. */
interface Case {
  readonly name: string;
  readonly path: string;
  readonly body: Buffer;
  readonly headers?: Record<string, string>;
  readonly status: number;
  /** What the error text must contain (the place of the point, the reason). */
  readonly contains?: string;
}

const small = (i: number): string => `cpu,host=h${i % 50} usage=${i}.5,idle=${i}i ${i + 1}`;
const cases: readonly Case[] = [
  {
    name: 'a 2 MB line among small ones',
    path: '/write?db=d',
    body: Buffer.from([small(1), `big,host=a s="${'x'.repeat(2_000_000)}" 2`, small(3)].join('\n')),
    status: 413,
    contains: 'points not written: line 2 is too large',
  },
  {
    name: 'a line of 100,000 fields',
    path: '/api/v2/write?bucket=d',
    body: Buffer.from([small(1), small(2), `wide,host=a ${Array.from({ length: 100_000 }, (_, i) => `f${i}=${i}`).join(',')} 3`].join('\n')),
    status: 413,
    contains: 'line 3 is too large',
  },
  {
    name: 'the 2 MB line gzipped',
    path: '/write?db=d',
    body: gzipSync(`big,host=a s="${'x'.repeat(2_000_000)}" 2`),
    headers: { 'Content-Encoding': 'gzip' },
    status: 413,
    contains: 'line 1 is too large',
  },
  {
    name: '3 MB of lines that each fit',
    path: '/write?db=d',
    body: Buffer.from(Array.from({ length: 60_000 }, (_, i) => small(i)).join('\n')),
    status: 204,
  },
  {
    name: 'a line that is not UTF-8',
    path: '/write?db=d',
    body: Buffer.concat([Buffer.from(`${small(1)}\ncpu,host=`), Buffer.from([0xc3, 0x28]), Buffer.from(` usage=1 2\n${small(3)}`)]),
    status: 400,
    contains: "unable to parse 'cpu,host=\uFFFD( usage=1 2': invalid UTF-8 (byte 0xc3) (line 2)",
  },
  {
    name: 'a JSON point too large',
    path: '/v1/points?db=d',
    body: Buffer.from(JSON.stringify([{ measurement: 'm', fields: { v: 1 }, time: 1 }, { measurement: 'm', fields: { s: 'y'.repeat(1_100_000) }, time: 2 }])),
    status: 413,
    contains: '[1] is too large',
  },
];

/**
 * `vigil serve` and ingest (on a points topic with Kafka's default max.message.bytes, as the
 * shared broker has) answer the same body with the same status: the bodies issue 11 found
 * answered 503 by ingest and 204 by serve, a body larger than the limit whose lines each fit, and
 * a line that is not UTF-8.
 */
describe('vigil serve and ingest give the same status to the same body', () => {
  const fixture = useServeFixture('same-statuses');
  let ingest: RunningProcess | undefined;

  afterAll(() => ingest?.kill());

  it('answers each body alike', async () => {
    buildApp('ingest');
    const topic = `vigil.test.points.${uniqueName('same')}`;
    const port = await freePort();
    const { SCHEMA_REGISTRY_URL: _registry, ...servers } = integrationEnv();
    ingest = startApp('ingest', { ...servers, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', POINTS_TOPIC: topic, POINTS_PARTITIONS: '3' });
    const ingestUrl = `http://127.0.0.1:${port}`;
    await waitFor(async () => ((await httpGet(`${ingestUrl}/health/ready`)).status === 200 ? true : undefined), { timeoutMs: 90_000, intervalMs: 250, what: 'ingest ready' });
    expect(await topicLimit(topic)).toBe('1048588');
    const serve = await fixture.serve();

    const answers = async (url: string): Promise<{ name: string; status: number; body: string }[]> => {
      const out: { name: string; status: number; body: string }[] = [];
      for (const entry of cases) {
        const response = await fetch(`${url}${entry.path}`, { method: 'POST', body: entry.body, headers: entry.headers ?? {}, signal: AbortSignal.timeout(60_000) });
        out.push({ name: entry.name, status: response.status, body: await response.text() });
      }
      return out;
    };
    const fromIngest = await answers(ingestUrl);
    const fromServe = await answers(serve.url);
    expect(fromIngest.map(({ name, status }) => ({ name, status }))).toEqual(cases.map(({ name, status }) => ({ name, status })));
    expect(fromServe.map(({ name, status }) => ({ name, status }))).toEqual(cases.map(({ name, status }) => ({ name, status })));
    cases.forEach((entry, i) => {
      if (entry.contains === undefined) return;
      expect(fromIngest[i]?.body).toContain(entry.contains);
      expect(fromServe[i]?.body).toContain(entry.contains);
    });
    expect(await serve.stop()).toBe(0);
  }, 300_000);
});

/** The points topic's max.message.bytes as the broker reports it. */
async function topicLimit(topic: string): Promise<string | undefined> {
  const { KAFKA_BROKERS: brokers = '' } = integrationEnv();
  const admin = createKafka({ brokers: brokers.split(','), clientId: uniqueName('admin'), logger: createLogger({ service: 'test', level: 'warn' }) }).admin();
  await admin.connect();
  try {
    const described = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: 2, name: topic, configNames: ['max.message.bytes'] }] });
    return described.resources[0]?.configEntries[0]?.configValue;
  } finally {
    await admin.disconnect();
  }
}
