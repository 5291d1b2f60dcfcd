import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTaskFiles } from './task-files';

describe('readTaskFiles', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-tasks-'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the .tick files in name order, named after their files', () => {
    writeFileSync(join(dir, 'b.tick'), 'B');
    writeFileSync(join(dir, 'a.tick'), 'A');
    writeFileSync(join(dir, 'notes.txt'), 'ignored');
    mkdirSync(join(dir, 'sub.tick'));
    expect(readTaskFiles(dir)).toEqual([
      { name: 'a', script: 'A' },
      { name: 'b', script: 'B' },
    ]);
  });

  it('refuses a folder that does not exist', () => {
    expect(() => readTaskFiles(join(dir, 'missing'))).toThrow(/TASKS_DIR .*missing: ENOENT/);
  });
});
