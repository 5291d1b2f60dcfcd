import { createLogger } from '@vigil/observability';
import type { RecordingRecord, ReplayRecord } from '@vigil/topic-contract';
import { CrashedRuns, type LeasedRunRef } from './crashed-runs';

const NOW = Date.parse('2026-12-07T17:10:00.000Z');
const OLD = '2026-12-07T17:00:00.000Z';
const FRESH = '2026-12-07T17:09:59.000Z';
const replay = (id: string, date: string, status: ReplayRecord['status'] = 'running'): ReplayRecord => ({ id, task: 'cpu', recording: 'rec', recordingTime: false, clock: 'fast', date, status, error: '', progress: 0 });
const query = (id: string, date: string, status: 'running' | 'finished' = 'running'): RecordingRecord => ({ id, type: 'batch', source: 'query', query: { kind: 'query', query: 'SELECT 1', cluster: '' }, dataTopic: 'data', date, status, error: '', size: 0, chunks: 0 });
const stream: RecordingRecord = { id: 'stream', type: 'stream', task: 'cpu', dbrps: [], pointsTopic: 'points', start: OLD, stop: OLD };

/** The sweep over in-memory runs and leases (the set of `run:id` an evaluator holds; undefined: Redis not connected). */
function sweepOf(leases: Set<string> | undefined): { sweep: CrashedRuns; failed: string[]; asked: LeasedRunRef[][] } {
  const failed: string[] = [];
  const asked: LeasedRunRef[][] = [];
  const replays = [replay('crashed', OLD), replay('leased', OLD), replay('young', FRESH), replay('done', OLD, 'finished')];
  const recordings = [query('qcrashed', OLD), query('qleased', OLD), query('qdone', OLD, 'finished'), stream];
  const sweep = new CrashedRuns({
    replays: { list: () => replays, failRunning: (id, reason) => Promise.resolve(void failed.push(`replay ${id}: ${reason}`)) },
    recordings: { list: () => recordings, failRunning: (id, reason) => Promise.resolve(void failed.push(`recording ${id}: ${reason}`)) },
    leasesHeld: (runs) => {
      asked.push([...runs]);
      return Promise.resolve(leases === undefined ? undefined : runs.map(({ run, id }) => leases.has(`${run}:${id}`)));
    },
    staleAfterMs: 20_000,
    nowMs: () => NOW,
    logger: createLogger({ service: 'test', level: 'silent' }),
  });
  return { sweep, failed, asked };
}

describe('CrashedRuns', () => {
  it('writes failed the running replays and query recordings past the take timeout whose lease is gone', async () => {
    const { sweep, failed, asked } = sweepOf(new Set(['replay:leased', 'recording:qleased']));
    expect(await sweep.sweep()).toBe(2);
    // Only runs an evaluator runs, running, and asked for before the take timeout plus grace: not a young one, an ended one, or a stream recording.
    expect(asked).toEqual([
      [
        { run: 'replay', id: 'crashed' },
        { run: 'replay', id: 'leased' },
        { run: 'recording', id: 'qcrashed' },
        { run: 'recording', id: 'qleased' },
      ],
    ]);
    expect(failed).toEqual([
      'replay crashed: the evaluator running it stopped before it ended (no lease on it in Redis for replay crashed)',
      'recording qcrashed: the evaluator running it stopped before it ended (no lease on it in Redis for recording qcrashed)',
    ]);
  });

  it('judges nothing while Redis is not connected', async () => {
    const { sweep, failed } = sweepOf(undefined);
    expect(await sweep.sweep()).toBe(0);
    expect(failed).toEqual([]);
  });
});
