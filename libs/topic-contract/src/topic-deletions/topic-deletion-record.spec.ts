import { decodeTopicDeletionRecord, encodeTopicDeletionRecord } from './topic-deletion-record';

describe('topic deletion records', () => {
  it('round-trips the read position of each alerts partition', () => {
    const record = { topic: 'ops', alertsTopic: 'vigil.alerts', deleted: '2026-12-07T17:00:00Z', positions: new Map([[2, 7n], [0, 12345678901234n]]) };
    const value = encodeTopicDeletionRecord(record);
    expect(JSON.parse(value)).toEqual({ format: 'vigil.topic-deletion.v1', topic: 'ops', 'alerts-topic': 'vigil.alerts', deleted: '2026-12-07T17:00:00Z', positions: { '0': '12345678901234', '2': '7' } });
    expect(decodeTopicDeletionRecord('ops', value)).toEqual(record);
  });

  it('refuses a record it did not write, naming the part', () => {
    const value = encodeTopicDeletionRecord({ topic: 'ops', alertsTopic: 'vigil.alerts', deleted: 'x', positions: new Map([[0, 1n]]) });
    expect(() => decodeTopicDeletionRecord('other', value)).toThrow('topic deletion record "other": its topic is not its key');
    expect(() => decodeTopicDeletionRecord('ops', value.replace('"1"', '1'))).toThrow('position "0": expected a partition number and an offset in a string');
    expect(() => decodeTopicDeletionRecord('ops', value.replace('v1', 'v2'))).toThrow('unknown format "vigil.topic-deletion.v2"');
  });
});
