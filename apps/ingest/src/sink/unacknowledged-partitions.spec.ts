import { unacknowledgedPartitions } from './unacknowledged-partitions';

describe('unacknowledgedPartitions', () => {
  const record = (partition?: number) => ({ key: 'k', value: 'v', ...(partition === undefined ? {} : { partition }) });
  const delivered = (partition: number) => ({ topic: 't', partition, baseOffset: '0' });

  it('names the explicit partitions Kafka did not acknowledge, once each and in order', () => {
    expect(unacknowledgedPartitions([record(4), record(0), record(2), record(4)], [delivered(0)])).toEqual([2, 4]);
  });

  it('is empty when every explicit partition was acknowledged, whatever the key-placed records did', () => {
    expect(unacknowledgedPartitions([record(1), record(), record(1)], [delivered(1)])).toEqual([]);
    expect(unacknowledgedPartitions([record()], [])).toEqual([]);
  });
});
