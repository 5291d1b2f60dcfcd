import type { OutgoingMessage } from '@vigil/kafka';
import { sendBatches } from './send-batches';

const record = (key: string | null, size: number): OutgoingMessage => ({ key, value: Buffer.alloc(size, 97) });

describe('sendBatches', () => {
  it('keeps every record in order, in sends of at most the limit counting keys and values', () => {
    const records = [record('k', 39), record('kk', 38), record('k', 50), record(null, 10), record('k', 29)];
    expect(sendBatches(records, 80)).toEqual([[records[0], records[1]], [records[2], records[3]], [records[4]]]);
  });

  it('sends a record larger than the limit alone', () => {
    const records = [record('k', 10), record('k', 200), record('k', 10)];
    expect(sendBatches(records, 80)).toEqual([[records[0]], [records[1]], [records[2]]]);
  });

  it('makes one send of a small request and none of an empty one', () => {
    const records = [record('a', 1), record('b', 1)];
    expect(sendBatches(records)).toEqual([records]);
    expect(sendBatches([])).toEqual([]);
  });
});
