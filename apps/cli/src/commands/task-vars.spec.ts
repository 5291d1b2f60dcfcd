import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../args/parse-args';
import { readTaskVars } from './task-vars';

describe('readTaskVars (--vars)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-cli-vars-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const file = (text: string): string => {
    const path = join(dir, 'vars.json');
    writeFileSync(path, text);
    return path;
  };

  it('reads the vars of kapacitor define -vars, and nothing without the option', () => {
    expect(readTaskVars(file('{"limit": {"type": "float", "value": 1.5}}'))).toEqual({ limit: { type: 'float', value: 1.5 } });
    expect(readTaskVars(undefined)).toBeUndefined();
  });

  it('names the file in a usage error', () => {
    const path = file('{"limit": {"type": "float"}}');
    expect(() => readTaskVars(path)).toThrow(UsageError);
    expect(() => readTaskVars(path)).toThrow(`--vars ${path}: var "limit" needs "type" and "value"`);
    expect(() => readTaskVars(file('[]'))).toThrow(`--vars ${path}: expected a JSON object`);
    expect(() => readTaskVars(join(dir, 'missing.json'))).toThrow(`--vars ${join(dir, 'missing.json')}: ENOENT`);
  });
});
