import { createLogger } from '@vigil/observability';
import { TaskChangeError, TaskRequestError, type KapacitorTask } from '@vigil/kapacitor-api';
import { decodeRecordingRecord, encodeRecordingRecord, type RecordRequest } from '@vigil/topic-contract';
import { ReplaysUnavailableError, RunNotTakenError } from './evaluator-replay-queue';
import { RecordingExistsError, TopicRecordingStore } from './topic-recording-store';

const T0 = Date.parse('2026-12-07T17:00:00.000Z');
const script = "stream\n    |from()\n        .measurement('cpu')\n    |alert()\n        .crit(lambda: \"usage\" > 90)\n";
const tasks: Record<string, KapacitorTask> = {
  requested: { name: 'requested', script, status: 'enabled', record: { dbrps: [{ db: 'vigil', rp: 'autogen' }], created: '', modified: '', lastEnabled: '' } },
  declared: { name: 'declared', script: `dbrp "telegraf"."weekly"\n\n${script}`, status: 'disabled' },
  cpu_batch: { name: 'cpu_batch', script: "dbrp \"telegraf\".\"autogen\"\nbatch\n    |query('SELECT mean(usage) AS usage FROM \"telegraf\".\"autogen\".\"cpu\"')\n        .period(1m)\n        .every(1m)\n    |alert()\n        .crit(lambda: \"usage\" > 90)\n", status: 'enabled' },
};

/** The store over an in-memory stand-in for the recordings topic; the clock is set by the test. */
function store(taken: boolean | Error[] = true): { recordings: TopicRecordingStore; written: { key: string; value: string | null }[]; clock: { nowMs: number }; handed: RecordRequest[]; deletedData: string[] } {
  const written: { key: string; value: string | null }[] = [];
  const handed: RecordRequest[] = [];
  const deletedData: string[] = [];
  const clock = { nowMs: T0 };
  const write = (key: string, value: string | null): Promise<bigint> => {
    written.push({ key, value });
    return Promise.resolve(BigInt(written.length));
  };
  const recordings = new TopicRecordingStore({
    write,
    task: (id) => tasks[id],
    pointsTopic: 'vigil.points',
    hand: (request) => {
      // `false`: a hand-over that failed on its way (an evaluator may have it); a list: these refusals first, then taken.
      if (!taken) return Promise.reject(new ReplaysUnavailableError('no evaluator took the recording within 100 ms'));
      const refusal = taken === true ? undefined : taken.shift();
      if (refusal !== undefined) return Promise.reject(refusal);
      handed.push(request);
      return Promise.resolve();
    },
    recordingsTopic: 'vigil.recordings',
    dataTopic: 'vigil.recording-data',
    writeData: (key) => {
      deletedData.push(key);
      return Promise.resolve();
    },
    nowMs: () => clock.nowMs,
    logger: createLogger({ service: 'test', level: 'silent' }),
  });
  return { recordings, written, clock, handed, deletedData };
}

describe('TopicRecordingStore', () => {
  it('writes the time range of the points topic with the dbrps of the request or of the script', async () => {
    const { recordings, written } = store();
    await recordings.recordStream({ id: 'a', task: 'requested', stop: '2026-12-07T17:00:10Z' });
    await recordings.recordStream({ id: 'b', task: 'declared', stop: '2026-12-07T17:01:00Z' });
    expect(written.map(({ key, value }) => decodeRecordingRecord(key, value ?? ''))).toEqual([
      { id: 'a', type: 'stream', task: 'requested', dbrps: [{ db: 'vigil', rp: 'autogen' }], pointsTopic: 'vigil.points', start: '2026-12-07T17:00:00.000Z', stop: '2026-12-07T17:00:10.000Z' },
      { id: 'b', type: 'stream', task: 'declared', dbrps: [{ db: 'telegraf', rp: 'weekly' }], pointsTopic: 'vigil.points', start: '2026-12-07T17:00:00.000Z', stop: '2026-12-07T17:01:00.000Z' },
    ]);
    expect(recordings.list().map((recording) => recording.id)).toEqual(['a', 'b']);
  });

  it('is running until its stop has passed, then finished', async () => {
    const { recordings, clock } = store();
    const recording = await recordings.recordStream({ id: 'a', task: 'requested', stop: '2026-12-07T17:00:10Z' });
    expect(recordings.view(recording)).toEqual({ id: 'a', type: 'stream', size: 0, date: '2026-12-07T17:00:00.000Z', error: '', status: 'running', progress: 0 });
    clock.nowMs = T0 + 9_999;
    expect(recordings.view(recording).status).toBe('running');
    clock.nowMs = T0 + 10_000;
    expect(recordings.view(recording)).toMatchObject({ status: 'finished', progress: 1 });
  });

  it("refuses what Kapacitor's handleRecordStream refuses, writing nothing", async () => {
    const { recordings, written } = store();
    await recordings.recordStream({ id: 'a', task: 'requested', stop: '2026-12-07T17:00:10Z' });
    await expect(recordings.recordStream({ id: 'a b', task: 'requested', stop: '2026-12-07T17:00:10Z' })).rejects.toThrow(new TaskRequestError(`recording ID must contain only letters, numbers, '-', '.' and '_'. "a b"`));
    await expect(recordings.recordStream({ task: 'missing', stop: '2026-12-07T17:00:10Z' })).rejects.toThrow(new TaskChangeError('no task exists', true));
    await expect(recordings.recordStream({ task: 'requested', stop: 'soon' })).rejects.toThrow('parsing time "soon": not an RFC 3339 time');
    await expect(recordings.recordStream({ id: 'a', task: 'requested', stop: '2026-12-07T17:00:10Z' })).rejects.toThrow(RecordingExistsError);
    expect(written).toHaveLength(1);
  });

  it('deletes with a tombstone, and only what exists', async () => {
    const { recordings, written } = store();
    await recordings.recordStream({ id: 'a', task: 'requested', stop: '2026-12-07T17:00:10Z' });
    await recordings.remove('a');
    await recordings.remove('never');
    expect(written.map(({ key, value }) => [key, value === null])).toEqual([['a', false], ['a', true]]);
    expect(recordings.get('a')).toBeUndefined();
  });

  it('writes a record batch running and hands it to an evaluator, with now as the stop when none is given', async () => {
    const { recordings, written, handed } = store();
    await recordings.recordBatch({ id: 'b1', task: 'cpu_batch', start: '2026-12-07T16:00:00Z', stop: '0001-01-01T00:00:00Z' });
    const running = { id: 'b1', type: 'batch', source: 'query', query: { kind: 'batch', task: 'cpu_batch', start: '2026-12-07T16:00:00.000Z', stop: '2026-12-07T17:00:00.000Z' }, dataTopic: 'vigil.recording-data', date: '2026-12-07T17:00:00.000Z', status: 'running', error: '', size: 0, chunks: 0 };
    expect(written.map(({ key, value }) => decodeRecordingRecord(key, value ?? ''))).toEqual([running]);
    expect(handed).toEqual([{ kind: 'record', recording: running, recordingsTopic: 'vigil.recordings' }]);
    expect(recordings.view(recordings.get('b1')!)).toEqual({ id: 'b1', type: 'batch', size: 0, date: '2026-12-07T17:00:00.000Z', error: '', status: 'running', progress: 0 });
  });

  it('writes failed a query recording still running whose evaluator stopped, never a stream recording', async () => {
    const { recordings, written } = store();
    await recordings.recordBatch({ id: 'b1', task: 'cpu_batch', start: '2026-12-07T16:00:00Z', stop: '0001-01-01T00:00:00Z' });
    await recordings.recordStream({ id: 's1', task: 'declared', stop: '2026-12-07T18:00:00Z' });
    await recordings.failRunning('b1', 'the evaluator running it stopped before it ended');
    await recordings.failRunning('s1', 'no evaluator runs a stream recording');
    expect(written.map(({ key, value }) => [key, decodeRecordingRecord(key, value ?? '')]).map(([key, record]) => [key, (record as { status?: string }).status ?? 'range'])).toEqual([
      ['b1', 'running'],
      ['s1', 'range'],
      ['b1', 'failed'],
    ]);
    expect(recordings.view(recordings.get('b1')!)).toMatchObject({ status: 'failed', error: 'the evaluator running it stopped before it ended' });
  });

  it("refuses what Kapacitor's handleRecordBatch and handleRecordQuery refuse, and record batch of a stream task, writing nothing", async () => {
    const { recordings, written, handed } = store();
    await expect(recordings.recordBatch({ id: 'a b', task: 'cpu_batch', start: '2026-12-07T16:00:00Z' })).rejects.toThrow(`recording ID must contain only letters, numbers, '-', '.' and '_'. "a b"`);
    await expect(recordings.recordBatch({ task: 'cpu_batch', start: '0001-01-01T00:00:00Z' })).rejects.toThrow(new TaskRequestError('must provide start time'));
    await expect(recordings.recordBatch({ task: 'missing', start: '2026-12-07T16:00:00Z' })).rejects.toThrow(new TaskChangeError('no task exists', true));
    await expect(recordings.recordBatch({ task: 'requested', start: '2026-12-07T16:00:00Z' })).rejects.toThrow('task requested is a stream task: record batch needs a batch task');
    await expect(recordings.recordQuery({ type: 'stream', query: '' })).rejects.toThrow(new TaskRequestError('must provide query'));
    expect([written, handed]).toEqual([[], []]);
  });

  it('removes a recording no evaluator took (a tombstone), so that asking again with the same id is taken', async () => {
    const { recordings, written, handed } = store([new RunNotTakenError('replays busy: 4 waiting'), new RunNotTakenError('no evaluator took the recording within 100 ms')]);
    await expect(recordings.recordQuery({ id: 'q1', type: 'stream', query: 'SELECT usage FROM "telegraf"."autogen"."cpu"' })).rejects.toThrow(new RunNotTakenError('replays busy: 4 waiting'));
    expect(recordings.get('q1')).toBeUndefined();
    await expect(recordings.recordQuery({ id: 'q1', type: 'stream', query: 'SELECT usage FROM "telegraf"."autogen"."cpu"' })).rejects.toThrow(RunNotTakenError);
    await recordings.recordQuery({ id: 'q1', type: 'stream', query: 'SELECT usage FROM "telegraf"."autogen"."cpu"' });
    expect(written.map(({ key, value }) => [key, value === null ? null : (decodeRecordingRecord(key, value) as { status: string }).status])).toEqual([
      ['q1', 'running'],
      ['q1', null],
      ['q1', 'running'],
      ['q1', null],
      ['q1', 'running'],
    ]);
    expect(handed).toHaveLength(1);
    expect(recordings.get('q1')).toMatchObject({ status: 'running' });
  });

  it('writes failed, with the reason, a recording whose hand-over failed otherwise (an evaluator may have it), and throws it', async () => {
    const { recordings, written } = store(false);
    await expect(recordings.recordQuery({ id: 'q1', type: 'stream', query: 'SELECT usage FROM "telegraf"."autogen"."cpu"' })).rejects.toThrow(ReplaysUnavailableError);
    expect(written.map(({ key, value }) => decodeRecordingRecord(key, value ?? '')).map((recording) => [recording.source, 'status' in recording ? recording.status : '', 'error' in recording ? recording.error : ''])).toEqual([
      ['query', 'running', ''],
      ['query', 'failed', 'no evaluator took the recording within 100 ms'],
    ]);
    expect(recordings.view(recordings.get('q1')!)).toMatchObject({ status: 'failed', progress: 1, error: 'no evaluator took the recording within 100 ms' });
  });

  it("shows a query recording as its evaluator wrote it, and deletes its chunks with it", async () => {
    const { recordings, written, deletedData } = store();
    const running = await recordings.recordQuery({ id: 'q1', type: 'batch', query: 'SELECT usage FROM "telegraf"."autogen"."cpu"', cluster: 'east' });
    expect(running.query).toEqual({ kind: 'query', query: 'SELECT usage FROM "telegraf"."autogen"."cpu"', cluster: 'east' });
    const finished = encodeRecordingRecord({ ...running, status: 'finished' as const, size: 1234, chunks: 3, written: { from: '2026-12-07T17:00:01.000Z', to: '2026-12-07T17:00:02.000Z' } });
    recordings.apply([{ key: 'q1', value: Buffer.from(finished), offset: 9n }]);
    expect(recordings.view(recordings.get('q1')!)).toEqual({ id: 'q1', type: 'batch', size: 1234, date: '2026-12-07T17:00:00.000Z', error: '', status: 'finished', progress: 1 });
    await recordings.remove('q1');
    expect(deletedData).toEqual(['q1/0', 'q1/1', 'q1/2']);
    expect(written.at(-1)).toEqual({ key: 'q1', value: null });
  });
});
