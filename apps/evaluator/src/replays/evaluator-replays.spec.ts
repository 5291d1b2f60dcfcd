import { createPointsTopicDecoder, defineTasks, readEventRecord, type RangeRecord } from '@vigil/evaluation';
import { REPLAY_ID_HEADER } from '@vigil/kapacitor-api';
import { createLogger } from '@vigil/observability';
import { busyWaitingOf, decodeReplayRecord, encodeReplayRequest, parsePartitionKeys, REPLAY_TAKEN, type RecordingRecord, type ReplayRecord } from '@vigil/topic-contract';
import { EvaluatorReplays, type ReplayMessage, type RunLeaseKeeper } from './evaluator-replays';

const SCRIPT = "dbrp \"vigil\".\"autogen\"\nstream\n  |from()\n    .measurement('cpu')\n    .groupBy('host')\n  |alert()\n    .crit(lambda: \"usage\" > 90)\n    .post('http://127.0.0.1:9/alerts')\n";
const keys = parsePartitionKeys('cpu=host');
const recording: RecordingRecord = { id: 'rec1', type: 'stream', task: 'cpu', dbrps: [{ db: 'vigil', rp: 'autogen' }], pointsTopic: 'points', start: '2026-12-07T17:00:00.000Z', stop: '2026-12-07T17:00:10.000Z' };
const replay: ReplayRecord = { id: 'rp1', task: 'cpu', recording: 'rec1', recordingTime: true, clock: 'fast', date: '2026-12-07T17:01:00.000Z', status: 'running', error: '', progress: 0 };
const record = (partition: number, offset: number, lines: string, db = 'vigil'): RangeRecord => ({ partition, offset: String(offset), value: Buffer.from(lines), headers: { 'vigil-db': db, 'vigil-rp': 'autogen' }, timestampMs: 0 });

/** The replays over fakes: the range's records, the task, and what was sent where. */
function fixture(range: readonly RangeRecord[], task = 'cpu', keeper?: RunLeaseKeeper, gate?: Promise<void>): { replays: EvaluatorReplays; sent: { topic: string; message: ReplayMessage }[]; ranges: unknown[] } {
  const sent: { topic: string; message: ReplayMessage }[] = [];
  const ranges: unknown[] = [];
  const replays = new EvaluatorReplays({
    readRange: (topic, startMs, stopMs) => {
      ranges.push([topic, startMs, stopMs]);
      return Promise.resolve(range);
    },
    decoder: createPointsTopicDecoder({ POINTS_DEFAULT_DATABASE: 'vigil', POINTS_DEFAULT_RETENTION_POLICY: 'autogen' }, () => () => Promise.reject(new Error('no avro'))),
    definition: async (name) => {
      await gate;
      if (name !== task) throw new Error(`task ${name} is not in the tasks topic as this evaluator has read it`);
      return defineTasks([{ name, script: SCRIPT }], keys)[0]!;
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
    readData: () => Promise.resolve([]),
    ...(keeper === undefined ? {} : { leases: { keeper, tasksTopic: 'tasks' } }),
    logger: createLogger({ service: 'test', level: 'silent' }),
  });
  return { replays, sent, ranges };
}

describe('EvaluatorReplays', () => {
  it("takes a replay, runs the task over the recording's range in its dbrps, publishes the events with the replay's ids, then writes it finished", async () => {
    const range = [record(0, 5, 'cpu,host=a usage=95 1765126801000000000\ncpu,host=a usage=10 1765126803000000000'), record(1, 9, 'cpu,host=b usage=99 1765126802000000000'), record(1, 10, 'cpu,host=c usage=99 1765126802000000000', 'other')];
    const { replays, sent, ranges } = fixture(range);
    expect(await replays.take(encodeReplayRequest({ replay, recording, replaysTopic: 'replays' }))).toBe(REPLAY_TAKEN);
    await replays.idle();
    expect(ranges).toEqual([['points', Date.parse(recording.start), Date.parse(recording.stop)]]);
    const events = sent.filter((entry) => entry.topic === 'alerts').map(({ message }) => ({ ...readEventRecord(message.value, message.headers ?? {}), replay: message.headers?.[REPLAY_ID_HEADER] }));
    // Points in time order across partitions; host c was written to another database and is not in the recording.
    expect(events.map((event) => [event.alert.id, event.alert.level, event.eventId, event.replay])).toEqual([
      ['cpu:host=a', 'CRITICAL', `replay:rp1:${Date.parse(replay.date)}:0`, 'rp1'],
      ['cpu:host=b', 'CRITICAL', `replay:rp1:${Date.parse(replay.date)}:1`, 'rp1'],
      ['cpu:host=a', 'OK', `replay:rp1:${Date.parse(replay.date)}:2`, 'rp1'],
    ]);
    const written = sent.filter((entry) => entry.topic === 'replays').map(({ message }) => decodeReplayRecord(message.key, message.value));
    expect(written).toEqual([{ ...replay, status: 'finished', progress: 1, nodeStats: expect.any(Object) as unknown }]);
    // The figures once the last point was fed, as Kapacitor's replay keeps them: three points in the dbrps, three events.
    const nodeStats = written[0]?.nodeStats ?? {};
    expect(Object.keys(nodeStats)).toEqual(['stream0', 'from1', 'alert2']);
    expect(nodeStats['from1']).toMatchObject({ collected: 3, emitted: 3 });
    expect(nodeStats['alert2']).toMatchObject({ collected: 3, alerts_triggered: 3, crits_triggered: 2, oks_triggered: 1 });
  });

  it('writes a replay failed with the reason when its task is unknown', async () => {
    const { replays, sent } = fixture([], 'another');
    await replays.take(encodeReplayRequest({ replay, recording, replaysTopic: 'replays' }));
    await replays.idle();
    expect(sent.map(({ topic, message }) => [topic, decodeReplayRecord(message.key, message.value)])).toEqual([
      ['replays', { ...replay, status: 'failed', progress: 1, error: 'task cpu is not in the tasks topic as this evaluator has read it' }],
    ]);
  });

  it('refuses a recording of another points topic, writing the replay failed to its own replays topic and reading nothing', async () => {
    const { replays, sent, ranges } = fixture([record(0, 5, 'cpu,host=a usage=95 1765126801000000000')]);
    await replays.take(encodeReplayRequest({ replay, recording: { ...recording, pointsTopic: 'secrets' }, replaysTopic: 'replays' }));
    await replays.idle();
    expect(ranges).toEqual([]);
    expect(sent.map(({ topic, message }) => [topic, decodeReplayRecord(message.key, message.value)])).toEqual([
      ['replays', { ...replay, status: 'failed', progress: 1, error: 'recording rec1 is a range of the points topic secrets, and this evaluator replays only its own points topic points (POINTS_TOPIC)' }],
    ]);
  });

  it('writes only to its own replays topic: a request naming another is written failed there, not run', async () => {
    const { replays, sent, ranges } = fixture([record(0, 5, 'cpu,host=a usage=95 1765126801000000000')]);
    await replays.take(encodeReplayRequest({ replay, recording, replaysTopic: 'elsewhere' }));
    await replays.idle();
    expect(ranges).toEqual([]);
    expect(sent.map(({ topic, message }) => [topic, decodeReplayRecord(message.key, message.value)])).toEqual([
      [
        'replays',
        { ...replay, status: 'failed', progress: 1, error: 'the replay request names the replays topic elsewhere, and this evaluator writes replays only to replays (REPLAYS_TOPIC): give ingest and the evaluators the same REPLAYS_TOPIC' },
      ],
    ]);
  });

  it("holds the run's lease from the take until its end is written, and takes nothing whose lease Redis refused", async () => {
    const steps: string[] = [];
    const sentSoFar: { topic: string }[][] = [];
    const keeper: RunLeaseKeeper = {
      begin: (key) => Promise.resolve(void steps.push(`begin ${key}`)),
      end: (key) => Promise.resolve(void steps.push(`end ${key} once sent to ${sentSoFar[0]?.map(({ topic }) => topic).join(', ')}`)),
    };
    const { replays, sent } = fixture([record(0, 5, 'cpu,host=a usage=95 1765126801000000000')], 'cpu', keeper);
    sentSoFar.push(sent);
    expect(await replays.take(encodeReplayRequest({ replay, recording, replaysTopic: 'replays' }))).toBe(REPLAY_TAKEN);
    expect(steps).toEqual(['begin vigil.replays:tasks:lease:replay:rp1']);
    await replays.idle();
    expect(steps).toEqual(['begin vigil.replays:tasks:lease:replay:rp1', 'end vigil.replays:tasks:lease:replay:rp1 once sent to alerts, replays']);

    const refused = fixture([], 'cpu', { begin: () => Promise.reject(new Error('Redis is down')), end: () => Promise.resolve() });
    await expect(refused.replays.take(encodeReplayRequest({ replay, recording, replaysTopic: 'replays' }))).rejects.toThrow('Redis is down');
    await refused.replays.idle();
    expect(refused.sent).toEqual([]);
  });

  it('holds at most four runs waiting behind the running one, answering busy beyond them, and takes again once they ran', async () => {
    let open = (): void => undefined;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const { replays, sent } = fixture([], 'cpu', undefined, gate);
    const ask = (id: string): Promise<string> => replays.take(encodeReplayRequest({ replay: { ...replay, id }, recording, replaysTopic: 'replays' }));
    const answers: string[] = [];
    for (const id of ['r1', 'r2', 'r3', 'r4', 'r5', 'r6']) {
      answers.push(await ask(id));
      // Let the first one's turn come, so it runs (held at the gate) rather than waits.
      await Promise.resolve();
    }
    expect(answers.slice(0, 5)).toEqual(Array(5).fill(REPLAY_TAKEN));
    expect(busyWaitingOf(answers[5]!)).toBe(4);
    open();
    await replays.idle();
    expect(sent.map(({ message }) => message.key)).toEqual(['r1', 'r2', 'r3', 'r4', 'r5']);
    expect(await ask('r7')).toBe(REPLAY_TAKEN);
    await replays.idle();
    expect(sent).toHaveLength(6);
  });

  it('refuses a request that breaks the contract, taking nothing', async () => {
    const { replays, sent } = fixture([]);
    expect(() => replays.take('{"replay": 1}')).toThrow('expected {"replay", "recording", "replays-topic"} strings');
    await replays.idle();
    expect(sent).toEqual([]);
  });
});
