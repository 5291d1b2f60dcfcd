import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSideloadDirectory } from './sideload-files';

function directory(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-sideload-files-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const keysOf = (dir: string, limits?: Parameters<typeof readSideloadDirectory>[1]): Record<string, string[]> =>
  Object.fromEntries([...readSideloadDirectory(dir, limits)].map(([path, values]) => [path, [...values.keys()]]));

describe('readSideloadDirectory', () => {
  it('reads .json, .yml and .yaml files below the directory and no other file', () => {
    const dir = directory({ 'a.json': '{"x": 1}', 'h/b.yml': 'y: 2\n', 'h/c.yaml': 'z: 3\n', 'notes.txt': 'not: read\n' });
    expect(keysOf(dir)).toEqual({ 'a.json': ['x'], 'h/b.yml': ['y'], 'h/c.yaml': ['z'] });
  });

  it('skips a FIFO instead of blocking on it', () => {
    const dir = directory({ 'a.json': '{"x": 1}' });
    execFileSync('mkfifo', [join(dir, 'pipe.json')]);
    expect(keysOf(dir)).toEqual({ 'a.json': ['x'] });
  });

  it('skips a link to a device or to a file outside the directory, and follows one to a file inside it', () => {
    const outside = directory({ 'secret.json': '{"password": "p"}' });
    const dir = directory({ 'data/real.json': '{"x": 1}' });
    symlinkSync('/dev/zero', join(dir, 'zero.json'));
    symlinkSync(join(outside, 'secret.json'), join(dir, 'secret.json'));
    symlinkSync(join(dir, 'data/real.json'), join(dir, 'linked.json'));
    symlinkSync(outside, join(dir, 'folder'));
    expect(keysOf(dir)).toEqual({ 'data/real.json': ['x'], 'linked.json': ['x'] });
  });

  it('walks a /proc folder of links to pipes and sockets without reading any', () => {
    expect(keysOf('/proc/self/fd')).toEqual({});
  });

  it('fails, naming where it stopped, when the walk passes the entry limit', () => {
    const dir = directory({ 'a.json': '{}', 'b.json': '{}', 'c/d.json': '{}' });
    expect(() => readSideloadDirectory(dir, { maxFileBytes: 100, maxEntries: 3 })).toThrow(`more than 3 entries below the directory (stopped at "${join(dir, 'c/d.json')}")`);
    expect(() => readSideloadDirectory('/proc', { maxFileBytes: 100, maxEntries: 20 })).toThrow(/failed to update sideload cache for source file "\/proc": more than 20 entries/);
  });

  it('fails, naming the file, when a file is larger than the limit', () => {
    const dir = directory({ 'small.json': '{"a": 1}', 'big.json': `{"a": "${'x'.repeat(200)}"}` });
    expect(() => readSideloadDirectory(dir, { maxFileBytes: 100, maxEntries: 10 })).toThrow(`values file "${join(dir, 'big.json')}" is larger than 100 bytes`);
  });

  it('fails for a source that is not a directory', () => {
    const dir = directory({ 'a.json': '{}' });
    expect(() => readSideloadDirectory(join(dir, 'a.json'))).toThrow(`"${join(dir, 'a.json')}" is not a directory`);
  });
});
