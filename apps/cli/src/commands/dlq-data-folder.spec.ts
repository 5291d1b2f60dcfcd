import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandIo } from './command-io';
import { EXIT_DATA_FOLDER_DAMAGED } from './data-folder-errors';
import { runDlqWith } from './dlq.command';

describe('vigil dlq list --data on a damaged dead-letter file', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-dlq-damaged-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('names the file and line and the ways forward, and exits 3 instead of crashing', async () => {
    await writeFile(join(dir, 'dead-letters.jsonl'), '\u0000\u0000garbage\n{"key":"","value":"","headers":{}}\n');
    const err: string[] = [];
    const io: CommandIo = { stdout: () => undefined, stderr: (text) => void err.push(text), stderrIsTerminal: false, nowMs: () => 0 };
    expect(await runDlqWith(['list', '--data', dir], io, {})).toBe(EXIT_DATA_FOLDER_DAMAGED);
    expect(err.join('')).toContain(`${join(dir, 'dead-letters.jsonl')}:1`);
    expect(err.join('')).toContain(`vigil repair --data ${dir} --dry-run`);
  });
});
