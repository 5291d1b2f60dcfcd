import { SnapshotError } from '@vigil/tick-engine';
import type { SectionWrite } from '../checkpoint/checkpoint-store';
import type { Point } from '@vigil/core';
import { pointIdentityOf } from './point-identity';
import { RetryWindow } from './retry-window';

/** Section entries as a store holds them after the given writes. */
function stored(writes: readonly (SectionWrite | undefined)[]): [string, string][] {
  const entries = new Map<string, string>();
  for (const write of writes) {
    if (!write) continue;
    for (const name of write.delete) entries.delete(name);
    for (const [name, text] of write.set) entries.set(name, text);
  }
  return [...entries];
}


describe('RetryWindow', () => {
  it('admits a point once and refuses it again while it is in the window', () => {
    const window = new RetryWindow(10);
    expect(window.admitIdentity(0, 1, 0n)).toBe(true);
    expect(window.admitIdentity(0, 2, 0n)).toBe(true);
    expect(window.admitIdentity(0, 1, 5n)).toBe(false);
    expect(window.size).toBe(2);
  });

  it('forgets the oldest point when the count is past its limit, one point at a time', () => {
    const window = new RetryWindow(3);
    for (const n of [1, 2, 3, 4]) expect(window.admitIdentity(0, n, BigInt(n))).toBe(true);
    expect(window.size).toBe(3);
    // 1 left the window: written again now, it is applied again (as Kapacitor would).
    expect(window.admitIdentity(0, 1, 5n)).toBe(true);
    expect(window.admitIdentity(0, 3, 6n)).toBe(false);
    expect(window.admitIdentity(0, 4, 6n)).toBe(false);
  });

  it('is off with a limit of 0', () => {
    const window = new RetryWindow(0);
    expect(window.admitIdentity(0, 1, 0n)).toBe(true);
    expect(window.admitIdentity(0, 1, 1n)).toBe(true);
    expect(window.write()).toBeUndefined();
  });

  it('writes one entry per step, named by its first offset, and deletes entries whose points all left', () => {
    const window = new RetryWindow(3);
    window.admitIdentity(0, 1, 10n);
    window.admitIdentity(0, 2, 11n);
    const first = window.write();
    expect([...(first?.set.keys() ?? [])]).toEqual(['10']);
    expect(first?.delete).toEqual([]);
    window.admitIdentity(0, 3, 12n);
    window.admitIdentity(0, 4, 13n);
    const second = window.write();
    // 1 left; 2 is still in the window, so entry 10 stays.
    expect([...(second?.set.keys() ?? [])]).toEqual(['12']);
    expect(second?.delete).toEqual([]);
    window.admitIdentity(0, 5, 14n);
    const third = window.write();
    expect(third?.delete).toEqual(['10']);
    expect(window.write()).toBeUndefined();
  });

  it('restores from its stored entries to the same decisions, whatever the step boundaries were', () => {
    const ids = Array.from({ length: 40 }, (_, n) => n);
    for (const stepSize of [1, 3, 7, 40]) {
      const straight = new RetryWindow(16);
      const writes: (SectionWrite | undefined)[] = [];
      ids.forEach((identity, n) => {
        straight.admitIdentity(0, identity, BigInt(n));
        if ((n + 1) % stepSize === 0) writes.push(straight.write());
      });
      writes.push(straight.write());
      const restored = new RetryWindow(16);
      restored.restore(stored(writes));
      expect(restored.size).toBe(16);
      // The last 16 points are known (a refused point changes nothing); the one before is not.
      for (let n = 24; n < 40; n++) expect(restored.admitIdentity(0, ids[n] as number, 100n)).toBe(false);
      expect(restored.admitIdentity(0, ids[23] as number, 100n)).toBe(true);
    }
  });

  it('keeps the last points when restored under a smaller limit, and deletes the entries past it', () => {
    const window = new RetryWindow(10);
    const writes: (SectionWrite | undefined)[] = [];
    for (let n = 0; n < 10; n++) {
      window.admitIdentity(0, n, BigInt(n));
      if (n % 2 === 1) writes.push(window.write());
    }
    const smaller = new RetryWindow(3);
    smaller.restore(stored(writes));
    expect(smaller.size).toBe(3);
    expect(smaller.admitIdentity(0, 9, 20n)).toBe(false);
    expect(smaller.admitIdentity(0, 7, 20n)).toBe(false);
    // 6 is in the stored entry '6' but out of the window: applied again, which expires 7, the last of '6'.
    expect(smaller.admitIdentity(0, 6, 20n)).toBe(true);
    const write = smaller.write();
    expect([...write!.delete].sort()).toEqual(['0', '2', '4', '6']);
    expect([...write!.set.keys()]).toEqual(['20']);
  });

  it('admits points by identity and stores each as 8 bytes, the 4-character identity big-endian (the entries earlier versions saved)', () => {
    const point: Point = { database: 'db', retentionPolicy: 'rp', name: 'cpu', tags: { host: 'a' }, fields: { value: 1.5 }, time: 10n };
    const other: Point = { ...point, time: 11n };
    const window = new RetryWindow(10);
    expect(window.admitPoint(point, 0n)).toBe(true);
    expect(window.admitPoint({ ...point, tags: { host: 'a' } }, 1n)).toBe(false);
    expect(window.admitPoint(other, 1n)).toBe(true);
    const entry = window.write()?.set.get('0') as string;
    const olderEntry = Buffer.alloc(16);
    [point, other].forEach((written, n) => [...pointIdentityOf(written)].forEach((char, c) => olderEntry.writeUInt16BE(char.charCodeAt(0), n * 8 + c * 2)));
    expect(entry).toBe(olderEntry.toString('base64'));
    const restored = new RetryWindow(10);
    restored.restore([['0', olderEntry.toString('base64')]]);
    expect(restored.admitPoint(point, 5n)).toBe(false);
    expect(restored.admitPoint(other, 5n)).toBe(false);
    expect(restored.admitPoint({ ...point, time: 12n }, 5n)).toBe(true);
  });

  it('keeps a window of many points across steps, identities coming and going', () => {
    const window = new RetryWindow(5_000);
    let step = 0n;
    for (let n = 0; n < 40_000; n++) {
      expect(window.admitIdentity(Math.imul(n, 2654435761) >>> 0, n, step)).toBe(true);
      if (n % 777 === 0) {
        window.write();
        step += 1n;
      }
    }
    expect(window.size).toBe(5_000);
    for (let n = 35_000; n < 40_000; n++) expect(window.admitIdentity(Math.imul(n, 2654435761) >>> 0, n, step)).toBe(false);
    expect(window.admitIdentity(Math.imul(34_999, 2654435761) >>> 0, 34_999, step)).toBe(true);
  });

  it('refuses stored entries that are not its own', () => {
    expect(() => new RetryWindow(5).restore([['x', '']])).toThrow(SnapshotError);
    expect(() => new RetryWindow(5).restore([['1', Buffer.from('abc').toString('base64')]])).toThrow(SnapshotError);
  });
});
