import { createLogger } from '@vigil/observability';
import { TaskChangeError, TaskRequestError, type KapacitorTask } from '@vigil/kapacitor-api';
import { decodeRecordingRecord } from '@vigil/topic-contract';
import { RecordingExistsError, TopicRecordingStore } from './topic-recording-store';

const T0 = Date.parse('2026-12-07T17:00:00.000Z');
const script = "stream\n    |from()\n        .measurement('cpu')\n    |alert()\n        .crit(lambda: \"usage\" > 90)\n";
const tasks: Record<string, KapacitorTask> = {
  requested: { name: 'requested', script, status: 'enabled', record: { dbrps: [{ db: 'vigil', rp: 'autogen' }], created: '', modified: '', lastEnabled: '' } },
  declared: { name: 'declared', script: `dbrp "telegraf"."weekly"\n\n${script}`, status: 'disabled' },
};

/** The store over an in-memory stand-in for the recordings topic; the clock is set by the test. */
function store(): { recordings: TopicRecordingStore; written: { key: string; value: string | null }[]; clock: { nowMs: number } } {
  const written: { key: string; value: string | null }[] = [];
  const clock = { nowMs: T0 };
  const write = (key: string, value: string | null): Promise<bigint> => {
    written.push({ key, value });
    return Promise.resolve(BigInt(written.length));
  };
  const recordings = new TopicRecordingStore({ write, task: (id) => tasks[id], pointsTopic: 'vigil.points', nowMs: () => clock.nowMs, logger: createLogger({ service: 'test', level: 'silent' }) });
  return { recordings, written, clock };
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
});
