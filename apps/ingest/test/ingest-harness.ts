import type { Point } from '@vigil/core';
import { MessageDecoder } from '@vigil/evaluation';
import { JsonPointCodec, createKafka } from '@vigil/kafka';
import { createLogger } from '@vigil/observability';
import { buildApp, freePort, httpGet, integrationEnv, startApp, uniqueName, waitFor, type RunningProcess } from '@vigil/testing';

/** One ingest process under test, with its own points topic. */
export interface IngestUnderTest {
  readonly base: string;
  readonly topic: string;
  readonly process: RunningProcess;
}

/** Starts the built ingest (JSON point codec) and waits until it is ready. */
export async function startIngest(env: Record<string, string> = {}): Promise<IngestUnderTest> {
  const suffix = uniqueName('ingest');
  const topic = `vigil.test.points.${suffix}`;
  const port = await freePort();
  const { SCHEMA_REGISTRY_URL: _registry, ...servers } = integrationEnv();
  const service = startApp('ingest', {
    ...servers,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    KAFKA_CLIENT_ID: `vigil-ingest-${suffix}`,
    POINTS_TOPIC: topic,
    POINTS_PARTITIONS: '3',
    ...env,
  });
  const base = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => {
      if (service.child.exitCode !== null) throw new Error(`ingest exited:\n${service.output()}`);
      return (await httpGet(`${base}/health/ready`)).status === 200 ? true : undefined;
    },
    { timeoutMs: 90_000, intervalMs: 250, what: 'ingest ready' },
  );
  return { base, topic, process: service };
}

/**
 * For a describe block: builds ingest once, and returns a `start` that starts an ingest (see
 * startIngest) which is killed after the test that started it.
 */
export function ingestPerTest(): (env?: Record<string, string>) => Promise<IngestUnderTest> {
  const started: IngestUnderTest[] = [];
  beforeAll(() => {
    buildApp('ingest');
  });
  afterEach(() => {
    for (const ingest of started.splice(0)) ingest.process.kill();
  });
  return async (env = {}) => {
    const ingest = await startIngest(env);
    started.push(ingest);
    return ingest;
  };
}

export interface ReadPoint {
  readonly point: Point;
  /** The key of the record the point came in (the partition key of its first point). */
  readonly key: string;
  readonly partition: number;
  /** Offset of its record, so a test can tell which points shared a record. */
  readonly offset: string;
  readonly headers: Readonly<Record<string, string>>;
  /** How its record was encoded, told by the first byte as the evaluator's decoder tells it. */
  readonly encoding: 'line' | 'json' | 'avro';
}

/**
 * Every record of `topic` from the beginning, decoded with the evaluator's decoder (so the test
 * also checks the topic contract), read until `until` says enough or `timeoutMs` passes.
 */
export async function readTopic(topic: string, until: (points: readonly ReadPoint[]) => boolean, timeoutMs = 20_000): Promise<ReadPoint[]> {
  const { KAFKA_BROKERS: brokers = '' } = integrationEnv();
  const kafka = createKafka({ brokers: brokers.split(','), clientId: uniqueName('reader'), logger: createLogger({ service: 'test', level: 'warn' }) });
  const consumer = kafka.consumer({ groupId: uniqueName('reader') });
  const codec = new JsonPointCodec();
  const decoder = new MessageDecoder({ defaultDatabase: 'none', defaultRetentionPolicy: 'none', json: (value) => codec.decode(value) });
  const points: ReadPoint[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(message.headers ?? {})) if (value !== undefined) headers[name] = value.toString();
        const [decoded] = await decoder.decodeAll([{ offset: message.offset, value: message.value, headers, timestampMs: Number(message.timestamp) }]);
        const first = message.value?.[0];
        const encoding = first === 0 ? 'avro' : first === 0x7b ? 'json' : 'line';
        for (const point of decoded?.points ?? []) points.push({ point, key: message.key?.toString() ?? '', partition, offset: message.offset, headers, encoding });
      },
    });
    await waitFor(async () => (until(points) ? true : undefined), { timeoutMs, intervalMs: 100, what: `points on ${topic}` }).catch(() => undefined);
  } finally {
    await consumer.disconnect();
  }
  return points;
}

/** POSTs a body and returns status, JSON body text and headers. */
export async function post(url: string, body: string | Buffer, headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: Headers }> {
  const response = await fetch(url, { method: 'POST', body, headers, signal: AbortSignal.timeout(30_000) });
  return { status: response.status, body: await response.text(), headers: response.headers };
}
