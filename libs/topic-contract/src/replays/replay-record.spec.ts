import { encodeRecordingRecord } from '../recordings/recording-record';
import { decodeReplayRecord, encodeReplayRecord, type ReplayRecord } from './replay-record';
import { busyWaitingOf, decodeEvaluatorRunRequest, decodeReplayRequest, encodeEvaluatorRunRequest, encodeReplayRequest, REPLAY_TAKEN, replayBusyAnswer, replayQueueKeys } from './replay-request';

const replay: ReplayRecord = { id: 'rp-1', task: 'cpu_high', recording: 'rec-1', recordingTime: false, clock: 'fast', date: '2026-12-07T17:01:00.000Z', status: 'running', error: '', progress: 0 };
const recording = { id: 'rec-1', type: 'stream' as const, task: 'cpu_high', dbrps: [{ db: 'vigil', rp: 'autogen' }], pointsTopic: 'vigil.points', start: '2026-12-07T17:00:00.000Z', stop: '2026-12-07T17:00:10.000Z' };

describe('replay records', () => {
  it("round-trips Kapacitor's replay fields", () => {
    const value = encodeReplayRecord(replay);
    expect(JSON.parse(value)).toEqual({ format: 'vigil.replay.v1', id: 'rp-1', task: 'cpu_high', recording: 'rec-1', 'recording-time': false, clock: 'fast', date: '2026-12-07T17:01:00.000Z', status: 'running', error: '', progress: 0 });
    expect(decodeReplayRecord('rp-1', value)).toEqual(replay);
  });

  it('refuses a record it did not write, naming the part', () => {
    const value = encodeReplayRecord(replay);
    expect(() => decodeReplayRecord('other', value)).toThrow('replay record "other": its id is not its key');
    expect(() => decodeReplayRecord('rp-1', value.replace('"running"', '"paused"'))).toThrow('"status" must be "running", "finished" or "failed"');
    expect(() => decodeReplayRecord('rp-1', value.replace('"fast"', '"slow"'))).toThrow('"clock" must be "fast" or "real"');
    const badStats = encodeReplayRecord({ ...replay, nodeStats: { alert2: { emitted: 1 } } }).replace('"emitted":1', '"emitted":"1"');
    expect(() => decodeReplayRecord('rp-1', badStats)).toThrow('"node-stats" must map each node to an object of numbers');
  });

  it("keeps a finished replay's node figures, and reads a record written before them", () => {
    const finished: ReplayRecord = { ...replay, status: 'finished', progress: 1, nodeStats: { stream0: { collected: 3, emitted: 3 }, alert2: { alerts_triggered: 2, collected: 3 } } };
    const value = encodeReplayRecord(finished);
    expect(JSON.parse(value)['node-stats']).toEqual({ stream0: { collected: 3, emitted: 3 }, alert2: { alerts_triggered: 2, collected: 3 } });
    expect(decodeReplayRecord('rp-1', value)).toEqual(finished);
    expect(decodeReplayRecord('rp-1', encodeReplayRecord({ ...replay, status: 'finished', progress: 1 }))).not.toHaveProperty('nodeStats');
  });
});

describe('replay requests', () => {
  it('carry the running replay, its recording and the replays topic', () => {
    expect(decodeReplayRequest(encodeReplayRequest({ replay, recording, replaysTopic: 'vigil.replays' }))).toEqual({ replay, recording, replaysTopic: 'vigil.replays' });
  });

  it('refuse a request whose replay names another recording, or that lacks a part', () => {
    const other = JSON.stringify({ replay: encodeReplayRecord({ ...replay, recording: 'rec-2' }), recording: encodeRecordingRecord(recording), 'replays-topic': 'vigil.replays' });
    expect(() => decodeReplayRequest(other)).toThrow('replay request: replay rp-1 names recording rec-2, not rec-1');
    expect(() => decodeReplayRequest('{"replay":"{}"}')).toThrow('expected {"replay", "recording", "replays-topic"} strings');
    expect(() => decodeReplayRequest('nope')).toThrow('replay request: not JSON');
  });

  it('carry a record or a live replay under a kind, and read a request without one as a replay', () => {
    const query = { id: 'q1', type: 'stream' as const, source: 'query' as const, query: { kind: 'query' as const, query: 'SELECT * FROM "db"."rp"."m"', cluster: '' }, dataTopic: 'vigil.recording-data', date: '2026-12-07T17:00:00.000Z', status: 'running' as const, error: '', size: 0, chunks: 0 };
    const record = { kind: 'record' as const, recording: query, recordingsTopic: 'vigil.recordings' };
    expect(decodeEvaluatorRunRequest(encodeEvaluatorRunRequest(record))).toEqual(record);
    const live = { kind: 'replay-live' as const, replay: { ...replay, recording: '' }, query: { kind: 'batch' as const, task: 'cpu_batch', start: '2026-12-07T16:00:00.000Z', stop: '2026-12-07T17:00:00.000Z' }, replaysTopic: 'vigil.replays' };
    expect(decodeEvaluatorRunRequest(encodeEvaluatorRunRequest(live))).toEqual(live);
    expect(decodeEvaluatorRunRequest(encodeReplayRequest({ replay, recording, replaysTopic: 'vigil.replays' }))).toEqual({ replay, recording, replaysTopic: 'vigil.replays' });
    expect(() => decodeEvaluatorRunRequest(JSON.stringify({ kind: 'record', recording: encodeRecordingRecord(recording), 'recordings-topic': 'vigil.recordings' }))).toThrow('record request: recording rec-1 is a range of the points topic, which nothing records');
    expect(() => decodeEvaluatorRunRequest('{"kind":"erase"}')).toThrow('evaluator request: unknown kind "erase"');
  });

  it('queue under the tasks topic every ingest and evaluator of a deployment share', () => {
    expect(replayQueueKeys('vigil.tasks')).toEqual({ requests: 'vigil.replays:vigil.tasks:requests', replyPrefix: 'vigil.replays:vigil.tasks:reply:' });
  });

  it('answer busy with how many runs wait on the evaluator, told apart from taken', () => {
    expect(busyWaitingOf(replayBusyAnswer(4))).toBe(4);
    expect(busyWaitingOf(REPLAY_TAKEN)).toBeUndefined();
    expect(busyWaitingOf('{"busy":true,"waiting":-1}')).toBeUndefined();
    expect(busyWaitingOf('not json')).toBeUndefined();
  });
});
