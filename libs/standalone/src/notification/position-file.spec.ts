import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PositionFile } from './position-file';

describe('PositionFile', () => {
  const path = (): string => join(mkdtempSync(join(tmpdir(), 'vigil-position-')), 'notifier-position.json');

  it('has no position before the first save, and reads back what was saved last', async () => {
    const file = new PositionFile(path());
    expect(await file.load()).toBeUndefined();
    await file.save(41n);
    await file.save(9007199254740993n);
    expect(await new PositionFile(file.path).load()).toBe(9007199254740993n);
  });

  it('names the file when its contents are not a position', async () => {
    const file = new PositionFile(path());
    writeFileSync(file.path, '{"offset":12}');
    await expect(file.load()).rejects.toThrow(`${file.path}:1 (byte 0): corrupt line (not a position: expected {"offset":"<integer>"})`);
  });
});
