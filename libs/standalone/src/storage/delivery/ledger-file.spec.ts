import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { useTempFolder } from '../files/temp-folder.test';
import { LedgerFile } from './ledger-file';

describe('LedgerFile', () => {
  const folder = useTempFolder('ledger-file');
  const path = (): string => join(folder(), 'delivery-ledger.log');

  it('carries lines appended during a compaction into the new file, after the snapshot', async () => {
    await writeFile(path(), 'old 1\nold 2\nold 3\n');
    const file = await LedgerFile.open(path(), 3);
    const compaction = file.compact(() => ['live 1\n']);
    expect(file.compacting()).toBe(true);
    // Issued before the swap: they go to the old file at once and are kept for the new one.
    const appends = [file.append(['during 1\n']), file.append(['during 2\n', 'during 3\n'])];
    await Promise.all([compaction, ...appends]);
    expect(file.compacting()).toBe(false);
    expect(await readFile(path(), 'utf8')).toBe('live 1\nduring 1\nduring 2\nduring 3\n');
    expect(file.lineCount()).toBe(4);

    await file.append(['after\n']);
    await file.close();
    expect(await readFile(path(), 'utf8')).toBe('live 1\nduring 1\nduring 2\nduring 3\nafter\n');
    expect(await readdir(folder())).toEqual(['delivery-ledger.log']);
  });

  it('leaves the old file in use when the compaction cannot write its new file', async () => {
    await writeFile(path(), 'old 1\n');
    const file = await LedgerFile.open(path(), 1);
    // A folder where the temporary file would go makes the compaction fail before its swap.
    await mkdir(`${path()}.compact-${process.pid}`);
    await mkdir(join(`${path()}.compact-${process.pid}`, 'blocker'));
    await expect(file.compact(() => ['live\n'])).rejects.toThrow();
    expect(file.compacting()).toBe(false);
    await file.append(['next\n']);
    await file.close();
    expect(await readFile(path(), 'utf8')).toBe('old 1\nnext\n');
  });
});
