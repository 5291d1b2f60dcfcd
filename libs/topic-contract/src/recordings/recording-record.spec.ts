import { decodeRecordingRecord, encodeRecordingRecord } from './recording-record';

describe('recording records', () => {
  const record = { id: 'rec-1', type: 'stream' as const, task: 'cpu_high', dbrps: [{ db: 'vigil', rp: 'autogen' }], pointsTopic: 'vigil.points', start: '2026-12-07T17:00:00.000Z', stop: '2026-12-07T17:00:10.000Z' };

  it('round-trips the time range of the points topic and the task dbrps', () => {
    const value = encodeRecordingRecord(record);
    expect(JSON.parse(value)).toEqual({ format: 'vigil.recording.v1', id: 'rec-1', type: 'stream', task: 'cpu_high', dbrps: [{ db: 'vigil', rp: 'autogen' }], 'points-topic': 'vigil.points', start: '2026-12-07T17:00:00.000Z', stop: '2026-12-07T17:00:10.000Z' });
    expect(decodeRecordingRecord('rec-1', value)).toEqual(record);
  });

  it('refuses a record it did not write, naming the part', () => {
    const value = encodeRecordingRecord(record);
    expect(() => decodeRecordingRecord('other', value)).toThrow('recording record "other": its id is not its key');
    expect(() => decodeRecordingRecord('rec-1', value.replace('v1', 'v2'))).toThrow('unknown format "vigil.recording.v2"');
    expect(() => decodeRecordingRecord('rec-1', value.replace('"rp":"autogen"', '"rp":1'))).toThrow('dbrps[0]: expected {"db", "rp"} strings');
    expect(() => decodeRecordingRecord('rec-1', value.replace('2026-12-07T17:00:10.000Z', 'later'))).toThrow('"start" and "stop" must be RFC 3339 times');
  });
});
