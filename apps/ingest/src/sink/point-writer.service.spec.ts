import type { Point } from '@vigil/core';
import { PointTooLargeError, SinkPartialWriteError, SinkUnavailableError } from '@vigil/ingest-http';
import { JsonPointCodec, type DeliveredBatch, type OutgoingMessage } from '@vigil/kafka';
import { createLogger, Histogram, Registry } from '@vigil/observability';
import { loadIngestConfig } from '../config';
import type { WriteChannel } from '../connections/ingest-connections.service';
import { PointWriter } from './point-writer.service';

/** What the fake producer does with each send, in order: acknowledge, fail, or never answer. */
type Step = 'ack' | 'fail' | 'hang';

/** A producer that records the sends it was given and answers them as scripted. */
class ScriptedProducer {
  readonly sends: OutgoingMessage[][] = [];
  constructor(private readonly steps: Step[]) {}

  send(_topic: string, messages: readonly OutgoingMessage[]): Promise<DeliveredBatch[]> {
    this.sends.push([...messages]);
    const step = this.steps.shift() ?? 'ack';
    if (step === 'fail') return Promise.reject(new Error('broker gone'));
    if (step === 'hang') return new Promise<never>(() => undefined);
    const partitions = new Set(messages.map((message) => message.partition ?? 0));
    return Promise.resolve([...partitions].map((partition) => ({ topic: 't', partition, baseOffset: '0' })));
  }
}

const config = loadIngestConfig({ KAFKA_BROKERS: 'localhost:9092', REDIS_URL: 'redis://localhost:6379', KAFKA_SEND_TIMEOUT_MS: '1000', POINTS_TOPIC: 't' });
const logger = createLogger({ service: 'test', level: 'silent' });

/** A writer over one partition whose topic takes `maxMessageBytes`, and its producer. */
function writerWith(steps: Step[], maxMessageBytes: number): { writer: PointWriter; producer: ScriptedProducer } {
  const producer = new ScriptedProducer(steps);
  const channel: WriteChannel = { producer, codec: new JsonPointCodec(), partitions: 1, maxMessageBytes };
  const histogram = new Histogram({ name: 'ack_seconds', help: 'h', labelNames: ['outcome'], registers: [new Registry()] });
  return { writer: new PointWriter(config, logger, { writeChannel: () => channel }, histogram), producer };
}

/** 300 points of ~100 bytes: about 30 KB, so three or more sends of a 10,000-byte topic. */
const points: Point[] = Array.from({ length: 300 }, (_, i) => ({ database: 'd', retentionPolicy: 'autogen', name: 'm', tags: { host: 'a' }, fields: { s: 'x'.repeat(80) }, time: BigInt(i) }));

describe('PointWriter: what each outcome is answered', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('acknowledges a request larger than the topic\'s limit in several sends, in order', async () => {
    const { writer, producer } = writerWith([], 10_000);
    await writer.write(points);
    expect(producer.sends.length).toBeGreaterThanOrEqual(3);
    const lines = producer.sends.flat().flatMap((record) => record.value.toString().split('\n'));
    expect(lines.map((line) => line.split(' ')[2])).toEqual(points.map((point) => String(point.time)));
  });

  it('is unavailable (503) when the first send fails: nothing was written', async () => {
    const { writer, producer } = writerWith(['fail'], 10_000);
    await expect(writer.write(points)).rejects.toBeInstanceOf(SinkUnavailableError);
    expect(producer.sends).toHaveLength(1);
  });

  it('is a partial write (500) when a later send fails, counting what was acknowledged, and sends nothing after', async () => {
    const { writer, producer } = writerWith(['ack', 'fail'], 10_000);
    const error = await writer.write(points).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SinkPartialWriteError);
    const acknowledged = (producer.sends[0] ?? []).reduce((sum, record) => sum + record.value.toString().split('\n').length, 0);
    expect((error as Error).message).toBe(`kafka acknowledged ${acknowledged} of the request's 300 points, then refused the rest: broker gone`);
    expect(producer.sends).toHaveLength(2);
  });

  it('is a partial write (500), not 503, when one send is not answered in time, and starts no further send', async () => {
    vi.useFakeTimers();
    const { writer, producer } = writerWith(['hang'], 10_000);
    const outcome = writer.write(points).catch((caught: unknown) => caught);
    await vi.advanceTimersByTimeAsync(1_000);
    const error = await outcome;
    expect(error).toBeInstanceOf(SinkPartialWriteError);
    expect((error as Error).message).toMatch(/^kafka did not acknowledge a send of \d+ points within 1000 ms; kafka may still write them, and had acknowledged 0 of the request's 300 points before$/);
    expect(producer.sends).toHaveLength(1);
  });

  it('refuses a point the topic can never take before any send', async () => {
    const { writer, producer } = writerWith([], 10_000);
    const big = { ...points[0], fields: { s: 'y'.repeat(20_000) } } as Point;
    await expect(writer.write([...points.slice(0, 5), big])).rejects.toBeInstanceOf(PointTooLargeError);
    expect(producer.sends).toHaveLength(0);
  });
});
