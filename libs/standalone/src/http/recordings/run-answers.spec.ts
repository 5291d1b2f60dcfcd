import type { ReplayInfo } from '../../recordings/recording-store';
import { replayObject } from './run-answers';

const replay: ReplayInfo = { id: 'rp1', task: 'cpu', recording: 'rec1', 'recording-time': false, clock: 'fast', date: '2026-12-07T17:00:00.000Z', error: '', status: 'finished', progress: 1 };
const stats = { 'node-stats': { stream0: { collected: 2, emitted: 2 } } };

describe('replayObject', () => {
  it("shows a finished replay's kept figures in `stats`, as Kapacitor's replay GET does", () => {
    expect(replayObject({ ...replay, stats })).toEqual({ link: { rel: 'self', href: '/kapacitor/v1/replays/rp1' }, ...replay, stats });
  });

  it('shows empty `stats` for a running or failed replay, and for one saved before figures were kept', () => {
    expect(replayObject({ ...replay, status: 'running', progress: 0, stats })['stats']).toEqual({});
    expect(replayObject({ ...replay, status: 'failed', stats })['stats']).toEqual({});
    expect(replayObject(replay)['stats']).toEqual({});
  });
});
