import { createLogger } from '@vigil/observability';
import { TaskChangeError, TaskRequestError, type KapacitorTask } from '@vigil/kapacitor-api';
import { decodeReplayRecord, type LiveReplayRequest, type RecordingRecord, type ReplayRequest } from '@vigil/topic-contract';
import { ReplaysUnavailableError, RunNotTakenError } from './evaluator-replay-queue';
import { ReplayExistsError, TopicReplayStore } from './topic-replay-store';

const T0 = Date.parse('2026-12-07T17:00:20.000Z');
const task: KapacitorTask = { name: 'cpu', script: "stream\n    |from()\n        .measurement('cpu')\n", status: 'disabled' };
const batchTask: KapacitorTask = { name: 'cpu_batch', script: "dbrp \"telegraf\".\"autogen\"\nbatch\n    |query('SELECT mean(usage) AS usage FROM \"telegraf\".\"autogen\".\"cpu\"')\n        .period(1m)\n        .every(1m)\n", status: 'enabled' };
const queryRecording = { id: 'q1', type: 'batch' as const, source: 'query' as const, query: { kind: 'query' as const, query: 'SELECT usage FROM "telegraf"."autogen"."cpu"', cluster: '' }, dataTopic: 'vigil.recording-data', date: '2026-12-07T17:00:00.000Z', error: '', size: 10, chunks: 1 };
const recordings: Record<string, RecordingRecord> = {
  done: { id: 'done', type: 'stream', task: 'cpu', dbrps: [{ db: 'vigil', rp: 'autogen' }], pointsTopic: 'vigil.points', start: '2026-12-07T17:00:00.000Z', stop: '2026-12-07T17:00:10.000Z' },
  q1: { ...queryRecording, status: 'finished' as const, written: { from: '2026-12-07T17:00:01.000Z', to: '2026-12-07T17:00:02.000Z' } },
  qrun: { ...queryRecording, id: 'qrun', status: 'running' as const, size: 0, chunks: 0 },
  qfail: { ...queryRecording, id: 'qfail', status: 'failed' as const, error: 'the evaluator has no INFLUXDB_URL', size: 0, chunks: 0 },
  later: { id: 'later', type: 'stream', task: 'cpu', dbrps: [{ db: 'vigil', rp: 'autogen' }], pointsTopic: 'vigil.points', start: '2026-12-07T17:00:00.000Z', stop: '2026-12-07T18:00:00.000Z' },
};

/** The store over an in-memory stand-in for the replays topic; `taken` says whether an evaluator takes the request. */
function store(taken: boolean | Error[] = true): { replays: TopicReplayStore; written: { key: string; value: string | null }[]; handed: (ReplayRequest | LiveReplayRequest)[] } {
  const written: { key: string; value: string | null }[] = [];
  const handed: (ReplayRequest | LiveReplayRequest)[] = [];
  const replays = new TopicReplayStore({
    write: (key, value) => {
      written.push({ key, value });
      return Promise.resolve(BigInt(written.length));
    },
    task: (id) => (id === 'cpu' ? task : id === 'cpu_batch' ? batchTask : undefined),
    recording: (id) => recordings[id],
    hand: (request) => {
      // `false`: a hand-over that failed on its way (an evaluator may have it); a list: these refusals first, then taken.
      if (!taken) return Promise.reject(new ReplaysUnavailableError('no evaluator took the replay within 100 ms'));
      const refusal = taken === true ? undefined : taken.shift();
      if (refusal !== undefined) return Promise.reject(refusal);
      handed.push(request);
      return Promise.resolve();
    },
    replaysTopic: 'vigil.replays',
    nowMs: () => T0,
    logger: createLogger({ service: 'test', level: 'silent' }),
  });
  return { replays, written, handed };
}

describe('TopicReplayStore', () => {
  it('writes the replay running, then hands it with its recording to an evaluator', async () => {
    const { replays, written, handed } = store();
    await replays.replay({ id: 'rp1', task: 'cpu', recording: 'done', recordingTime: true, clock: 'fast' });
    const running = { id: 'rp1', task: 'cpu', recording: 'done', recordingTime: true, clock: 'fast', date: '2026-12-07T17:00:20.000Z', status: 'running', error: '', progress: 0 };
    expect(written.map(({ key, value }) => decodeReplayRecord(key, value ?? ''))).toEqual([running]);
    expect(handed).toEqual([{ replay: running, recording: recordings['done'], replaysTopic: 'vigil.replays' }]);
    expect(replays.view(replays.get('rp1')!)).toEqual({ id: 'rp1', task: 'cpu', recording: 'done', 'recording-time': true, clock: 'fast', date: '2026-12-07T17:00:20.000Z', error: '', status: 'running', progress: 0, stats: {} });
  });

  it('lists what an evaluator wrote after it, as every ingest reads it', async () => {
    const { replays } = store();
    await replays.replay({ id: 'rp1', task: 'cpu', recording: 'done', recordingTime: false, clock: 'fast' });
    const finished = JSON.stringify({ format: 'vigil.replay.v1', id: 'rp1', task: 'cpu', recording: 'done', 'recording-time': false, clock: 'fast', date: '2026-12-07T17:00:20.000Z', status: 'finished', error: '', progress: 1 });
    replays.apply([{ key: 'rp1', value: Buffer.from(finished), offset: 7n }]);
    expect(replays.list().map((replay) => [replay.id, replay.status, replay.progress])).toEqual([['rp1', 'finished', 1]]);
    // A record written before replays kept statistics shows empty `stats`.
    expect(replays.view(replays.get('rp1')!).stats).toEqual({});
  });

  it("shows a finished replay's node figures as Kapacitor's `node-stats`, and none for a failed one", async () => {
    const { replays } = store();
    await replays.replay({ id: 'rp1', task: 'cpu', recording: 'done', recordingTime: false, clock: 'fast' });
    const nodeStats = { stream0: { collected: 2, emitted: 2 }, from1: { collected: 2, emitted: 1 } };
    const finished = JSON.stringify({ format: 'vigil.replay.v1', id: 'rp1', task: 'cpu', recording: 'done', 'recording-time': false, clock: 'fast', date: '2026-12-07T17:00:20.000Z', status: 'finished', error: '', progress: 1, 'node-stats': nodeStats });
    replays.apply([{ key: 'rp1', value: Buffer.from(finished), offset: 7n }]);
    expect(replays.view(replays.get('rp1')!).stats).toEqual({ 'node-stats': nodeStats });
    replays.apply([{ key: 'rp1', value: Buffer.from(finished.replace('"finished"', '"failed"')), offset: 8n }]);
    expect(replays.view(replays.get('rp1')!).stats).toEqual({});
  });

  it("refuses what Kapacitor's handleCreateReplay refuses, and a recording whose range has not passed, writing nothing", async () => {
    const { replays, written } = store();
    await expect(replays.replay({ id: 'a b', task: 'cpu', recording: 'done', recordingTime: false, clock: 'fast' })).rejects.toThrow(new TaskRequestError(`replay ID must contain only letters, numbers, '-', '.' and '_'. "a b"`));
    await expect(replays.replay({ task: 'missing', recording: 'done', recordingTime: false, clock: 'fast' })).rejects.toThrow(new TaskChangeError('task load: no task exists', true));
    await expect(replays.replay({ task: 'cpu', recording: 'missing', recordingTime: false, clock: 'fast' })).rejects.toThrow(new TaskChangeError('recording not found: no recording exists', true));
    await expect(replays.replay({ task: 'cpu', recording: 'later', recordingTime: false, clock: 'fast' })).rejects.toThrow('recording later is still running until 2026-12-07T18:00:00.000Z: replay it once it has finished');
    expect(written).toEqual([]);
  });

  it('refuses an id it already holds, as Kapacitor does, writing and handing nothing more', async () => {
    const { replays, written, handed } = store();
    await replays.replay({ id: 'rp1', task: 'cpu', recording: 'done', recordingTime: false, clock: 'fast' });
    await expect(replays.replay({ id: 'rp1', task: 'cpu', recording: 'done', recordingTime: true, clock: 'real' })).rejects.toThrow(new ReplayExistsError());
    await expect(replays.replay({ id: 'rp1', task: 'cpu', recording: 'done', recordingTime: true, clock: 'real' })).rejects.toThrow('replay already exists');
    expect(written).toHaveLength(1);
    expect(handed).toHaveLength(1);
    expect(replays.get('rp1')?.recordingTime).toBe(false);
  });

  it('removes a replay no evaluator took (a tombstone), so that asking again with the same id is taken', async () => {
    const { replays, written, handed } = store([new RunNotTakenError('replays busy: 4 waiting'), new RunNotTakenError('no evaluator took the replay within 100 ms')]);
    await expect(replays.replay({ id: 'rp1', task: 'cpu', recording: 'done', recordingTime: false, clock: 'fast' })).rejects.toThrow(new RunNotTakenError('replays busy: 4 waiting'));
    expect(replays.get('rp1')).toBeUndefined();
    await expect(replays.replay({ id: 'rp1', task: 'cpu', recording: 'done', recordingTime: false, clock: 'fast' })).rejects.toThrow(RunNotTakenError);
    await replays.replay({ id: 'rp1', task: 'cpu', recording: 'done', recordingTime: false, clock: 'fast' });
    expect(written.map(({ key, value }) => [key, value === null ? null : (decodeReplayRecord(key, value) as { status: string }).status])).toEqual([
      ['rp1', 'running'],
      ['rp1', null],
      ['rp1', 'running'],
      ['rp1', null],
      ['rp1', 'running'],
    ]);
    expect(handed).toHaveLength(1);
    expect(replays.get('rp1')?.status).toBe('running');
  });

  it('writes failed, with the reason, a replay whose hand-over failed otherwise (an evaluator may have it), and throws it', async () => {
    const { replays, written } = store(false);
    await expect(replays.replay({ id: 'rp1', task: 'cpu', recording: 'done', recordingTime: false, clock: 'fast' })).rejects.toThrow(ReplaysUnavailableError);
    expect(written.map(({ key, value }) => decodeReplayRecord(key, value ?? '')).map((replay) => [replay.status, replay.error])).toEqual([
      ['running', ''],
      ['failed', 'no evaluator took the replay within 100 ms'],
    ]);
  });

  it('writes failed a replay still running whose evaluator stopped, and leaves an ended one', async () => {
    const { replays, written } = store();
    await replays.replay({ id: 'rp1', task: 'cpu', recording: 'done', recordingTime: false, clock: 'fast' });
    await replays.failRunning('rp1', 'the evaluator running it stopped before it ended');
    expect(replays.get('rp1')).toMatchObject({ status: 'failed', progress: 1, error: 'the evaluator running it stopped before it ended' });
    await replays.failRunning('rp1', 'again');
    await replays.failRunning('missing', 'again');
    expect(written).toHaveLength(2);
  });

  it('deletes with a tombstone, and only what exists', async () => {
    const { replays, written } = store();
    await replays.replay({ id: 'rp1', task: 'cpu', recording: 'done', recordingTime: false, clock: 'fast' });
    await replays.remove('rp1');
    await replays.remove('never');
    expect(written.map(({ key, value }) => [key, value === null])).toEqual([['rp1', false], ['rp1', true]]);
    expect(replays.get('rp1')).toBeUndefined();
  });

  it('hands a finished query recording to an evaluator, and refuses one running or failed', async () => {
    const { replays, handed } = store();
    await replays.replay({ id: 'rp1', task: 'cpu_batch', recording: 'q1', recordingTime: false, clock: 'fast' });
    expect(handed.map((request) => [request.kind, request.replay.recording, 'recording' in request ? request.recording.id : ''])).toEqual([[undefined, 'q1', 'q1']]);
    await expect(replays.replay({ task: 'cpu_batch', recording: 'qrun', recordingTime: false, clock: 'fast' })).rejects.toThrow('recording qrun is still running: replay it once it has finished');
    await expect(replays.replay({ task: 'cpu_batch', recording: 'qfail', recordingTime: false, clock: 'fast' })).rejects.toThrow('recording qfail failed, so it has no data to replay: the evaluator has no INFLUXDB_URL');
  });

  it('hands replay-live batch and query with what to query, refusing them as Kapacitor does', async () => {
    const { replays, written, handed } = store();
    await replays.replayLiveBatch({ id: 'l1', task: 'cpu_batch', start: '2026-12-07T16:00:00Z', recordingTime: true, clock: 'fast' });
    await replays.replayLiveQuery({ id: 'l2', task: 'cpu', query: 'SELECT usage FROM "telegraf"."autogen"."cpu"', cluster: 'east', recordingTime: false, clock: 'real' });
    expect(handed.map((request) => ('query' in request ? [request.kind, request.replay.id, request.replay.recording, request.query] : []))).toEqual([
      ['replay-live', 'l1', '', { kind: 'batch', task: 'cpu_batch', start: '2026-12-07T16:00:00.000Z', stop: '2026-12-07T17:00:20.000Z' }],
      ['replay-live', 'l2', '', { kind: 'query', query: 'SELECT usage FROM "telegraf"."autogen"."cpu"', cluster: 'east' }],
    ]);
    await expect(replays.replayLiveBatch({ task: 'cpu', start: '2026-12-07T16:00:00Z', recordingTime: false, clock: 'fast' })).rejects.toThrow(new TaskRequestError('cannot replay batch against stream task: cpu'));
    await expect(replays.replayLiveBatch({ task: 'cpu_batch', recordingTime: false, clock: 'fast' })).rejects.toThrow('must provide start time');
    await expect(replays.replayLiveBatch({ task: 'missing', start: '2026-12-07T16:00:00Z', recordingTime: false, clock: 'fast' })).rejects.toThrow(new TaskChangeError('task load: no task exists', true));
    await expect(replays.replayLiveQuery({ task: 'cpu', query: '', recordingTime: false, clock: 'fast' })).rejects.toThrow('must provide query');
    await expect(replays.replayLiveQuery({ id: 'l1', task: 'cpu', query: 'SELECT 1', recordingTime: false, clock: 'fast' })).rejects.toThrow(ReplayExistsError);
    expect(written).toHaveLength(2);
  });
});
