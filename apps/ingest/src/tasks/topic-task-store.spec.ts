import { encodeTaskRecord, type KapacitorTask } from '@vigil/kapacitor-api';
import { createLogger } from '@vigil/observability';
import { TopicTaskStore } from './topic-task-store';

const TIME = '2024-05-01T10:00:00.000Z';
const GOOD = "stream\n    |from()\n        .measurement('cpu')\n    |alert()\n        .crit(lambda: \"usage\" > 90.0)\n";
/** Compiled once; a later vigil refuses its unknown property, as an upgrade or a restored backup may leave a record. */
const BROKEN = "stream\n    |from()\n        .measurement('cpu')\n        .noSuchProperty(1)\n";

const taskOf = (name: string, script: string): KapacitorTask => ({ name, script, status: 'enabled', record: { dbrps: [{ db: 'vigil', rp: 'autogen' }], created: TIME, modified: TIME, lastEnabled: TIME } });

/** A store over an in-memory tasks topic that already holds `old`, a task that no longer compiles. */
function storeHoldingBrokenOld(): { store: TopicTaskStore; written: string[] } {
  const written: string[] = [];
  const store = new TopicTaskStore(
    (key) => {
      written.push(key);
      return Promise.resolve(BigInt(written.length + 10));
    },
    createLogger({ service: 'test', level: 'silent' }),
  );
  store.apply([{ key: 'old', value: Buffer.from(encodeTaskRecord(taskOf('old', BROKEN))), offset: 1n }]);
  return { store, written };
}

describe('TopicTaskStore checks only the changed task', () => {
  it('defines, disables and enables another task while a stored one no longer compiles', async () => {
    const { store, written } = storeHoldingBrokenOld();
    await store.define(taskOf('new', GOOD));
    await store.define({ ...taskOf('new', GOOD), status: 'disabled' });
    await store.define(taskOf('new', GOOD));
    expect(written).toEqual(['new', 'new', 'new']);
    expect(store.list().map((task) => [task.name, task.status])).toEqual([
      ['new', 'enabled'],
      ['old', 'enabled'],
    ]);
  });

  it('still refuses a changed task that does not compile, naming it with its line and column', async () => {
    const { store, written } = storeHoldingBrokenOld();
    await expect(store.define(taskOf('new', BROKEN))).rejects.toThrow(/^task new: 4:\d+: /);
    await expect(store.define(taskOf('old', BROKEN))).rejects.toThrow(/^task old: 4:\d+: /);
    expect(written).toEqual([]);
  });
});
