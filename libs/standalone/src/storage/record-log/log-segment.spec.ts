import { writeFile } from 'node:fs/promises';
import { useTempFolder } from '../files/temp-folder.test';
import { encodeRecordLine, type LogRecord } from './log-record';
import { INDEX_INTERVAL_BYTES, LogSegment } from './log-segment';

describe('LogSegment', () => {
  const folder = useTempFolder('log-segment');

  it('starts a read at the very record when records are larger than the index interval', () => {
    const segment = LogSegment.empty('/nowhere', 1000n);
    const bytes = INDEX_INTERVAL_BYTES * 2;
    segment.noteAppended(Array.from({ length: 600 }, () => bytes));
    // A count-based index (one position every 256 records) started offset 1599 at 1256, 343 records early.
    for (const from of [1000n, 1001n, 1255n, 1256n, 1599n]) expect(segment.seek(from)).toEqual({ offset: from, position: Number(from - 1000n) * bytes });
  });

  it('starts a read of small records less than the index interval before it', () => {
    const segment = LogSegment.empty('/nowhere', 0n);
    const sizes = Array.from({ length: 5000 }, (_, n) => 50 + ((n * 7919) % 400));
    segment.noteAppended(sizes);
    const startOf = (offset: number): number => sizes.slice(0, offset).reduce((sum, size) => sum + size, 0);
    for (const from of [0, 1, 163, 2500, 4999]) {
      const start = segment.seek(BigInt(from));
      expect(start.offset).toBeLessThanOrEqual(BigInt(from));
      expect(start.position).toBe(startOf(Number(start.offset)));
      expect(startOf(from) - start.position).toBeLessThan(INDEX_INTERVAL_BYTES);
    }
  });

  it('reads records of any size from any offset after a recover', async () => {
    const records: LogRecord[] = Array.from({ length: 40 }, (_, n) => ({ key: `k${n}`, value: 'x'.repeat(n % 3 === 0 ? 100_000 : 10), headers: {} }));
    const base = 7n;
    const segment = LogSegment.empty(folder(), base);
    await writeFile(segment.path, records.map(encodeRecordLine).join(''));
    const recovered = await LogSegment.recover(folder(), base, true);
    expect(recovered.next).toBe(base + 40n);
    for (const from of [0, 1, 3, 20, 39]) {
      const read = await recovered.read(base + BigInt(from), 2);
      expect(read.map((stored) => stored.key)).toEqual(records.slice(from, from + 2).map((record) => record.key));
      expect(read[0]?.offset).toBe(base + BigInt(from));
    }
  });
});
