import { readdir, writeFile } from 'node:fs/promises';
import { useTempFolder } from '../files/temp-folder.test';
import { FileCheckpointStore } from './file-checkpoint.store';

describe('FileCheckpointStore', () => {
  const folder = useTempFolder('checkpoints');
  const partition = { topic: 'vigil.points', partition: 0 };

  it('loads nothing for a partition never saved', async () => {
    const store = await FileCheckpointStore.open(folder());
    expect(await store.load(partition)).toBeUndefined();
  });

  it('replaces the whole checkpoint and reads it back after a reopen', async () => {
    const store = await FileCheckpointStore.open(folder());
    expect(await store.save(partition, '10', { fields: { 'task:a': '{"x":1}', format: 'v1' } })).toEqual({ saved: true });
    expect(await store.save(partition, '25', { fields: { 'task:b': '{"y":2}', format: 'v1' } })).toEqual({ saved: true });
    const reopened = await FileCheckpointStore.open(folder());
    expect(await reopened.load(partition)).toEqual({ offset: '25', fields: { 'task:b': '{"y":2}', format: 'v1' } });
    expect(await readdir(folder())).toEqual(['vigil.points-0.json']);
  });

  it('refuses to move the offset backwards and keeps the newer state', async () => {
    const store = await FileCheckpointStore.open(folder());
    await store.save(partition, '100', { fields: { s: 'new' } });
    expect(await store.save(partition, '99', { fields: { s: 'old' } })).toEqual({ saved: false, storedOffset: '100' });
    // Longer decimal strings are larger: 1000 > 999 although "1000" < "999" as text.
    expect(await store.save(partition, '1000', { fields: { s: 'newer' } })).toEqual({ saved: true });
    expect(await store.save(partition, '999', { fields: { s: 'stale' } })).toEqual({ saved: false, storedOffset: '1000' });
    expect(await store.save(partition, '1000', { fields: { s: 'same offset, same state' } })).toEqual({ saved: true });
    expect(await store.load(partition)).toEqual({ offset: '1000', fields: { s: 'same offset, same state' } });
  });

  it('orders concurrent saves of one partition so the highest offset wins', async () => {
    const store = await FileCheckpointStore.open(folder());
    const outcomes = await Promise.all([store.save(partition, '5', { fields: { s: '5' } }), store.save(partition, '7', { fields: { s: '7' } }), store.save(partition, '6', { fields: { s: '6' } })]);
    expect(outcomes).toEqual([{ saved: true }, { saved: true }, { saved: false, storedOffset: '7' }]);
    expect(await store.load(partition)).toEqual({ offset: '7', fields: { s: '7' } });
  });

  it('refuses an offset that is not an integer before writing anything', async () => {
    const store = await FileCheckpointStore.open(folder());
    await expect(store.save(partition, '12.5', { fields: { s: 'x' } })).rejects.toThrow('checkpoint offset must be an integer as a string, got "12.5"');
    expect(await readdir(folder())).toEqual([]);
  });

  it('keeps partitions apart', async () => {
    const store = await FileCheckpointStore.open(folder());
    await store.save(partition, '5', { fields: { s: 'p0' } });
    expect(await store.load({ topic: 'vigil.points', partition: 1 })).toBeUndefined();
    expect(await store.load({ topic: 'other', partition: 0 })).toBeUndefined();
  });

  it('names the file of an unreadable checkpoint', async () => {
    const store = await FileCheckpointStore.open(folder());
    await writeFile(store.pathOf(partition), '{"offset":12}');
    await expect(store.load(partition)).rejects.toThrow(`checkpoint file ${store.pathOf(partition)}: offset must be an integer as a string`);
  });
});
