import { RECORD_BATCH_OVERHEAD, recordBytes } from '@vigil/topic-contract';
import type { OutgoingMessage } from './acked-producer';
import { sendBatches } from './send-batches';

const record = (partition: number | undefined, size: number): OutgoingMessage => ({ key: 'k', value: Buffer.alloc(size, 97), ...(partition === undefined ? {} : { partition }) });
/** The batch bytes of records of these value sizes on one partition, keyed 'k', without headers. */
const batchOf = (...sizes: number[]): number => RECORD_BATCH_OVERHEAD + sizes.reduce((sum, size) => sum + recordBytes(1, size, 1), 0);

describe('sendBatches', () => {
  it('keeps every partition\'s batch within the limit, cutting sends where one would pass it, in order', () => {
    const limit = batchOf(100, 100);
    const records = [record(0, 100), record(1, 100), record(0, 100), record(1, 100), record(0, 100), record(1, 10)];
    expect(sendBatches(records, limit)).toEqual([records.slice(0, 4), records.slice(4)]);
  });

  it('makes one send of a request whose every partition fits, however large in all', () => {
    const records = Array.from({ length: 12 }, (_, i) => record(i, 500));
    expect(sendBatches(records, batchOf(500))).toEqual([records]);
  });

  it('counts records without a partition against one batch, since kafkajs places them', () => {
    const records = [record(undefined, 100), record(undefined, 100), record(undefined, 100)];
    expect(sendBatches(records, batchOf(100, 100))).toEqual([records.slice(0, 2), records.slice(2)]);
  });

  it('bounds a send in all, and sends a record larger than the limit alone', () => {
    const records = [record(0, 10), record(1, 10), record(2, 10)];
    expect(sendBatches(records, 1_000_000, 2 * recordBytes(1, 10, 1))).toEqual([records.slice(0, 2), records.slice(2)]);
    const big = [record(0, 10), record(0, 5_000), record(0, 10)];
    expect(sendBatches(big, batchOf(100))).toEqual([[big[0]], [big[1]], [big[2]]]);
  });

  it('makes no send of an empty request', () => {
    expect(sendBatches([])).toEqual([]);
  });
});
