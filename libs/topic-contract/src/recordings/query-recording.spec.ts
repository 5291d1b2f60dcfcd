import { decodeRecordingRecord, encodeRecordingRecord } from './recording-record';
import { recordingChunks, recordingLines, type QueryRecording } from './query-recording';

const recording: QueryRecording = {
  id: 'q1',
  type: 'batch',
  source: 'query',
  query: { kind: 'batch', task: 'cpu_batch', start: '2026-12-07T16:00:00.000Z', stop: '2026-12-07T17:00:00.000Z' },
  dataTopic: 'vigil.recording-data',
  date: '2026-12-07T17:00:00.000Z',
  status: 'finished',
  error: '',
  size: 12,
  chunks: 2,
  written: { from: '2026-12-07T17:00:01.000Z', to: '2026-12-07T17:00:02.000Z' },
};

describe('query recordings', () => {
  it('round-trip in a format of their own beside the stream ranges, which still read as before', () => {
    const value = encodeRecordingRecord(recording);
    expect(JSON.parse(value)).toMatchObject({ format: 'vigil.recording.query.v1', 'data-topic': 'vigil.recording-data', query: recording.query });
    expect(decodeRecordingRecord('q1', value)).toEqual(recording);
    const running: QueryRecording = { ...recording, type: 'stream', query: { kind: 'query', query: 'SELECT * FROM "db"."rp"."m"', cluster: '' }, status: 'running', size: 0, chunks: 0 };
    delete (running as { written?: unknown }).written;
    expect(decodeRecordingRecord('q1', encodeRecordingRecord(running))).toEqual(running);
    const range = '{"format":"vigil.recording.v1","id":"r1","type":"stream","task":"cpu","dbrps":[{"db":"vigil","rp":"autogen"}],"points-topic":"vigil.points","start":"2026-12-07T17:00:00.000Z","stop":"2026-12-07T17:00:10.000Z"}';
    expect(decodeRecordingRecord('r1', range)).toEqual({ id: 'r1', type: 'stream', task: 'cpu', dbrps: [{ db: 'vigil', rp: 'autogen' }], pointsTopic: 'vigil.points', start: '2026-12-07T17:00:00.000Z', stop: '2026-12-07T17:00:10.000Z' });
  });

  it("keep the chunks' offsets in `written`, and read a record written before them (times only)", () => {
    const withOffsets: QueryRecording = { ...recording, written: { ...recording.written!, offsets: { partition: 0, first: '41', last: '9007199254740993' } } };
    const value = encodeRecordingRecord(withOffsets);
    expect(JSON.parse(value).written).toEqual({ from: '2026-12-07T17:00:01.000Z', to: '2026-12-07T17:00:02.000Z', offsets: { partition: 0, first: '41', last: '9007199254740993' } });
    expect(decodeRecordingRecord('q1', value)).toEqual(withOffsets);
    expect((decodeRecordingRecord('q1', encodeRecordingRecord(recording)) as QueryRecording).written).toEqual({ from: '2026-12-07T17:00:01.000Z', to: '2026-12-07T17:00:02.000Z' });
    for (const offsets of ['{"partition":0,"first":"42","last":"41"}', '{"partition":-1,"first":"1","last":"2"}', '{"partition":0,"first":1,"last":"2"}', '{"partition":0,"first":"01","last":"2"}']) {
      expect(() => decodeRecordingRecord('q1', value.replace('{"partition":0,"first":"41","last":"9007199254740993"}', offsets))).toThrow('"written"."offsets" must be {"partition", "first", "last"}');
    }
  });

  it('refuse a record they did not write, naming the part', () => {
    const value = encodeRecordingRecord(recording);
    expect(() => decodeRecordingRecord('q1', value.replace('"finished"', '"paused"'))).toThrow('"status" must be "running", "finished" or "failed"');
    expect(() => decodeRecordingRecord('q1', value.replace('"kind":"batch"', '"kind":"sql"'))).toThrow('"query" must be {"kind": "batch"');
    expect(() => decodeRecordingRecord('q1', value.replace('"size":12', '"size":-1'))).toThrow('"size" and "chunks" must be counts');
  });

  it('cut the lines into chunks below the size, never inside a character, and join them back', () => {
    const lines = ['first line', 'zwei Grüße €', 'last'];
    const chunks = recordingChunks(lines, 7);
    expect(chunks.every((chunk) => chunk.length <= 7)).toBe(true);
    expect(chunks.map((chunk) => chunk.toString('utf8')).join('')).toBe('first line\nzwei Grüße €\nlast\n');
    expect(chunks.every((chunk) => !chunk.toString('utf8').includes('\uFFFD'))).toBe(true);
    const finished = { ...recording, chunks: chunks.length };
    // Other recordings' chunks are left out; the data comes back in chunk order whatever the read order.
    const records = [...chunks.map((value, n) => ({ key: `q1/${n}`, value }))].reverse().concat([{ key: 'q10/0', value: Buffer.from('other\n') }]);
    expect(recordingLines(finished, records)).toEqual(lines);
    expect(() => recordingLines(finished, records.slice(1))).toThrow(`recording q1: chunk q1/${chunks.length - 1} of ${chunks.length} is missing from vigil.recording-data`);
  });
});
