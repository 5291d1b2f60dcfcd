import { createKafka } from '@vigil/kafka';
import { createLogger } from '@vigil/observability';
import { integrationEnv, uniqueName, waitFor } from '@vigil/testing';
import { ingestPerTest, post, readTopic } from './ingest-harness';

/** The points topic's own max.message.bytes in these tests: small, so bodies that pass it stay small. */
const TOPIC_LIMIT = 20_000;

/**
 * Statuses that say what happened, against a real broker whose points topic takes at most
 * 20,000-byte record batches (created here with that max.message.bytes before ingest starts, so
 * ingest must learn it from the cluster): a line Kafka can never take is 413 naming it with
 * nothing written; lines that each fit but together exceed the limit are written, all of them,
 * in order; a line that is not UTF-8 is a bad line, named, while the others are written.
 */
describe('ingest against the points topic\'s max.message.bytes (real Kafka)', () => {
  const start = ingestPerTest();

  async function startWithSmallTopic(): Promise<Awaited<ReturnType<typeof start>>> {
    const topic = `vigil.test.points.${uniqueName('limit')}`;
    const { KAFKA_BROKERS: brokers = '' } = integrationEnv();
    const admin = createKafka({ brokers: brokers.split(','), clientId: uniqueName('admin'), logger: createLogger({ service: 'test', level: 'warn' }) }).admin();
    await admin.connect();
    try {
      await admin.createTopics({
        topics: [{ topic, numPartitions: 3, replicationFactor: 1, configEntries: [{ name: 'max.message.bytes', value: String(TOPIC_LIMIT) }] }],
        waitForLeaders: false,
      });
      // kafkajs' waitForLeaders asks for metadata at once and may fail on a topic still being made.
      await waitFor(
        async () => {
          const metadata = await admin.fetchTopicMetadata({ topics: [topic] }).catch(() => undefined);
          const partitions = metadata?.topics[0]?.partitions ?? [];
          return partitions.length === 3 && partitions.every((partition) => partition.leader >= 0) ? true : undefined;
        },
        { timeoutMs: 30_000, intervalMs: 200, what: `topic ${topic} with leaders` },
      );
    } finally {
      await admin.disconnect();
    }
    // The harness names its own topic; this one replaces it, so the test reads this one.
    return { ...(await start({ POINTS_TOPIC: topic })), topic };
  }

  it('answers 413 naming a line the topic can never take, before writing any line of the request', async () => {
    const ingest = await startWithSmallTopic();
    const body = ['big,host=a v=1 1', `big,host=a s="${'x'.repeat(25_000)}" 2`, 'big,host=b v=3 3', `big,host=c s="${'y'.repeat(30_000)}" 4`].join('\n');
    const refused = await post(`${ingest.base}/write?db=d`, body);
    expect({ status: refused.status, retryAfter: refused.headers.get('retry-after') }).toEqual({ status: 413, retryAfter: null });
    expect(JSON.parse(refused.body)).toEqual({
      error: expect.stringMatching(/^points not written: line 2 is too large: \d+ bytes as a record, more than the points topic's max\.message\.bytes \(20000\) \(and 1 more points of this request\)$/),
    });
    const v2 = await post(`${ingest.base}/api/v2/write?bucket=d`, body);
    expect({ status: v2.status, code: (JSON.parse(v2.body) as { code: string }).code }).toEqual({ status: 413, code: 'request too large' });
    const json = await post(`${ingest.base}/v1/points?db=d`, JSON.stringify([{ measurement: 'big', fields: { v: 1 }, time: 1 }, { measurement: 'big', fields: { s: 'z'.repeat(25_000) }, time: 2 }]));
    expect({ status: json.status, body: json.body }).toEqual({ status: 413, body: expect.stringContaining('points not written: [1] is too large') });
    expect((await post(`${ingest.base}/write?db=d`, 'marker v=9 9')).status).toBe(204);
    const read = await readTopic(ingest.topic, (points) => points.some((entry) => entry.point.name === 'marker'));
    expect(read.map((entry) => entry.point.name)).toEqual(['marker']);
  }, 120_000);

  it('writes every line of a request larger than the limit whose lines each fit, in order, in several records', async () => {
    const ingest = await startWithSmallTopic();
    // One series, so one partition: its order is the request's order. ~60 KB: three times the limit.
    const lines = Array.from({ length: 600 }, (_, i) => `seq,host=a n=${i}i,pad="${'p'.repeat(70)}" ${i + 1}`);
    const response = await post(`${ingest.base}/write?db=d`, lines.join('\n'));
    expect(response).toMatchObject({ status: 204, body: '' });
    const read = await readTopic(ingest.topic, (points) => points.length >= 600);
    expect(read.map((entry) => entry.point.fields['n'])).toEqual(lines.map((_, i) => BigInt(i)));
    expect(new Set(read.map((entry) => entry.partition)).size).toBe(1);
    expect(new Set(read.map((entry) => entry.offset)).size).toBeGreaterThanOrEqual(3);
  }, 120_000);

  it('refuses a line that is not UTF-8 as a bad line naming it, and writes the others', async () => {
    const ingest = await startWithSmallTopic();
    const body = Buffer.concat([Buffer.from('utf,host=a v=1 1\nutf,host='), Buffer.from([0xff, 0xfe]), Buffer.from(' v=2 2\nutf,host=b v=3 3')]);
    const response = await post(`${ingest.base}/write?db=d`, body);
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body)).toEqual({ error: "partial write: unable to parse 'utf,host=\uFFFD\uFFFD v=2 2': invalid UTF-8 (byte 0xff) (line 2) dropped=0" });
    const read = await readTopic(ingest.topic, (points) => points.length >= 2);
    expect(read.map((entry) => entry.point.tags['host'])).toEqual(expect.arrayContaining(['a', 'b']));
    expect(read).toHaveLength(2);
  }, 120_000);
});
