import type { CheckpointStore, PartitionRef, SectionWrite } from '@vigil/evaluation';

/** A store under test and a partition no other test of the run uses. */
export interface CheckpointStoreUnderTest {
  readonly store: CheckpointStore;
  readonly partition: PartitionRef;
}

const change = (set: Record<string, string>, options: { replace?: boolean; delete?: string[] } = {}): SectionWrite => ({
  replace: options.replace ?? false,
  set: new Map(Object.entries(set)),
  delete: options.delete ?? [],
});

async function scanAll(store: CheckpointStore, partition: PartitionRef, section: string): Promise<{ entries: Map<string, string>; chunks: number }> {
  const entries = new Map<string, string>();
  let chunks = 0;
  for await (const chunk of store.scanEntries(partition, section)) {
    chunks += 1;
    for (const [name, value] of chunk) entries.set(name, value);
  }
  return { entries, chunks };
}

/**
 * The contract of `CheckpointStore` (`@vigil/evaluation`), run by every implementation (Redis,
 * memory, ...): atomic saves of offset, fields and section changes; the offset never moves
 * backwards; a save with a base applies only onto that stored offset; entries read with the
 * offset they belong to; sections streamed in chunks.
 */
export function checkpointStoreConformance(name: string, open: () => Promise<CheckpointStoreUnderTest>): void {
  describe(`${name} (CheckpointStore conformance)`, () => {
    it('holds nothing for a partition never saved', async () => {
      const { store, partition } = await open();
      expect(await store.load(partition)).toBeUndefined();
      expect(await store.readEntries(partition, 'groups:t', ['a'])).toEqual({ offset: undefined, entries: new Map() });
      expect((await scanAll(store, partition, 'groups:t')).entries.size).toBe(0);
    });

    it('saves the fields whole and changes sections entry by entry', async () => {
      const { store, partition } = await open();
      const first = { fields: { 'task:t': 'one', format: 'v2' }, sections: new Map([['groups:t', change({ a: '1', b: '2', c: '3' })]]), base: null };
      expect(await store.save(partition, '10', first)).toEqual({ saved: true });
      const second = { fields: { 'task:t': 'two' }, sections: new Map([['groups:t', change({ b: '20', d: '4' }, { delete: ['c'] })], ['keys:t', change({ k: 'v' })]]), base: '10' };
      expect(await store.save(partition, '25', second)).toEqual({ saved: true });
      expect(await store.load(partition)).toEqual({ offset: '25', fields: { 'task:t': 'two' } });
      expect(await store.readEntries(partition, 'groups:t', ['a', 'b', 'c', 'd', 'e'])).toEqual({
        offset: '25',
        entries: new Map([
          ['a', '1'],
          ['b', '20'],
          ['d', '4'],
        ]),
      });
      expect((await scanAll(store, partition, 'keys:t')).entries).toEqual(new Map([['k', 'v']]));
    });

    it('drops a section before writing it when the change replaces it', async () => {
      const { store, partition } = await open();
      await store.save(partition, '1', { fields: {}, sections: new Map([['groups:t', change({ a: '1', b: '2' })]]) });
      await store.save(partition, '2', { fields: {}, sections: new Map([['groups:t', change({ c: '3' }, { replace: true })]]), base: '1' });
      expect((await scanAll(store, partition, 'groups:t')).entries).toEqual(new Map([['c', '3']]));
    });

    it('streams a large section in several chunks, never as one value', async () => {
      const { store, partition } = await open();
      const set: Record<string, string> = {};
      for (let i = 0; i < 5_000; i++) set[`host=h${i}`] = JSON.stringify({ seq: i, nodes: { state_count2: { s: i } } });
      expect(await store.save(partition, '7', { fields: { 'task:t': '{}' }, sections: new Map([['groups:t', change(set)]]) })).toEqual({ saved: true });
      const { entries, chunks } = await scanAll(store, partition, 'groups:t');
      expect(entries.size).toBe(5_000);
      expect(entries.get('host=h4321')).toBe(set['host=h4321']);
      expect(chunks).toBeGreaterThan(1);
    });

    it('refuses to move the offset backwards, reporting the stored offset, and accepts an equal one', async () => {
      const { store, partition } = await open();
      await store.save(partition, '100', { fields: { s: 'new' } });
      expect(await store.save(partition, '99', { fields: { s: 'old' } })).toEqual({ saved: false, storedOffset: '100' });
      // Longer decimal strings are larger: 1000 > 999 although "1000" < "999" as text.
      expect(await store.save(partition, '1000', { fields: { s: 'newer' } })).toEqual({ saved: true });
      expect(await store.save(partition, '999', { fields: { s: 'stale' } })).toEqual({ saved: false, storedOffset: '1000' });
      expect(await store.save(partition, '1000', { fields: { s: 'same offset, same state' } })).toEqual({ saved: true });
      expect(await store.load(partition)).toEqual({ offset: '1000', fields: { s: 'same offset, same state' } });
    });

    it('applies a write with a base only onto that stored offset, and a refused save changes nothing', async () => {
      const { store, partition } = await open();
      const groups = (set: Record<string, string>) => new Map([['groups:t', change(set)]]);
      expect(await store.save(partition, '5', { fields: { f: 'a' }, sections: groups({ g: '1' }), base: '4' })).toEqual({ saved: false, storedOffset: 'none' });
      expect(await store.save(partition, '5', { fields: { f: 'a' }, sections: groups({ g: '1' }), base: null })).toEqual({ saved: true });
      expect(await store.save(partition, '9', { fields: { f: 'b' }, sections: groups({ g: '2' }), base: null })).toEqual({ saved: false, storedOffset: '5' });
      expect(await store.save(partition, '9', { fields: { f: 'b' }, sections: groups({ g: '2' }), base: '7' })).toEqual({ saved: false, storedOffset: '5' });
      expect(await store.load(partition)).toEqual({ offset: '5', fields: { f: 'a' } });
      expect((await store.readEntries(partition, 'groups:t', ['g'])).entries).toEqual(new Map([['g', '1']]));
      expect(await store.save(partition, '9', { fields: { f: 'b' }, sections: groups({ g: '2' }), base: '5' })).toEqual({ saved: true });
      expect(await store.readEntries(partition, 'groups:t', ['g'])).toEqual({ offset: '9', entries: new Map([['g', '2']]) });
    });

    it('keeps partitions apart', async () => {
      const { store, partition } = await open();
      const other = { topic: partition.topic, partition: partition.partition + 1 };
      await store.save(partition, '3', { fields: { f: 'x' }, sections: new Map([['groups:t', change({ g: '1' })]]) });
      expect(await store.load(other)).toBeUndefined();
      expect((await store.readEntries(other, 'groups:t', ['g'])).entries.size).toBe(0);
    });
  });
}
