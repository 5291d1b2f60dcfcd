import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataFolder, dataFolderPaths } from './data-folder';
import { useTempFolder } from './files/temp-folder.test';
import { DataFolderLockedError } from './folder-lock';

describe('DataFolder', () => {
  const temp = useTempFolder('data');
  const root = (): string => join(temp(), 'vigil-data');

  it('creates the layout, holds the lock with its pid and releases it on close', async () => {
    const data = await DataFolder.open(root(), { pid: 4242, isAlive: () => false });
    expect((await readdir(root())).sort()).toEqual(['LOCK', 'events', 'points', 'tasks']);
    expect(await readFile(data.paths.lock, 'utf8')).toBe('4242\n');
    expect(data.paths).toEqual(dataFolderPaths(root()));

    const points = await data.openPointLog();
    await points.append([{ key: 'k', value: 'v', headers: {} }]);
    const ledger = await data.openLedger();
    await ledger.markDelivered('e1', '0:post');
    const deadLetters = await data.openDeadLetters();
    const tasks = await data.openTasks();
    await tasks.put('cpu', 'dbrp "db"."rp"\nstream|from()\n');
    const { store } = await data.openCheckpoints();
    await store.save({ topic: 'vigil.points', partition: 0 }, '1', { fields: { 'task:cpu': '{}' } });
    await data.close();
    expect((await readdir(root())).filter((name) => !name.startsWith('state.db-')).sort()).toEqual(['dead-letters.jsonl', 'delivery-ledger.log', 'events', 'points', 'state.db', 'tasks']);
    await expect(points.append([{ key: 'k', value: 'v', headers: {} }])).rejects.toThrow('record log is closed');
    await expect(deadLetters.close()).resolves.toBeUndefined();

    const again = await DataFolder.open(root());
    expect((await (await again.openPointLog()).read(0n, 10)).map((record) => record.value)).toEqual(['v']);
    expect((await (await again.openTasks()).list()).map((task) => task.name)).toEqual(['cpu']);
    expect(await (await again.openCheckpoints()).store.load({ topic: 'vigil.points', partition: 0 })).toEqual({ offset: '1', fields: { 'task:cpu': '{}' } });
    await again.close();
  });

  it('refuses a folder held by a live process, naming its pid', async () => {
    await writeFile(join(temp(), 'LOCK'), '777\n');
    const opening = DataFolder.open(temp(), { pid: 1000, isAlive: (pid) => pid === 777 });
    await expect(opening).rejects.toBeInstanceOf(DataFolderLockedError);
    await expect(opening).rejects.toThrow(/in use by process 777/);
    expect(await readFile(join(temp(), 'LOCK'), 'utf8')).toBe('777\n');
  });

  it('refuses a second open in the same process', async () => {
    const first = await DataFolder.open(root());
    await expect(DataFolder.open(root())).rejects.toThrow(`in use by process ${process.pid}`);
    await first.close();
    const second = await DataFolder.open(root());
    await second.close();
  });

  it('takes over a lock left by a dead process, or by an earlier life of its own pid', async () => {
    await writeFile(join(temp(), 'LOCK'), '777\n');
    const data = await DataFolder.open(temp(), { pid: 1000, isAlive: () => false });
    expect(await readFile(join(temp(), 'LOCK'), 'utf8')).toBe('1000\n');
    await data.close();

    await writeFile(join(temp(), 'LOCK'), '1\n');
    const restarted = await DataFolder.open(temp(), { pid: 1, isAlive: () => true });
    expect(await readFile(join(temp(), 'LOCK'), 'utf8')).toBe('1\n');
    await restarted.close();
  });

  it('moves the JSON checkpoint of an older vigil into the state database, once', async () => {
    const legacy = join(root(), 'checkpoints');
    await mkdir(legacy, { recursive: true });
    const json = { topic: 'vigil.points', partition: 0, offset: '42', fields: { 'task:seed': '{"format":"entries"}', format: 'v2' }, sections: { 'groups:seed': { 'host=a': '{"seq":0}', 'host=b': '{"seq":1}' } } };
    await writeFile(join(legacy, 'vigil.points-0.json'), JSON.stringify(json));
    const data = await DataFolder.open(root());
    const { store, migrated } = await data.openCheckpoints();
    expect(migrated).toEqual([{ file: 'vigil.points-0.json', partition: { topic: 'vigil.points', partition: 0 }, offset: '42', moved: true }]);
    const partition = { topic: 'vigil.points', partition: 0 };
    expect(await store.load(partition)).toEqual({ offset: '42', fields: json.fields });
    expect(await store.readEntries(partition, 'groups:seed', ['host=a', 'host=b'])).toEqual({ offset: '42', entries: new Map(Object.entries(json.sections['groups:seed'])) });
    await data.close();
    expect(await readdir(root())).not.toContain('checkpoints');

    const again = await DataFolder.open(root());
    expect((await again.openCheckpoints()).migrated).toEqual([]);
    await again.close();
  });

  it('refuses to start over a checkpoint file it cannot read, naming it', async () => {
    const legacy = join(root(), 'checkpoints');
    await mkdir(legacy, { recursive: true });
    await writeFile(join(legacy, 'vigil.points-0.json'), '{"offset":');
    const data = await DataFolder.open(root());
    await expect(data.openCheckpoints()).rejects.toThrow(/checkpoint file .*vigil.points-0.json/);
    await data.close();
    expect(await readdir(legacy)).toEqual(['vigil.points-0.json']);
  });
});
