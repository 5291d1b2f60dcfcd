import { appendFile, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { useTempFolder } from '../files/temp-folder.test';
import { FileRecordLog } from './file-record-log';
import type { LogRecord } from './log-record';
import { CorruptLineError } from '../files/corrupt-line.error';
import { RecordLogRangeError } from './record-log-errors';
import { diskFullSwitch } from '../files/disk-full.test';
import type { TornTail } from '../files/torn-tail';
import { recordLogConformance } from '@vigil/testing';

function record(n: number): LogRecord {
  return { key: `k${n}`, value: `value ${n}\nwith "quotes"`, headers: { n: String(n) } };
}

describe('FileRecordLog, the port', () => {
  const folder = useTempFolder('record-log-conformance');
  let open: FileRecordLog[] = [];
  const openIn = async (path: string): Promise<FileRecordLog> => {
    const log = await FileRecordLog.open(path);
    open.push(log);
    return log;
  };

  afterEach(async () => {
    await Promise.all(open.map((log) => log.close()));
    open = [];
  });

  // A reopen closes the log first, as a restart does, and reads its segments back.
  recordLogConformance('FileRecordLog', async () => {
    const log = await openIn(folder());
    return {
      log,
      reopen: async () => {
        await log.close();
        return openIn(folder());
      },
    };
  });
});

describe('FileRecordLog', () => {
  const folder = useTempFolder('record-log');

  it('rolls segments, reads across them and truncates whole segments', async () => {
    const log = await FileRecordLog.open(folder(), { segmentBytes: 200 });
    for (let n = 0; n < 600; n += 1) await log.append([record(n)]);
    const files = (await readdir(folder())).sort();
    expect(files.length).toBeGreaterThan(3);
    expect(files[0]).toBe('00000000000000000000.log');
    const all = await log.read(0n, 1000);
    expect(all.map((stored) => stored.offset)).toEqual([...Array(600).keys()].map(BigInt));
    expect((await log.read(299n, 3)).map((stored) => stored.key)).toEqual(['k299', 'k300', 'k301']);

    const deleted = await log.truncateBefore(300n);
    expect(deleted).toBeGreaterThan(0);
    expect(log.start()).toBeLessThanOrEqual(300n);
    expect((await log.read(300n, 1))[0]?.key).toBe('k300');
    await expect(log.read(0n, 1)).rejects.toBeInstanceOf(RecordLogRangeError);
    // Retention by size weighs what is on disk: one entry per file left, named by its base.
    const sizes = log.segmentSizes();
    const left = (await readdir(folder())).sort();
    expect(sizes.map(({ base }) => `${base.toString().padStart(20, '0')}.log`)).toEqual(left);
    expect(sizes.map(({ bytes }) => bytes)).toEqual(await Promise.all(left.map(async (name) => (await stat(join(folder(), name))).size)));
    expect(sizes[0]?.base).toBe(log.start());
    await log.close();

    const reopened = await FileRecordLog.open(folder(), { segmentBytes: 200 });
    expect(reopened.start()).toBe(log.start());
    expect(reopened.end()).toBe(600n);
    expect((await reopened.read(599n, 5)).map((stored) => stored.key)).toEqual(['k599']);
    await reopened.close();
  });

  it('finds records past the sparse index in a large segment', async () => {
    const log = await FileRecordLog.open(folder());
    await log.append([...Array(1000).keys()].map(record));
    expect((await log.read(777n, 2)).map((stored) => stored.key)).toEqual(['k777', 'k778']);
    await log.close();
  });

  it('cuts off a line torn by a crash in the last segment', async () => {
    const log = await FileRecordLog.open(folder());
    await log.append([record(0), record(1)]);
    await log.close();
    const segment = join(folder(), '00000000000000000000.log');
    await appendFile(segment, '{"key":"k2","val');
    const torn: TornTail[] = [];
    const reopened = await FileRecordLog.open(folder(), { onTornTail: (tail) => torn.push(tail) });
    expect(torn).toEqual([{ file: segment, position: (await readFile(segment)).length, bytes: 16 }]);
    expect(reopened.end()).toBe(2n);
    await reopened.append([record(2)]);
    expect((await reopened.read(0n, 10)).map((stored) => stored.key)).toEqual(['k0', 'k1', 'k2']);
    await reopened.close();
    expect((await readFile(segment, 'utf8')).split('\n')).toHaveLength(4);
  });

  it('refuses a corrupt line that is not the last, naming file and line', async () => {
    const segment = join(folder(), '00000000000000000000.log');
    const good = JSON.stringify(record(0));
    await writeFile(segment, `${good}\nnot json\n${good}\n`);
    const opened = FileRecordLog.open(folder());
    await expect(opened).rejects.toBeInstanceOf(CorruptLineError);
    await expect(opened).rejects.toThrow(`${segment}:2 (byte ${good.length + 1}): corrupt line`);
  });

  it('recovers by itself from a full disk: a refused append leaves nothing, takes no offsets, and is not applied twice when retried', async () => {
    const disk = await diskFullSwitch();
    const outcomes: string[] = [];
    try {
      const log = await FileRecordLog.open(folder(), { health: { failed: (_part, error) => outcomes.push(`failed ${(error as NodeJS.ErrnoException).code}`), succeeded: () => outcomes.push('ok') } });
      await log.append([record(0), record(1)]);
      disk.full = true;
      // Two concurrent appends share the failed write: both are refused.
      const refused = await Promise.allSettled([log.append([record(2)]), log.append([record(3)])]);
      expect(refused.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
      expect(log.end()).toBe(2n);
      disk.full = false;
      // The writer retries what it was refused: each record once, at the offsets the refused ones did not take.
      expect(await log.append([record(2)])).toEqual({ first: 2n, next: 3n });
      expect(await log.append([record(3)])).toEqual({ first: 3n, next: 4n });
      await log.close();
      const reopened = await FileRecordLog.open(folder());
      expect((await reopened.read(0n, 10)).map((stored) => stored.key)).toEqual(['k0', 'k1', 'k2', 'k3']);
      await reopened.close();
      expect(outcomes).toEqual(['ok', 'failed ENOSPC', 'ok', 'ok']);
    } finally {
      disk.restore();
    }
  });

  it('keeps the current segment when the next one cannot be started, and rolls once there is space', async () => {
    const log = await FileRecordLog.open(folder(), { segmentBytes: 100 });
    await log.append([record(0), record(1)]);
    const disk = await diskFullSwitch();
    try {
      disk.full = true;
      await expect(log.append([record(2)])).rejects.toMatchObject({ code: 'ENOSPC' });
      disk.full = false;
      await log.append([record(2)]);
    } finally {
      disk.restore();
    }
    await log.close();
    const reopened = await FileRecordLog.open(folder(), { segmentBytes: 100 });
    expect((await reopened.read(0n, 10)).map((stored) => stored.key)).toEqual(['k0', 'k1', 'k2']);
    expect((await readdir(folder())).sort()).toEqual(['00000000000000000000.log', '00000000000000000002.log']);
    await reopened.close();
  });
});
