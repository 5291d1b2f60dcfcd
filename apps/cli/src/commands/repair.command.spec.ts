import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CorruptLineError, DataFolder } from '@vigil/standalone';
import { UsageError } from '../args/parse-args';
import type { CommandIo } from './command-io';
import { damagedDataFolderMessage } from './data-folder-errors';
import { runRepair } from './repair.command';

function capture(): { io: CommandIo; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (text) => out.push(text), stderr: (text) => err.push(text), stderrIsTerminal: false, nowMs: () => 0 }, out, err };
}

describe('vigil repair', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-repair-cli-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('says what a dry run would cut (exit 3), cuts it (exit 0), then finds the folder whole', async () => {
    const ledger = join(dir, 'delivery-ledger.log');
    await writeFile(ledger, 'delivered e1 0:post 1000\n\u0000\u0000garbage\ndelivered e3 0:post 1000\n');
    const dry = capture();
    expect(await runRepair(['--data', dir, '--dry-run'], dry.io)).toBe(3);
    expect(dry.out.join('')).toContain(`${ledger}: line 2 (byte 25): corrupt line`);
    expect(dry.out.join('')).toContain('would cut the file at its last good line: dropped 2 lines (35 bytes) of settlement marks');
    expect(await readFile(ledger, 'utf8')).toContain('garbage');

    const repaired = capture();
    expect(await runRepair(['--data', dir], repaired.io)).toBe(0);
    expect(repaired.out.join('')).toContain('repaired: cut the file at its last good line');
    expect(repaired.out.join('')).toContain(`kept in ${dir}/repair-`);
    expect(await readFile(ledger, 'utf8')).toBe('delivered e1 0:post 1000\n');

    const again = capture();
    expect(await runRepair(['--data', dir, '--dry-run'], again.io)).toBe(0);
    expect(again.out.join('')).toContain('nothing to repair');
  });

  it('refuses a folder a running server holds, and a folder that does not exist', async () => {
    const held = await DataFolder.open(dir);
    const { io, err } = capture();
    expect(await runRepair(['--data', dir], io)).toBe(1);
    expect(err.join('')).toContain('stop the server before repairing its folder');
    await held.close();
    await expect(runRepair(['--data', join(dir, 'missing')], capture().io)).rejects.toBeInstanceOf(UsageError);
  });

  it("gives vigil serve's refusal of a corrupt file its position and the ways forward", () => {
    const message = damagedDataFolderMessage(new CorruptLineError('/data/points/00000000000000000000.log', 7, 'Unexpected token', 4096), '/data');
    expect(message).toContain('/data/points/00000000000000000000.log:7 (byte 4096): corrupt line (Unexpected token)');
    expect(message).toContain('vigil repair --data /data --dry-run');
    expect(message).toContain('at its last good record (line 6)');
    expect(damagedDataFolderMessage(new Error('other'), '/data')).toBeUndefined();
  });
});
