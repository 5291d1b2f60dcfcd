import { randomUUID } from 'node:crypto';
import { createPointsTopicDecoder, defineTasks, InfluxDBHttpClient, readEventRecord, SERIES_PARTITION_KEYS } from '@vigil/evaluation';
import { AckedProducer, createKafka, ensureTopics, readTopicSnapshot } from '@vigil/kafka';
import { createLogger } from '@vigil/observability';
import { HAVE_INFLUXD, INFLUXD, kafkaBrokers, startInfluxd, uniqueName, type RunningInfluxd } from '@vigil/testing';
import { REPLAY_ID_HEADER } from '@vigil/kapacitor-api';
import { decodeRecordingRecord, decodeReplayRecord, encodeEvaluatorRunRequest, encodeReplayRequest, type QueryRecording } from '@vigil/topic-contract';
import { EvaluatorReplays } from './evaluator-replays';
import { readRecordingData } from './recording-data';

if (!HAVE_INFLUXD) console.warn(`skipping the evaluator query recordings int test: ${INFLUXD} is missing (Debian's influxdb package provides it)`);

const logger = createLogger({ service: 'query-recordings-int-spec', level: 'warn' });
const SCRIPT = "dbrp \"telegraf\".\"autogen\"\nstream\n  |from()\n    .measurement('cpu')\n    .groupBy('host')\n  |alert()\n    .crit(lambda: \"usage\" > 98)\n    .topic('cpu')\n";
const POINTS = 6_000;

/**
 * `record query` and its replay in an evaluator over a real Kafka and a real influxd: 6000 points
 * make more than one 512 KiB chunk in the recording data topic, all read back in order by the
 * replay, whose events reach the alerts topic with the replay's header.
 */
describe.skipIf(!HAVE_INFLUXD)('EvaluatorReplays: query recordings over Kafka and InfluxDB', () => {
  const kafka = createKafka({ brokers: kafkaBrokers(), clientId: 'vigil-query-recordings-int-spec', logger });
  const topics = { alerts: uniqueName('vigil.alerts.qr'), recordings: uniqueName('vigil.recordings.qr'), data: uniqueName('vigil.recording-data.qr'), replays: uniqueName('vigil.replays.qr') };
  let influxd: RunningInfluxd | undefined;
  let producer: AckedProducer | undefined;
  const t0 = Date.parse('2026-01-01T00:00:00Z');

  beforeAll(async () => {
    influxd = await startInfluxd();
    await influxd.statement('CREATE DATABASE telegraf');
    // Host k (n % 10) reads n % 100: only host 9 crosses 98, on every 100th point.
    const lines = Array.from({ length: POINTS }, (_, n) => `cpu,host=h${n % 10},padding=${'x'.repeat(40)} usage=${n % 100} ${BigInt(t0 + n * 1_000) * 1_000_000n}`);
    for (let at = 0; at < lines.length; at += 2_000) await influxd.write('telegraf', lines.slice(at, at + 2_000));
    await ensureTopics(kafka, [
      { topic: topics.alerts, partitions: 1, replicationFactor: 1 },
      ...[topics.recordings, topics.data, topics.replays].map((topic) => ({ topic, partitions: 1, replicationFactor: 1, configEntries: { 'cleanup.policy': 'compact' } })),
    ]);
    producer = new AckedProducer(kafka, logger);
    await producer.connect();
  }, 120_000);

  afterAll(async () => {
    await producer?.disconnect();
    influxd?.stop();
  });

  it('records a query in several chunks, writes it finished, and replays it whole', async () => {
    const sender = producer as AckedProducer;
    const replays = new EvaluatorReplays({
      readRange: () => Promise.resolve([]),
      decoder: createPointsTopicDecoder({ POINTS_DEFAULT_DATABASE: 'telegraf', POINTS_DEFAULT_RETENTION_POLICY: 'autogen' }, () => () => Promise.reject(new Error('no avro'))),
      definition: (name) => defineTasks([{ name, script: SCRIPT }], SERIES_PARTITION_KEYS)[0]!,
      send: (topic, messages) => sender.send(topic, messages),
      alertsTopic: topics.alerts,
      pointsTopic: 'unused',
      replaysTopic: topics.replays,
      recordingsTopic: topics.recordings,
      recordingDataTopic: topics.data,
      readData: (topic, written) => readRecordingData(kafka, topic, written, { groupId: uniqueName('qr-data'), logger, timeoutMs: 60_000 }),
      influxdb: new InfluxDBHttpClient([{ name: 'default', url: influxd?.url ?? '' }]),
      logger,
    });
    const query = `SELECT usage FROM "telegraf"."autogen"."cpu" GROUP BY host`;
    const running: QueryRecording = { id: `q-${randomUUID()}`, type: 'stream', source: 'query', query: { kind: 'query', query, cluster: '' }, dataTopic: topics.data, date: new Date().toISOString(), status: 'running', error: '', size: 0, chunks: 0 };
    await replays.take(encodeEvaluatorRunRequest({ kind: 'record', recording: running, recordingsTopic: topics.recordings }));
    await replays.idle();

    const [record] = await readTopicSnapshot(kafka, topics.recordings, { groupId: uniqueName('qr-recordings'), logger, timeoutMs: 60_000 });
    const finished = decodeRecordingRecord(record?.key?.toString() ?? '', record?.value ?? '') as QueryRecording;
    expect([finished.status, finished.error]).toEqual(['finished', '']);
    const chunks = await readTopicSnapshot(kafka, topics.data, { groupId: uniqueName('qr-chunks'), logger, timeoutMs: 60_000 });
    expect(chunks.map((chunk) => chunk.key?.toString())).toEqual(Array.from({ length: finished.chunks }, (_, n) => `${running.id}/${n}`));
    expect(finished.chunks).toBeGreaterThan(1);
    // The chunks' acked offsets, which the replay reads rather than the (clock-dependent) time range.
    expect(finished.written?.offsets).toEqual({ partition: 0, first: chunks[0]?.offset, last: chunks.at(-1)?.offset });
    expect(chunks.reduce((total, chunk) => total + (chunk.value?.length ?? 0), 0)).toBe(finished.size);
    expect(chunks.every((chunk) => (chunk.value?.length ?? 0) <= 512 * 1024)).toBe(true);

    const replay = { id: `rp-${randomUUID()}`, task: 'cpu', recording: running.id, recordingTime: true, clock: 'fast' as const, date: new Date().toISOString(), status: 'running' as const, error: '', progress: 0 };
    await replays.take(encodeReplayRequest({ replay, recording: finished, replaysTopic: topics.replays }));
    await replays.idle();
    const [ended] = await readTopicSnapshot(kafka, topics.replays, { groupId: uniqueName('qr-replays'), logger, timeoutMs: 60_000 });
    expect(decodeReplayRecord(replay.id, ended?.value ?? '')).toMatchObject({ status: 'finished', error: '' });
    const events = (await readTopicSnapshot(kafka, topics.alerts, { groupId: uniqueName('qr-alerts'), logger, timeoutMs: 60_000 })).map((message) => ({ replayId: message.headers[REPLAY_ID_HEADER], ...readEventRecord(message.value?.toString() ?? "", message.headers) }));
    // Host 9 reads 99 on 60 of its points, each CRITICAL and then OK at its next point but the last.
    expect(events.map((event) => event.alert.level).filter((level) => level === 'CRITICAL')).toHaveLength(60);
    expect(events.map((event) => event.alert.level).filter((level) => level === 'OK')).toHaveLength(59);
    expect(new Set(events.map((event) => `${event.alert.id} ${event.replayId}`))).toEqual(new Set([`cpu:host=h9 ${replay.id}`]));
  }, 180_000);
});
