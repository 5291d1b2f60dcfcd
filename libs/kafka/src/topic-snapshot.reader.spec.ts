import type { ConsumedMessage } from './batch-consumer';
import { offsetsRemovedByRetention, type OffsetRange } from './topic-snapshot.reader';

const read = (partition: number, ...offsets: number[]): ConsumedMessage[] =>
  offsets.map((offset) => ({ topic: 't', partition, offset: String(offset), key: null, value: null, headers: {}, timestampMs: 0 }));
const ranges = (...entries: [number, number, number][]): Map<number, OffsetRange> => new Map(entries.map(([partition, from, to]) => [partition, { from: BigInt(from), to: BigInt(to) }]));
const starts = (...entries: [number, number][]): Map<number, bigint> => new Map(entries.map(([partition, low]) => [partition, BigInt(low)]));

describe('offsetsRemovedByRetention', () => {
  it('counts nothing when every log start is at or below its range start', () => {
    expect(offsetsRemovedByRetention(ranges([0, 5, 10], [1, 0, 3]), starts([0, 5], [1, 0]), [])).toEqual(new Map());
  });

  it('counts the unread offsets below the log start, up to the range end, per partition', () => {
    // Partition 0: 0-3 read before the cut at 7, so 4-6 were removed. Partition 1: cut past the end.
    const removed = offsetsRemovedByRetention(ranges([0, 0, 10], [1, 2, 6]), starts([0, 7], [1, 50]), [...read(0, 0, 1, 2, 3, 7, 8, 9)]);
    expect(removed).toEqual(new Map([[0, 3n], [1, 4n]]));
  });

  it('does not count records read before retention removed them', () => {
    expect(offsetsRemovedByRetention(ranges([0, 0, 4]), starts([0, 4]), read(0, 0, 1, 2, 3))).toEqual(new Map());
  });
});
