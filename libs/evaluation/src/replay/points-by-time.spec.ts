import type { Point } from '@vigil/core';
import { pointsByTime } from './points-by-time';

const at = (host: string, seconds: number): Point => ({ database: 'db', retentionPolicy: 'autogen', name: 'cpu', tags: { host }, fields: { v: 1 }, time: BigInt(seconds) * 1_000_000_000n });
const label = (point: Point): string => `${point.tags['host']}@${point.time / 1_000_000_000n}`;

describe('pointsByTime', () => {
  it('interleaves partitions in time order into the order of a file sorted by time', () => {
    const merged = pointsByTime(new Map([[1, [at('b', 2), at('b', 5)]], [0, [at('a', 1), at('a', 3), at('a', 6)]], [2, [at('c', 4)]]]));
    expect(merged.map(label)).toEqual(['a@1', 'b@2', 'a@3', 'c@4', 'b@5', 'a@6']);
  });

  it('puts the lower partition first on equal times', () => {
    expect(pointsByTime(new Map([[2, [at('c', 1)]], [0, [at('a', 1)]], [1, [at('b', 1)]]])).map(label)).toEqual(['a@1', 'b@1', 'c@1']);
  });

  it("keeps a partition's offset order: a late point stays behind the newer points written before it", () => {
    const merged = pointsByTime(new Map([[0, [at('a', 5), at('a', 1), at('a', 7)]], [1, [at('b', 3), at('b', 6)]]]));
    expect(merged.map(label)).toEqual(['b@3', 'a@5', 'a@1', 'b@6', 'a@7']);
  });

  it('is empty for no points', () => {
    expect(pointsByTime(new Map([[0, []]]))).toEqual([]);
  });
});
