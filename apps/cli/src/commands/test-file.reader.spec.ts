import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestFileError } from './test-file';
import { readTestFile } from './test-file.reader';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-test-reader-'));
  writeFileSync(join(dir, 'cpu.tick'), 'dbrp "telegraf"."autogen"\nstream|from().measurement(\'cpu\')|alert().crit(lambda: "usage" > 90)\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** The error a file raises, as `file:line:column: reason`. */
function errorOf(name: string, text: string): string {
  const path = write(name, text);
  try {
    readTestFile(path);
  } catch (error) {
    if (error instanceof TestFileError) return error.message.replace(`${dir}/`, '');
    throw error;
  }
  throw new Error('the file was read without an error');
}

const CASE = ['tests:', '  - name: one', '    task: { tick: cpu.tick }', '    input:', '      start: 2024-01-01T00:00:00Z', '      points: |', '        cpu,host=a usage=95 +30s'];

describe('readTestFile', () => {
  it('reads a case: the script beside the file, relative times against the start, defaults exact and sent', () => {
    const file = readTestFile(write('ok.test.yaml', [...CASE, '    expect:', '      - { at: +30s, id: "cpu:nil", level: CRITICAL, previousLevel: OK, message: hot }', ''].join('\n')));
    const [only] = file.cases;
    expect(only?.task?.name).toBe('cpu');
    expect(only?.task?.script).toContain('measurement(\'cpu\')');
    expect(only?.input).toEqual({ kind: 'inline', lines: 'cpu,host=a usage=95 +30s\n', startNs: 1_704_067_200_000_000_000n });
    expect(only?.expect).toEqual({ match: 'exact', order: 'sent', alerts: [{ id: 'cpu:nil', level: 'CRITICAL', at: '+30s', atNs: 1_704_067_230_000_000_000n, previousLevel: 'OK', message: 'hot', line: 9 }] });
  });

  it('reads JSON with the same rules, a shared task, and contains/per-id', () => {
    const text = JSON.stringify({ task: { script: 'stream|from()|alert()', dbrp: 'db.rp', vars: { limit: { type: 'int', value: 3 } } }, tests: [{ name: 'j', input: { file: 'x.lp', precision: 's' }, expect: { match: 'contains', order: 'per-id', alerts: [{ id: 'a', level: 'OK', at: '+1s' }] } }] }, null, 2);
    const [only] = readTestFile(write('ok.test.json', text)).cases;
    expect(only?.task?.dbrps).toEqual([{ database: 'db', retentionPolicy: 'rp' }]);
    expect(only?.task?.vars).toEqual({ limit: { type: 'int', value: 3 } });
    expect(only?.input).toEqual({ kind: 'file', path: join(dir, 'x.lp'), precision: 's' });
    expect(only?.expect.alerts[0]).toMatchObject({ atNs: 1_000_000_000n, atFromFirstPoint: true });
    expect(only?.expect).toMatchObject({ match: 'contains', order: 'per-id' });
  });

  it('reports YAML syntax errors at their line and column', () => {
    expect(errorOf('syntax.test.yaml', 'tests:\n  - name: [one\n    input: 1\n')).toMatch(/^syntax\.test\.yaml:3:\d+: /);
    expect(errorOf('duplicate.test.yaml', 'tests: []\ntests: []\n')).toBe('duplicate.test.yaml:2:1: Map keys must be unique');
  });

  it('reports schema errors at the offending node', () => {
    expect(errorOf('unknown.test.yaml', [...CASE, '    expect:', '      - { id: a, levl: OK }', ''].join('\n'))).toBe('unknown.test.yaml:9:18: unknown key "levl" in an expected alert (known: at, id, level, message, previousLevel)');
    expect(errorOf('level.test.yaml', [...CASE, '    expect:', '      - { id: a, level: CRIT }', ''].join('\n'))).toBe('level.test.yaml:9:25: level must be one of OK, INFO, WARNING, CRITICAL (got "CRIT")');
    expect(errorOf('at.test.yaml', [...CASE, '    expect:', '      - { id: a, level: OK, at: +30 }', ''].join('\n'))).toBe('at.test.yaml:9:33: at: "+30" is not a duration such as +30s, +1m30s or +250ms');
    expect(errorOf('tick.test.yaml', ['tests:', '  - task: { tick: missing.tick }', '    input: { points: "" }', '    expect: []', ''].join('\n'))).toBe(`tick.test.yaml:2:19: cannot read ${join(dir, 'missing.tick')}: ENOENT`);
    expect(errorOf('kinds.test.yaml', ['tests:', '  - task: { tick: cpu.tick }', '    input: { points: "x", file: a.lp }', '    expect: []', ''].join('\n'))).toMatch(/^kinds\.test\.yaml:3:12: an input needs exactly one of/);
    expect(errorOf('serve.test.yaml', ['tests:', '  - task: { tick: cpu.tick }', '    input: { serve: "http://127.0.0.1:1", task: cpu, start: 2024-01-01T00:00:00Z, stop: 2024-01-02T00:00:00Z }', '    expect: []', ''].join('\n'))).toMatch(/^serve\.test\.yaml:2:11: a case whose input is a vigil serve runs the server's task/);
    expect(errorOf('empty.test.yaml', 'tests: []\n')).toBe('empty.test.yaml:1:8: "tests" must be a list of test cases');
  });
});
