import { CPU_BATCH_TICK } from '@vigil/core';
import { createPointsTopicDecoder, defineTasks, readEventRecord, type InfluxDBPort, type InfluxSeries } from '@vigil/evaluation';
import { createLogger } from '@vigil/observability';
import { decodeRecordingRecord, decodeReplayRecord, encodeEvaluatorRunRequest, encodeReplayRequest, SERIES_PARTITION_KEYS, type QueryRecording, type ReplayRecord } from '@vigil/topic-contract';
import { EvaluatorReplays, type ReplayMessage } from './evaluator-replays';
import { NO_INFLUXDB } from './query-runs';
import { QueryRecorder, writtenAt } from './query-recorder';

const STREAM = "dbrp \"telegraf\".\"autogen\"\nstream\n  |from()\n    .measurement('cpu')\n  |alert()\n    .crit(lambda: \"usage\" > 90)\n    .topic('cpu')\n";
const at = (time: string): string => `2024-03-01T${time}Z`;

/** Answers each range query with its range's middle point (95 from 10:02 on); a plain query with two points of host a. */
function influxFake(): InfluxDBPort & { queries: string[] } {
  const queries: string[] = [];
  return {
    queries,
    query(_cluster: string, query: string): Promise<InfluxSeries[]> {
      queries.push(query);
      const start = /time >= '([^']+)'/.exec(query)?.[1];
      if (start === undefined) return Promise.resolve([{ name: 'cpu', tags: { host: 'a' }, columns: ['time', 'usage'], values: [[at('10:00:00'), 50], [at('10:00:10'), 97]] }]);
      const middle = new Date(Date.parse(start) + 30_000).toISOString().replace('.000Z', 'Z');
      return Promise.resolve([{ name: 'cpu', columns: ['time', 'usage'], values: [[middle, Date.parse(start) >= Date.parse(at('10:02:00')) ? 95 : 50]] }]);
    },
  };
}

/** The evaluator's replays over fakes: an InfluxDB (or none), the tasks, and a data topic that keeps what was sent to it. */
function fixture(influxdb: InfluxDBPort | undefined) {
  const sent: { topic: string; message: ReplayMessage }[] = [];
  const [batchTask, streamTask] = defineTasks([{ name: 'cpu_batch', script: CPU_BATCH_TICK }, { name: 'cpu', script: STREAM }], SERIES_PARTITION_KEYS);
  const replays = new EvaluatorReplays({
    readRange: () => Promise.resolve([]),
    decoder: createPointsTopicDecoder({ POINTS_DEFAULT_DATABASE: 'telegraf', POINTS_DEFAULT_RETENTION_POLICY: 'autogen' }, () => () => Promise.reject(new Error('no avro'))),
    definition: (name) => {
      const task = name === 'cpu_batch' ? batchTask : name === 'cpu' ? streamTask : undefined;
      if (!task) throw new Error(`task ${name} is not on the tasks topic`);
      return task;
    },
    send: (topic, messages) => {
      for (const message of messages) sent.push({ topic, message });
      return Promise.resolve();
    },
    alertsTopic: 'alerts',
    pointsTopic: 'points',
    replaysTopic: 'replays',
    recordingsTopic: 'recordings',
    recordingDataTopic: 'recording-data',
    readData: (topic) => Promise.resolve(sent.filter((entry) => entry.topic === topic).map(({ message }) => ({ key: message.key, value: Buffer.from(message.value) }))),
    ...(influxdb ? { influxdb } : {}),
    logger: createLogger({ service: 'test', level: 'silent' }),
  });
  const on = (topic: string) => sent.filter((entry) => entry.topic === topic).map(({ message }) => message);
  const alerts = () => on('alerts').map((message) => readEventRecord(message.value, message.headers ?? {})).map((event) => [event.alert.level, new Date(Number(event.alert.time / 1_000_000n)).toISOString().replace('.000Z', 'Z'), event.eventId]);
  return { replays, on, alerts };
}

const running = (id: string, type: 'stream' | 'batch', query: QueryRecording['query']): QueryRecording => ({ id, type, source: 'query', query, dataTopic: 'recording-data', date: at('10:03:10'), status: 'running', error: '', size: 0, chunks: 0 });
const replayOf = (id: string, task: string, recording: string): ReplayRecord => ({ id, task, recording, recordingTime: true, clock: 'fast', date: '2026-12-07T17:01:00.000Z', status: 'running', error: '', progress: 0 });

describe('EvaluatorReplays with query recordings', () => {
  it('records a batch task\'s runs up to the recording\'s date in chunks, writes it finished, and replays it through the task', async () => {
    const influxdb = influxFake();
    const { replays, on, alerts } = fixture(influxdb);
    const recording = running('b1', 'batch', { kind: 'batch', task: 'cpu_batch', start: at('10:00:00'), stop: at('10:10:00') });
    await replays.take(encodeEvaluatorRunRequest({ kind: 'record', recording, recordingsTopic: 'recordings' }));
    await replays.idle();
    // Runs ending after the recording's date (10:03:10) are left out, as Kapacitor leaves those after now.
    expect(influxdb.queries).toHaveLength(3);
    const [finished] = on('recordings').map((message) => decodeRecordingRecord(message.key, message.value) as QueryRecording);
    expect(finished).toMatchObject({ id: 'b1', status: 'finished', error: '', chunks: 1 });
    expect(finished!.size).toBe(on('recording-data')[0]!.value.length);
    expect(on('recording-data').map((message) => [message.key, message.value.split('\n').length - 1])).toEqual([['b1/0', 3]]);
    await replays.take(encodeReplayRequest({ replay: replayOf('rp1', 'cpu_batch', 'b1'), recording: finished!, replaysTopic: 'replays' }));
    await replays.idle();
    expect(alerts()).toEqual([['CRITICAL', at('10:02:30'), `replay:rp1:${Date.parse('2026-12-07T17:01:00.000Z')}:0`]]);
    expect(on('replays').map((message) => decodeReplayRecord(message.key, message.value).status)).toEqual(['finished']);
    // A batch recording replayed against a stream task fails as in Kapacitor.
    await replays.take(encodeReplayRequest({ replay: replayOf('rp2', 'cpu', 'b1'), recording: finished!, replaysTopic: 'replays' }));
    await replays.idle();
    expect(on('replays').map((message) => decodeReplayRecord(message.key, message.value)).at(-1)).toMatchObject({ id: 'rp2', status: 'failed', error: 'cannot replay batch recording b1 against stream task cpu' });
  });

  it('records a query as points of its dbrp, fails one not fully qualified, and replays the points through a stream task', async () => {
    const { replays, on, alerts } = fixture(influxFake());
    await replays.take(encodeEvaluatorRunRequest({ kind: 'record', recording: running('s1', 'stream', { kind: 'query', query: 'SELECT usage FROM "telegraf"."autogen"."cpu"', cluster: '' }), recordingsTopic: 'recordings' }));
    await replays.take(encodeEvaluatorRunRequest({ kind: 'record', recording: running('s2', 'stream', { kind: 'query', query: 'SELECT usage FROM "cpu"', cluster: '' }), recordingsTopic: 'recordings' }));
    await replays.idle();
    const [s1, s2] = on('recordings').map((message) => decodeRecordingRecord(message.key, message.value) as QueryRecording);
    expect([s1?.status, s1?.chunks, s2?.status, s2?.error]).toEqual(['finished', 1, 'failed', 'could not determine database and retention policy. Is the query fully qualified?']);
    await replays.take(encodeReplayRequest({ replay: replayOf('rp1', 'cpu', 's1'), recording: s1!, replaysTopic: 'replays' }));
    await replays.idle();
    expect(on('replays').map((message) => decodeReplayRecord(message.key, message.value).error)).toEqual(['']);
    expect(alerts()).toEqual([['CRITICAL', at('10:00:10'), `replay:rp1:${Date.parse('2026-12-07T17:01:00.000Z')}:0`]]);
  });

  it('replays live: the batch runs into a batch task, a query by the task type', async () => {
    const { replays, alerts, on } = fixture(influxFake());
    await replays.take(encodeEvaluatorRunRequest({ kind: 'replay-live', replay: { ...replayOf('l1', 'cpu_batch', ''), date: at('10:03:10') }, query: { kind: 'batch', task: 'cpu_batch', start: at('10:00:00'), stop: at('10:10:00') }, replaysTopic: 'replays' }));
    await replays.take(encodeEvaluatorRunRequest({ kind: 'replay-live', replay: replayOf('l2', 'cpu', ''), query: { kind: 'query', query: 'SELECT usage FROM "telegraf"."autogen"."cpu"', cluster: '' }, replaysTopic: 'replays' }));
    await replays.idle();
    expect(alerts().map(([level, time]) => [level, time])).toEqual([
      ['CRITICAL', at('10:02:30')],
      ['CRITICAL', at('10:00:10')],
    ]);
    expect(on('replays').map((message) => decodeReplayRecord(message.key, message.value).status)).toEqual(['finished', 'finished']);
  });

  it('writes a recording and a live replay failed, saying why, when the evaluator has no InfluxDB', async () => {
    const { replays, on } = fixture(undefined);
    await replays.take(encodeEvaluatorRunRequest({ kind: 'record', recording: running('b1', 'batch', { kind: 'query', query: 'SELECT usage FROM "telegraf"."autogen"."cpu"', cluster: '' }), recordingsTopic: 'recordings' }));
    await replays.take(encodeEvaluatorRunRequest({ kind: 'replay-live', replay: replayOf('l1', 'cpu', ''), query: { kind: 'query', query: 'SELECT 1', cluster: '' }, replaysTopic: 'replays' }));
    await replays.idle();
    expect(on('recordings').map((message) => decodeRecordingRecord(message.key, message.value)).map((recording) => ('error' in recording ? recording.error : ''))).toEqual([NO_INFLUXDB]);
    expect(on('replays').map((message) => decodeReplayRecord(message.key, message.value).error)).toEqual([NO_INFLUXDB]);
    expect(on('recording-data')).toEqual([]);
  });

  it('counts in a failed recording the chunks it sent before the failure, so a delete tombstones them', async () => {
    const written: { topic: string; message: ReplayMessage }[] = [];
    const recorder = new QueryRecorder(
      {
        definition: () => Promise.reject(new Error('no task')),
        send: (topic, messages) => {
          if (topic === 'recording-data' && written.filter((entry) => entry.topic === topic).length === 2) return Promise.reject(new Error('the broker is gone'));
          for (const message of messages) written.push({ topic, message });
          return Promise.resolve();
        },
        influxdb: influxFake(),
        recordingsTopic: 'recordings',
        recordingDataTopic: 'recording-data',
        logger: createLogger({ service: 'test', level: 'silent' }),
        chunkBytes: 1,
      },
      new AbortController().signal,
    );
    await recorder.record({ kind: 'record', recording: running('q1', 'stream', { kind: 'query', query: 'SELECT usage FROM "telegraf"."autogen"."cpu"', cluster: '' }), recordingsTopic: 'recordings' });
    expect(written.filter((entry) => entry.topic === 'recording-data').map(({ message }) => message.key)).toEqual(['q1/0', 'q1/1']);
    const ends = written.filter((entry) => entry.topic === 'recordings').map(({ message }) => decodeRecordingRecord(message.key, message.value));
    expect(ends).toEqual([expect.objectContaining({ id: 'q1', status: 'failed', error: 'the broker is gone', chunks: 2 })]);
  });
});

describe('writtenAt', () => {
  const from = '2026-12-07T17:00:01.000Z';
  const to = '2026-12-07T17:00:02.000Z';

  it("keeps the first and last chunk's acked offsets, whatever other writers put between them", () => {
    expect(writtenAt(from, to, [{ partition: 0, baseOffset: '7' }, { partition: 0, baseOffset: '12' }, { partition: 0, baseOffset: '20' }])).toEqual({ from, to, offsets: { partition: 0, first: '7', last: '20' } });
  });

  it('keeps times only when a send did not say where it went, the chunks went to several partitions, or there were none', () => {
    expect(writtenAt(from, to, [{ partition: 0, baseOffset: '7' }, undefined])).toEqual({ from, to });
    expect(writtenAt(from, to, [{ partition: 0, baseOffset: '7' }, { partition: 1, baseOffset: '3' }])).toEqual({ from, to });
    expect(writtenAt(from, to, [])).toEqual({ from, to });
  });
});
