import Fastify, { type FastifyInstance } from 'fastify';
import type { Point } from '@vigil/core';
import { Registry } from '@vigil/observability';
import { PointTooLargeError, SinkPartialWriteError, SinkUnavailableError, type PointSink } from '../point-sink';
import type { IngestHttpOptions } from '../ingest-http.options';
import { influxV2ErrorBody } from './error-body';
import { IngestMetrics } from './ingest-metrics';
import { registerRawBodyParser } from './raw-body.parser';
import { WriteRequestHandler } from './write-request.handler';

/** A sink that keeps what it is given, or fails as told. */
class RecordingSink implements PointSink {
  readonly written: Point[][] = [];
  failure: Error | undefined;

  async write(points: readonly Point[]): Promise<void> {
    if (this.failure) throw this.failure;
    this.written.push([...points]);
  }
}

/** One POST route through the shared handler, on Fastify alone (no Nest), with a line-per-point parser. */
async function serverWith(sink: PointSink, overrides: Partial<IngestHttpOptions> = {}): Promise<{ fastify: FastifyInstance; registry: Registry }> {
  const registry = new Registry();
  const options: IngestHttpOptions = {
    sink,
    maxBodyBytes: 1024,
    retryAfterSeconds: 7,
    remoteWrite: { database: 'prometheus', retentionPolicy: 'autogen' },
    metrics: registry,
    ...overrides,
  };
  const handler = new WriteRequestHandler(options, new IngestMetrics(registry));
  const fastify = Fastify();
  registerRawBodyParser(fastify, options.maxBodyBytes);
  // Lines reading `bad` are refused as a parse error after the others were written.
  const parse = (body: Buffer) => {
    const lines = body.toString('utf8').split('\n').filter((line) => line !== '');
    const names = lines.filter((line) => line !== 'bad');
    const rejected = lines.length - names.length;
    const points = names.map((name) => ({ database: 'db', retentionPolicy: 'rp', name, tags: {}, fields: { value: 1 }, time: 0n }));
    return { points, rejected, positionOf: (index: number) => `line ${index + 1}`, ...(rejected > 0 ? { error: `partial write: unable to parse 'bad' dropped=0` } : {}) };
  };
  fastify.post('/write', async (request, reply) => {
    await handler.handle('write', request, reply, { parse });
  });
  fastify.post('/api/v2/write', async (request, reply) => {
    await handler.handle('api_v2_write', request, reply, { parse, errorBody: influxV2ErrorBody });
  });
  await fastify.ready();
  return { fastify, registry };
}

describe('WriteRequestHandler with a PointSink', () => {
  it('hands the parsed points to the sink and answers 204 once it resolved', async () => {
    const sink = new RecordingSink();
    const { fastify, registry } = await serverWith(sink);
    const response = await fastify.inject({ method: 'POST', url: '/write', payload: 'cpu\nmem\n' });
    expect(response.statusCode).toBe(204);
    expect(sink.written.map((points) => points.map((point) => point.name))).toEqual([['cpu', 'mem']]);
    expect(await registry.metrics()).toMatch(/^vigil_ingest_points_accepted_total\{endpoint="write"\} 2$/m);
    await fastify.close();
  });

  it('answers 503 with the configured Retry-After when the sink is unavailable, counting the points as rejected', async () => {
    const sink = new RecordingSink();
    sink.failure = new SinkUnavailableError('point log is full');
    const { fastify, registry } = await serverWith(sink);
    const response = await fastify.inject({ method: 'POST', url: '/write', payload: 'cpu\n' });
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('7');
    expect(response.json()).toEqual({ error: 'points not written: point log is full' });
    expect(await registry.metrics()).toMatch(/^vigil_ingest_points_rejected_total\{endpoint="write"\} 1$/m);
    await fastify.close();
  });

  it('lets any other sink error surface as a server error instead of a retryable 503', async () => {
    const sink = new RecordingSink();
    sink.failure = new TypeError('bug in the sink');
    const { fastify } = await serverWith(sink);
    const response = await fastify.inject({ method: 'POST', url: '/write', payload: 'cpu\n' });
    expect(response.statusCode).toBe(500);
    expect(response.headers['retry-after']).toBeUndefined();
    await fastify.close();
  });

  it('answers /api/v2/write errors in InfluxDB 2.x\'s {code, message} shape with the same statuses, /write in 1.x\'s {error}', async () => {
    const sink = new RecordingSink();
    const { fastify } = await serverWith(sink);
    const answer = async (url: string, payload: string) => {
      const response = await fastify.inject({ method: 'POST', url, payload });
      return { status: response.statusCode, body: response.json<unknown>() };
    };
    expect(await answer('/api/v2/write', 'x'.repeat(2000))).toEqual({ status: 413, body: { code: 'request too large', message: expect.any(String) } });
    expect(await answer('/api/v2/write', 'cpu\nbad\nmem\n')).toEqual({ status: 400, body: { code: 'invalid', message: "partial write: unable to parse 'bad' dropped=0" } });
    expect(await answer('/write', 'cpu\nbad\n')).toEqual({ status: 400, body: { error: "partial write: unable to parse 'bad' dropped=0" } });
    // The good points of both partial writes were written before the 400.
    expect(sink.written.map((points) => points.map((point) => point.name))).toEqual([['cpu', 'mem'], ['cpu']]);
    sink.failure = new SinkUnavailableError('point log is full');
    expect(await answer('/api/v2/write', 'cpu\n')).toEqual({ status: 503, body: { code: 'unavailable', message: 'points not written: point log is full' } });
    await fastify.close();
  });

  it('answers 413 naming the first point the sink can never store, and how many more, with nothing written', async () => {
    const sink = new RecordingSink();
    sink.failure = new PointTooLargeError([1, 3], 2_000_000, 1_048_588, "the points topic's max.message.bytes");
    const { fastify, registry } = await serverWith(sink);
    const response = await fastify.inject({ method: 'POST', url: '/api/v2/write', payload: 'a\nb\nc\nd\n' });
    expect(response.statusCode).toBe(413);
    expect(response.headers['retry-after']).toBeUndefined();
    expect(response.json()).toEqual({
      code: 'request too large',
      message: "points not written: line 2 is too large: 2000000 bytes as a record, more than the points topic's max.message.bytes (1048588) (and 1 more points of this request)",
    });
    expect(await registry.metrics()).toMatch(/^vigil_ingest_points_rejected_total\{endpoint="api_v2_write"\} 4$/m);
    await fastify.close();
  });

  it('answers 500 without Retry-After when the sink may have written part of the request', async () => {
    const sink = new RecordingSink();
    sink.failure = new SinkPartialWriteError('kafka acknowledged 5 of the request\'s 9 points, then refused the rest: broker gone');
    const { fastify } = await serverWith(sink);
    const response = await fastify.inject({ method: 'POST', url: '/write', payload: 'cpu\n' });
    expect({ status: response.statusCode, retryAfter: response.headers['retry-after'], body: response.json<unknown>() }).toEqual({
      status: 500,
      retryAfter: undefined,
      body: { error: "points may be partly written: kafka acknowledged 5 of the request's 9 points, then refused the rest: broker gone" },
    });
    await fastify.close();
  });
});
