import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { useTempFolder } from '../files/temp-folder.test';
import { diskFullSwitch } from '../files/disk-full.test';
import { deliveryLedgerConformance } from '@vigil/testing';
import { FileDeliveryLedger } from './file-delivery-ledger';

describe('FileDeliveryLedger, the port', () => {
  const folder = useTempFolder('ledger-conformance');
  let open: FileDeliveryLedger[] = [];
  const openAt = async (path: string): Promise<FileDeliveryLedger> => {
    const ledger = await FileDeliveryLedger.open(path);
    open.push(ledger);
    return ledger;
  };

  afterEach(async () => {
    await Promise.all(open.map((ledger) => ledger.close()));
    open = [];
  });

  // A reopen closes the ledger first, as a restart does, and reads the file back.
  deliveryLedgerConformance('FileDeliveryLedger', async () => {
    const path = join(folder(), 'delivery-ledger.log');
    const ledger = await openAt(path);
    return {
      ledger,
      reopen: async () => {
        await ledger.close();
        return openAt(path);
      },
    };
  });
});

describe('FileDeliveryLedger', () => {
  const folder = useTempFolder('ledger');
  const path = (): string => join(folder(), 'delivery-ledger.log');
  let now = 1_000;
  const nowMs = (): number => now;

  beforeEach(() => {
    now = 1_000;
  });

  it('remembers settlements across a reopen', async () => {
    const ledger = await FileDeliveryLedger.open(path(), { nowMs });
    expect(await ledger.settlement('e1', '0:post')).toBeUndefined();
    await Promise.all([ledger.markDelivered('e1', '0:post'), ledger.markDead('e1', '1:slack'), ledger.markDelivered('e 2', '0:log')]);
    await ledger.close();
    expect(await readFile(path(), 'utf8')).toBe('delivered e1 0:post 1000\ndead e1 1:slack 1000\ndelivered e%202 0:log 1000\n');

    const reopened = await FileDeliveryLedger.open(path(), { nowMs });
    expect(await reopened.settlement('e1', '0:post')).toBe('delivered');
    expect(await reopened.settlement('e1', '1:slack')).toBe('dead');
    expect(await reopened.settlement('e 2', '0:log')).toBe('delivered');
    expect(await reopened.settlement('e1', '2:post')).toBeUndefined();
    await reopened.close();
  });

  it('follows the Redis ledger: delivered wins, dead keeps the first mark, clearing only undoes dead', async () => {
    const ledger = await FileDeliveryLedger.open(path(), { nowMs });
    await ledger.markDelivered('e1', '0:post');
    await ledger.markDead('e1', '0:post');
    expect(await ledger.settlement('e1', '0:post')).toBe('delivered');
    expect(await ledger.takeDead('e1', '0:post')).toBe(false);

    await ledger.markDead('e2', '0:post');
    const takes = await Promise.all([ledger.takeDead('e2', '0:post'), ledger.takeDead('e2', '0:post')]);
    expect(takes.sort()).toEqual([false, true]);
    expect(await ledger.settlement('e2', '0:post')).toBeUndefined();
    await ledger.markDead('e3', '0:post');
    await ledger.markDelivered('e3', '0:post');
    expect(await ledger.settlement('e3', '0:post')).toBe('delivered');
    await ledger.close();

    const reopened = await FileDeliveryLedger.open(path(), { nowMs });
    expect(await reopened.settlement('e2', '0:post')).toBeUndefined();
    expect(await reopened.settlement('e3', '0:post')).toBe('delivered');
    await reopened.close();
  });

  it('forgets settlements older than the retention', async () => {
    const ledger = await FileDeliveryLedger.open(path(), { nowMs, retentionMs: 100 });
    await ledger.markDelivered('e1', '0:post');
    now = 1_101;
    expect(await ledger.settlement('e1', '0:post')).toBeUndefined();
    await ledger.close();
  });

  it('compacts at open to the live pairs', async () => {
    const ledger = await FileDeliveryLedger.open(path(), { nowMs });
    for (let n = 0; n < 10; n += 1) {
      await ledger.markDead(`e${n}`, '0:post');
      await ledger.clearDead(`e${n}`, '0:post');
    }
    await ledger.markDelivered('kept', '0:post');
    await ledger.close();
    const compacted = await FileDeliveryLedger.open(path(), { nowMs, compactAtLines: 5 });
    expect(await readFile(path(), 'utf8')).toBe('delivered kept 0:post 1000\n');
    expect(compacted.size()).toBe(1);
    await compacted.markDelivered('after', '0:post');
    await compacted.close();
    expect(await readFile(path(), 'utf8')).toBe('delivered kept 0:post 1000\ndelivered after 0:post 1000\n');
  });

  it('compacts while running once the file holds twice the live pairs, dropping expired ones', async () => {
    const ledger = await FileDeliveryLedger.open(path(), { nowMs, retentionMs: 100, compactAtLines: 20 });
    for (let n = 0; n < 30; n += 1) await ledger.markDelivered(`old${n}`, '0:post');
    // At 20 lines every pair was live: nothing to gain, so the next check waits for 40 lines.
    expect((await readFile(path(), 'utf8')).split('\n')).toHaveLength(31);
    now = 1_200;
    for (let n = 0; n < 15; n += 1) await ledger.markDelivered(`new${n}`, '0:post');
    await ledger.compacted();
    const lines = (await readFile(path(), 'utf8')).split('\n').filter((line) => line !== '');
    // The 30 expired pairs are gone; the 15 live ones are there once each (a line may repeat only
    // when it was marked while the snapshot was taken, which sequential marks never are).
    expect(lines.sort()).toEqual(Array.from({ length: 15 }, (_, n) => `delivered new${n} 0:post 1200`).sort());
    await ledger.close();

    const reopened = await FileDeliveryLedger.open(path(), { nowMs, retentionMs: 100 });
    expect(reopened.size()).toBe(15);
    for (let n = 0; n < 15; n += 1) expect(await reopened.settlement(`new${n}`, '0:post')).toBe('delivered');
    expect(await reopened.settlement('old0', '0:post')).toBeUndefined();
    await reopened.close();
  });

  it('keeps every mark made while a compaction runs', async () => {
    const ledger = await FileDeliveryLedger.open(path(), { nowMs, compactAtLines: 64 });
    for (let n = 0; n < 31; n += 1) {
      await ledger.markDead(`churn${n}`, '0:post');
      await ledger.takeDead(`churn${n}`, '0:post');
    }
    // Four writers mark at once, so the compaction that starts near line 64 runs while they go on.
    const writers = Array.from({ length: 4 }, async (_, writer) => {
      for (let n = 0; n < 50; n += 1) await ledger.markDelivered(`w${writer}-${n}`, `${writer}:post`);
    });
    await Promise.all(writers);
    await ledger.compacted();
    await ledger.close();
    const text = await readFile(path(), 'utf8');
    expect(text).not.toMatch(/^(dead|cleared) /m);
    expect(text.split('\n').length - 1).toBeLessThan(262);

    const reopened = await FileDeliveryLedger.open(path(), { nowMs });
    expect(reopened.size()).toBe(200);
    for (let writer = 0; writer < 4; writer += 1) {
      for (let n = 0; n < 50; n += 1) expect(await reopened.settlement(`w${writer}-${n}`, `${writer}:post`)).toBe('delivered');
    }
    await reopened.close();
  });

  it('cuts a torn last line and refuses a corrupt one elsewhere', async () => {
    await writeFile(path(), 'delivered e1 0:post 1000\n');
    await appendFile(path(), 'delivered e2 0:po');
    const ledger = await FileDeliveryLedger.open(path(), { nowMs });
    expect(await ledger.settlement('e1', '0:post')).toBe('delivered');
    expect(ledger.size()).toBe(1);
    await ledger.markDelivered('e3', '0:post');
    await ledger.close();
    expect(await readFile(path(), 'utf8')).toBe('delivered e1 0:post 1000\ndelivered e3 0:post 1000\n');

    await writeFile(path(), 'delivered e1 0:post 1000\nshipped e2 0:post 1000\ndead e3 0:post 1000\n');
    await expect(FileDeliveryLedger.open(path(), { nowMs })).rejects.toThrow(`${path()}:2 (byte 25): corrupt line (unknown verb "shipped")`);
  });

  it('keeps a mark whose write failed, refuses settlements while it cannot be written, and writes it once there is space', async () => {
    const ledger = await FileDeliveryLedger.open(path(), { nowMs });
    await ledger.markDelivered('e1', '0:post');
    const disk = await diskFullSwitch();
    try {
      disk.full = true;
      // The send happened; its mark cannot be written.
      await expect(ledger.markDelivered('e2', '0:post')).rejects.toMatchObject({ code: 'ENOSPC' });
      // Nothing is sent while the ledger cannot record: the scheduler's dedup step fails.
      await expect(ledger.settlement('e3', '0:post')).rejects.toMatchObject({ code: 'ENOSPC' });
      expect(await readFile(path(), 'utf8')).toBe('delivered e1 0:post 1000\n');
      disk.full = false;
      // Space is back: the first settlement writes the kept mark, and the pair is not sent again.
      expect(await ledger.settlement('e2', '0:post')).toBe('delivered');
    } finally {
      disk.restore();
    }
    await ledger.markDelivered('e3', '0:post');
    await ledger.close();
    expect(await readFile(path(), 'utf8')).toBe('delivered e1 0:post 1000\ndelivered e2 0:post 1000\ndelivered e3 0:post 1000\n');
  });

  it('writes a mark kept from a failed write when it closes, if there is space by then', async () => {
    const ledger = await FileDeliveryLedger.open(path(), { nowMs });
    const disk = await diskFullSwitch();
    try {
      disk.full = true;
      await expect(ledger.markDelivered('e1', '0:post')).rejects.toMatchObject({ code: 'ENOSPC' });
      disk.full = false;
    } finally {
      disk.restore();
    }
    await ledger.close();
    expect(await readFile(path(), 'utf8')).toBe('delivered e1 0:post 1000\n');
  });
});
