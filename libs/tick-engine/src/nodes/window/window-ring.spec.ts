import { Unsigned, type FieldValue } from '@vigil/core';
import { decodeField, encodeField } from '../../runtime/snapshot-codec';
import { WindowRing } from './window-ring';

const SECOND = 1_000_000_000n;
const DAY = 86_400n * SECOND;
const START = 1_709_287_200n * SECOND;
/** 2^53 ns, past which a time no longer fits a double offset from the first time. */
const REACH = 2n ** 53n;

type Item = FieldValue | undefined;

const encode = (item: Item): unknown => (item === undefined ? null : encodeField(item));
const decode = (encoded: unknown): Item => (encoded === null ? undefined : decodeField(encoded));

function column(): WindowRing<Item> {
  return new WindowRing<Item>(0, true);
}

/** The ring's snapshot, restored into a fresh ring. */
function restored(ring: WindowRing<Item>): WindowRing<Item> {
  const copy = column();
  copy.restore(JSON.parse(JSON.stringify(ring.snapshot(encode))), decode);
  return copy;
}

describe('WindowRing', () => {
  it('keeps exact times and items in insertion order, numbers and other values alike', () => {
    const ring = column();
    const items: Item[] = [1.5, -0, NaN, 7n, 'a', undefined, true, new Unsigned(3n), 2.25];
    items.forEach((item, i) => ring.insert(START + BigInt(i), item));
    expect(ring.orderedTimes()).toEqual(items.map((_, i) => START + BigInt(i)));
    expect(ring.orderedItems()).toEqual(items);
    expect(Object.is(ring.orderedItems()[1], -0)).toBe(true);
  });

  it('purges in insertion order, so a late point behind a kept one survives', () => {
    const ring = column();
    [0n, 8n, 3n].forEach((s) => ring.insert(START + s * SECOND, Number(s)));
    ring.purge(START + 5n * SECOND, true);
    expect(ring.orderedItems()).toEqual([8, 3]);
  });

  it('keeps a slot whose time equals the bound only when inclusive', () => {
    const inclusive = column();
    const exclusive = column();
    for (const ring of [inclusive, exclusive]) [1n, 2n].forEach((s) => ring.insert(START + s * SECOND, Number(s)));
    inclusive.purge(START + SECOND, true);
    exclusive.purge(START + SECOND, false);
    expect([inclusive.orderedItems(), exclusive.orderedItems()]).toEqual([[1, 2], [2]]);
  });

  it('stays exact when a group lives longer than 2^53 ns (about 104 days) after its first point', () => {
    const ring = column();
    const times = [START, START + 200n * DAY, START + 200n * DAY + 1n, START + 400n * DAY + 3n];
    times.forEach((time, i) => {
      ring.purge(time - DAY, true);
      ring.insert(time, i);
    });
    expect(ring.orderedTimes()).toEqual([START + 400n * DAY + 3n]);
    ring.insert(START + 400n * DAY + 4n, 9);
    ring.purge(START + 400n * DAY + 4n, true);
    expect([ring.orderedTimes(), ring.orderedItems()]).toEqual([[START + 400n * DAY + 4n], [9]]);
  });

  it('stays exact when it holds times further apart than 2^53 ns, down to int64 limits', () => {
    const ring = column();
    const times = [-(2n ** 63n) + 1n, -1n, 0n, REACH + 1n, 2n ** 63n - 1n];
    times.forEach((time, i) => ring.insert(time, i));
    expect(ring.orderedTimes()).toEqual(times);
    ring.purge(REACH + 1n, false);
    expect([ring.orderedTimes(), ring.orderedItems()]).toEqual([[2n ** 63n - 1n], [4]]);
  });

  it('compares times one nanosecond apart far from the first time', () => {
    const ring = column();
    ring.insert(START, 0);
    ring.insert(START + REACH - 2n, 1);
    ring.insert(START + REACH - 1n, 2);
    ring.purge(START + REACH - 1n, true);
    expect(ring.orderedItems()).toEqual([2]);
  });

  it('restores its snapshot to a ring that behaves the same, with offset, exact and boxed slots', () => {
    const cases: [bigint, Item][][] = [
      [0n, 1n, 2n, 3n, 4n].map((s) => [START + s * SECOND, Number(s)]),
      [[START, 1], [START + 300n * DAY, 'x'], [START + 301n * DAY, 2n]],
      [[-(2n ** 62n), 1.5], [2n ** 62n, 2.5]],
    ];
    for (const inserts of cases) {
      const ring = column();
      inserts.forEach(([time, item]) => ring.insert(time, item));
      ring.purge(inserts[1]?.[0] ?? 0n, true);
      const copy = restored(ring);
      expect(copy.snapshot(encode)).toEqual(ring.snapshot(encode));
      for (const one of [ring, copy]) one.insert((inserts.at(-1)?.[0] ?? 0n) + 1n, 7);
      expect([copy.orderedTimes(), copy.orderedItems()]).toEqual([ring.orderedTimes(), ring.orderedItems()]);
    }
  });

  it('reads a snapshot written before times were kept as offsets', () => {
    // The JSON form is unchanged: a BigInt ring of capacity 6 wrapped around, its first slot purged.
    const saved = {
      slots: [null, ['1709287210000000000', 2], ['1709287220000000000', 3], ['1709287230000000000', { i: '4' }], ['1709287240000000000', 5.5], ['1709287250000000000', 6]],
      capacity: 6,
      start: 1,
      stop: 6,
      size: 5,
    };
    const ring = column();
    ring.restore(saved, decode);
    expect(ring.snapshot(encode)).toEqual(saved);
    ring.purge(1_709_287_230_000_000_000n, true);
    expect([ring.orderedTimes(), ring.orderedItems()]).toEqual([[1_709_287_230_000_000_000n, 1_709_287_240_000_000_000n, 1_709_287_250_000_000_000n], [4n, 5.5, 6]]);
  });
});
