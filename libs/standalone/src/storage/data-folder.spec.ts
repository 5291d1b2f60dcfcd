import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataFolder, dataFolderPaths } from './data-folder';
import { useTempFolder } from './files/temp-folder.test';
import { DataFolderLockedError } from './folder-lock';

describe('DataFolder', () => {
  const temp = useTempFolder('data');
  const root = (): string => join(temp(), 'vigil-data');

  it('creates the layout, holds the lock with its pid and releases it on close', async () => {
    const data = await DataFolder.open(root(), { pid: 4242, isAlive: () => false });
    expect((await readdir(root())).sort()).toEqual(['LOCK', 'checkpoints', 'events', 'points', 'tasks']);
    expect(await readFile(data.paths.lock, 'utf8')).toBe('4242\n');
    expect(data.paths).toEqual(dataFolderPaths(root()));

    const points = await data.openPointLog();
    await points.append([{ key: 'k', value: 'v', headers: {} }]);
    const ledger = await data.openLedger();
    await ledger.markDelivered('e1', '0:post');
    const deadLetters = await data.openDeadLetters();
    const tasks = await data.openTasks();
    await tasks.put('cpu', 'dbrp "db"."rp"\nstream|from()\n');
    await data.close();
    expect((await readdir(root())).sort()).toEqual(['checkpoints', 'dead-letters.jsonl', 'delivery-ledger.log', 'events', 'points', 'tasks']);
    await expect(points.append([{ key: 'k', value: 'v', headers: {} }])).rejects.toThrow('record log is closed');
    await expect(deadLetters.close()).resolves.toBeUndefined();

    const again = await DataFolder.open(root());
    expect((await (await again.openPointLog()).read(0n, 10)).map((record) => record.value)).toEqual(['v']);
    expect((await (await again.openTasks()).list()).map((task) => task.name)).toEqual(['cpu']);
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
});
