import { partitionForKey } from './key-partition';

describe('partitionForKey', () => {
  // Java's Utils.murmur2 of these keys (Kafka's own UtilsTest), made positive with & 0x7fffffff.
  it.each([
    ['21', -973932308],
    ['foobar', -790332482],
    ['a-little-bit-long-string', -985981536],
    ['a-little-bit-longer-string', -1486304829],
    ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
  ])('places %s where Java clients do', (key, hash) => {
    for (const partitions of [1, 6, 7, 100]) expect(partitionForKey(key, partitions)).toBe((hash & 0x7fffffff) % partitions);
  });
});
