import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StateDatabase, StateDatabaseError } from './state-database';

describe('StateDatabase.open', () => {
  it('names the file when it is not a database, instead of a bare SQLite error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-state-'));
    try {
      const path = join(dir, 'state.db');
      writeFileSync(path, 'not a database, only text long enough to fill a header page\n'.repeat(100));
      expect(() => StateDatabase.open(path)).toThrow(StateDatabaseError);
      expect(() => StateDatabase.open(path)).toThrow(`${path}: the state database cannot be read (SQLite: file is not a database)`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
