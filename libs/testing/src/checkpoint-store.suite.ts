import type { CheckpointStore, PartitionRef, SectionWrite } from '@vigil/evaluation';

/** A store under test and a partition no other test of the run uses. */
export interface CheckpointStoreUnderTest {
  readonly store: CheckpointStore;
  readonly partition: PartitionRef;
  /**
   * Opens the same store again (the first one closed, as across a restart); absent for a store
   * that lives as long as its process.
   */
  readonly reopen?: () => Promise<CheckpointStore>;
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
 * offset they belong to; sections streamed in chunks; a durable store keeps it all across a reopen.
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

    it('keeps the entries of every section when a save changes none, and deletes entries one by one', async () => {
      const { store, partition } = await open();
      await store.save(partition, '1', { fields: { f: 'a' }, sections: new Map([['groups:t', change({ a: '1', b: '2' })], ['keys:t', change({ k: 'v' })]]), base: null });
      expect(await store.save(partition, '2', { fields: { f: 'b' }, base: '1' })).toEqual({ saved: true });
      expect(await store.readEntries(partition, 'groups:t', ['a', 'b'])).toEqual({ offset: '2', entries: new Map([['a', '1'], ['b', '2']]) });
      expect((await scanAll(store, partition, 'keys:t')).entries).toEqual(new Map([['k', 'v']]));
      // A delete of an entry never stored is no error; deleting the last entry leaves the section empty.
      await store.save(partition, '3', { fields: { f: 'c' }, sections: new Map([['groups:t', change({}, { delete: ['a', 'b', 'never'] })]]), base: '2' });
      expect(await store.readEntries(partition, 'groups:t', ['a', 'b', 'never'])).toEqual({ offset: '3', entries: new Map() });
      expect((await scanAll(store, partition, 'groups:t')).entries.size).toBe(0);
      expect(await store.load(partition)).toEqual({ offset: '3', fields: { f: 'c' } });
    });

    it('changes nothing when it refuses a save that would move the offset backwards', async () => {
      const { store, partition } = await open();
      await store.save(partition, '50', { fields: { f: 'kept' }, sections: new Map([['groups:t', change({ g: 'kept' })]]) });
      const stale = { fields: { f: 'stale' }, sections: new Map([['groups:t', change({ g: 'stale', h: 'stale' }, { replace: true })]]) };
      expect(await store.save(partition, '49', stale)).toEqual({ saved: false, storedOffset: '50' });
      expect(await store.load(partition)).toEqual({ offset: '50', fields: { f: 'kept' } });
      expect((await scanAll(store, partition, 'groups:t')).entries).toEqual(new Map([['g', 'kept']]));
    });

    it('still holds every saved offset, field and entry after a reopen, when it is durable', async (context) => {
      const { store, partition, reopen } = await open();
      if (!reopen) return context.skip();
      await store.save(partition, '42', { fields: { 'task:t': '{}' }, sections: new Map([['groups:t', change({ g: '1', h: '2' })]]), base: null });
      await store.save(partition, '43', { fields: { 'task:t': '{"v":2}' }, sections: new Map([['groups:t', change({ g: '3' }, { delete: ['h'] })]]), base: '42' });
      const reopened = await reopen();
      expect(await reopened.load(partition)).toEqual({ offset: '43', fields: { 'task:t': '{"v":2}' } });
      expect(await reopened.readEntries(partition, 'groups:t', ['g', 'h'])).toEqual({ offset: '43', entries: new Map([['g', '3']]) });
      expect(await reopened.save(partition, '44', { fields: {}, base: '43' })).toEqual({ saved: true });
    });

    it('keeps partitions apart', async () => {
      const { store, partition } = await open();
      const other = { topic: partition.topic, partition: partition.partition + 1 };
      await store.save(partition, '3', { fields: { f: 'x' }, sections: new Map([['groups:t', change({ g: '1' })]]) });
      expect(await store.load(other)).toBeUndefined();
      expect((await store.readEntries(other, 'groups:t', ['g'])).entries.size).toBe(0);
      const otherTopic = { topic: `${partition.topic}.other`, partition: partition.partition };
      expect(await store.load(otherTopic)).toBeUndefined();
      expect((await scanAll(store, otherTopic, 'groups:t')).entries.size).toBe(0);
    });
  });
}
