import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataFolder } from '../data-folder';
import { useTempFolder } from '../files/temp-folder.test';
import { encodeRecordLine } from '../record-log/log-record';
import { FileRecordLog } from '../record-log/file-record-log';
import { FileDeliveryLedger } from '../delivery/file-delivery-ledger';
import { repairDataFolder } from './data-folder-repair';

const line = (n: number): string => encodeRecordLine({ key: `k${n}`, value: `v${n}`, headers: {} });

describe('repairDataFolder', () => {
  const folder = useTempFolder('repair');
  const at = (...parts: string[]): string => join(folder(), ...parts);

  it('finds nothing in a sound folder and changes nothing', async () => {
    const data = await DataFolder.open(folder());
    const points = await data.openPointLog();
    await points.append([{ key: 'k', value: 'v', headers: {} }]);
    await data.openCheckpoints();
    await data.close();
    expect(await repairDataFolder(folder(), { dryRun: false })).toEqual({ findings: [], keptIn: undefined });
  });

  it('cuts a log at its last good record, keeps what it cut, and keeps the offsets with placeholders', async () => {
    await mkdir(at('points'), { recursive: true });
    const segment = at('points', '00000000000000000000.log');
    await writeFile(segment, `${line(0)}${line(1)}not json\n${line(3)}`);
    await writeFile(at('points', '00000000000000000004.log'), `${line(4)}${line(5)}`);

    const dry = await repairDataFolder(folder(), { dryRun: true, nowMs: 0 });
    expect(dry.keptIn).toBeUndefined();
    expect(dry.findings).toEqual([
      {
        file: segment,
        problem: `line 3 (byte ${2 * line(0).length}): corrupt record (${dry.findings[0]?.problem.split('corrupt record (')[1]?.slice(0, -1)})`,
        fix: 'cut the log at its last good record, offset 1: dropped 4 records, offsets 2 to 5, from this line to the end of the file and the 1 later segment file (00000000000000000004.log); each dropped record is replaced by an empty placeholder so that later offsets keep their meaning',
      },
    ]);
    expect(await readdir(at('points'))).toHaveLength(2);

    const report = await repairDataFolder(folder(), { dryRun: false, nowMs: 0 });
    expect(report.findings).toEqual(dry.findings);
    expect(report.keptIn).toBe(at('repair-1970-01-01T00-00-00-000Z'));
    expect(await readFile(join(report.keptIn as string, '00000000000000000000.log.dropped'), 'utf8')).toBe(`not json\n${line(3)}`);
    expect(await readdir(report.keptIn as string)).toEqual(['00000000000000000000.log.dropped', '00000000000000000004.log']);

    const log = await FileRecordLog.open(at('points'));
    expect(log.end()).toBe(6n);
    const records = await log.read(0n, 10);
    expect(records.map((record) => record.key)).toEqual(['k0', 'k1', '', '', '', '']);
    expect(records[2]?.headers).toEqual({ 'vigil-dropped-by-repair': `${segment}:3` });
    await log.close();
    expect((await repairDataFolder(folder(), { dryRun: false })).findings).toEqual([]);
  });

  it('cuts the ledger at its last good line and says how many marks it dropped', async () => {
    const ledgerPath = at('delivery-ledger.log');
    await writeFile(ledgerPath, 'delivered e1 0:post 1000\nshipped e2 0:post 1000\ndelivered e3 0:post 1000\n');
    const report = await repairDataFolder(folder(), { dryRun: false });
    expect(report.findings).toEqual([
      { file: ledgerPath, problem: 'line 2 (byte 25): corrupt line (unknown verb "shipped")', fix: 'cut the file at its last good line: dropped 2 lines (48 bytes) of settlement marks (those pairs count as not delivered: an event still in the event log is sent again)' },
    ]);
    const ledger = await FileDeliveryLedger.open(ledgerPath, { nowMs: () => 1_000 });
    expect(await ledger.settlement('e1', '0:post')).toBe('delivered');
    expect(await ledger.settlement('e3', '0:post')).toBeUndefined();
    await ledger.close();
  });

  it('moves a state database SQLite cannot read aside', async () => {
    await writeFile(at('state.db'), 'this is not a database, just text long enough to have a header page\n'.repeat(100));
    const report = await repairDataFolder(folder(), { dryRun: false, nowMs: 0 });
    expect(report.findings.map((finding) => finding.file)).toEqual([at('state.db')]);
    expect(report.findings[0]?.problem).toContain('not a database');
    expect(await readdir(report.keptIn as string)).toEqual(['state.db']);
    expect(await readdir(folder())).not.toContain('state.db');
  });

  it('moves a notifier position that does not read aside', async () => {
    await writeFile(at('notifier-position.json'), '{"offset":12}');
    const report = await repairDataFolder(folder(), { dryRun: false, nowMs: 0 });
    expect(report.findings).toEqual([
      { file: at('notifier-position.json'), problem: 'not a position ("{\\"offset\\":12}")', fix: expect.stringContaining('the notifier starts again at the event log start') },
    ]);
    expect(await readdir(report.keptIn as string)).toEqual(['notifier-position.json']);
  });
});
