import type { Point } from '@vigil/core';
import { InMemoryLog } from '../tailing/in-memory-log.test';
import { HandoverPointLog, isHandedOver } from './handover-point-log';
import { pointRecordsOf } from './point-records';

const point = (value: number): Point => ({ database: 'vigil', retentionPolicy: 'autogen', name: 'cpu', tags: { host: 'a' }, fields: { v: value }, time: BigInt(value) });
/** One record per point, as one write request each. */
const write = async (log: HandoverPointLog, from: number, to: number): Promise<void> => {
  for (let value = from; value < to; value++) await log.append(pointRecordsOf([point(value)]));
};
const offsets = (records: readonly { offset: bigint }[]): bigint[] => records.map((record) => record.offset);

describe('HandoverPointLog', () => {
  it('appends to the log and gives a reader that keeps up the very points written, until it reads past them', async () => {
    const file = new InMemoryLog();
    const log = new HandoverPointLog(file, 1024);
    expect(await log.read(0n, 10)).toEqual([]);
    await write(log, 0, 3);
    expect(file.end()).toBe(3n);
    const read = await log.read(0n, 10);
    expect(offsets(read)).toEqual([0n, 1n, 2n]);
    expect(read.every(isHandedOver)).toBe(true);
    expect(read.map((record) => (isHandedOver(record) ? record.points[0]?.fields['v'] : undefined))).toEqual([0, 1, 2]);
    // The same records as the log holds, with the points beside them.
    expect(read.map(({ offset, key, value, headers }) => ({ offset, key, value, headers }))).toEqual(await file.read(0n, 10));
    expect(offsets(await log.read(1n, 1))).toEqual([1n]);
    expect(log.size()).toBe(2);
    // Below what it forgot, the reader gets the log's own records (a step sent back after a failure).
    const again = await log.read(0n, 2);
    expect(offsets(again)).toEqual([0n, 1n]);
    expect(again.some(isHandedOver)).toBe(false);
  });

  it('keeps nothing beyond its byte budget: the reader takes those records from the log, and new ones from memory once it caught up', async () => {
    const file = new InMemoryLog();
    const value = pointRecordsOf([point(0)])[0]?.value.length ?? 0;
    const log = new HandoverPointLog(file, 2 * value);
    await log.read(0n, 10);
    await write(log, 0, 4);
    expect(log.size()).toBe(2);
    expect((await log.read(0n, 10)).map(isHandedOver)).toEqual([true, true]);
    expect((await log.read(2n, 10)).map(isHandedOver)).toEqual([false, false]);
    await write(log, 4, 5);
    expect((await log.read(4n, 10)).map(isHandedOver)).toEqual([true]);
  });

  it('keeps nothing while the reader is behind, and keeps again once it caught up', async () => {
    const file = new InMemoryLog();
    const log = new HandoverPointLog(file, 1024);
    await write(log, 0, 3);
    expect(log.size()).toBe(0);
    expect((await log.read(0n, 1)).map(isHandedOver)).toEqual([false]);
    await write(log, 3, 4);
    expect(log.size()).toBe(0);
    expect((await log.read(1n, 10)).map(isHandedOver)).toEqual([false, false, false]);
    await write(log, 4, 6);
    expect((await log.read(4n, 10)).map(isHandedOver)).toEqual([true, true]);
  });

  it('keeps nothing of an append the log refused', async () => {
    const file = new InMemoryLog();
    const log = new HandoverPointLog(file, 1024);
    await log.read(0n, 10);
    file.failNext = new Error('ENOSPC: no space left on device');
    await expect(log.append(pointRecordsOf([point(1)]))).rejects.toThrow('ENOSPC');
    expect(log.size()).toBe(0);
    await write(log, 2, 3);
    const read = await log.read(0n, 10);
    expect(offsets(read)).toEqual([0n]);
    expect(read.map(isHandedOver)).toEqual([true]);
  });

  it('wakes a waiting reader only once the appended records can be read from memory', async () => {
    const file = new InMemoryLog();
    const log = new HandoverPointLog(file, 1024);
    const woken = log.waitForAppend(0n).then(async () => log.read(0n, 10));
    await write(log, 0, 1);
    expect((await woken).map(isHandedOver)).toEqual([true]);
  });
});
