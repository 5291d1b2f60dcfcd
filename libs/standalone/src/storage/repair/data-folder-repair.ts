import { copyFile, mkdir, readdir, readFile, rename, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { dataFolderPaths, type DataFolderPaths } from '../data-folder';
import { decodeLedgerLine } from '../delivery/ledger-line';
import { syncFolder } from '../files/durable-files';
import { decodeRecordLine, encodeRecordLine } from '../record-log/log-record';
import { segmentBaseOf } from '../record-log/log-segment';
import { firstBadLine, lineCount } from './line-scan';

/** One thing `vigil repair` found, and what it does (or, with a dry run, would do) about it. */
export interface RepairFinding {
  readonly file: string;
  /** What is wrong, with its position. */
  readonly problem: string;
  /** What the repair does about it, and exactly what that drops. */
  readonly fix: string;
}

export interface RepairReport {
  readonly findings: readonly RepairFinding[];
  /** Where the cut-off bytes and moved files were kept; undefined when nothing was changed. */
  readonly keptIn: string | undefined;
}

/** The notifier's position file (apps/cli/src/serve/standalone-storage.ts names it too). */
const NOTIFIER_POSITION_FILE_NAME = 'notifier-position.json';

/** The header a placeholder record carries: which line of which file it stands for. */
export const REPAIR_PLACEHOLDER_HEADER = 'vigil-dropped-by-repair';

/**
 * Checks a stopped server's data folder and, unless `dryRun`, repairs it: each log, the delivery
 * ledger and the dead-letter file is cut at its last good record, and the state database is moved
 * aside when SQLite finds it damaged. Nothing is deleted: cut-off bytes and moved files go to
 * `repair-<time>/` in the folder, and each finding says what was dropped.
 *
 * A log keeps its offsets: every record dropped from a log is replaced by a placeholder record
 * (an empty record with the REPAIR_PLACEHOLDER_HEADER), which the evaluator and the notifier skip,
 * so the checkpoint and the notifier position still point at the records they meant. The caller
 * holds the folder's lock.
 */
export async function repairDataFolder(root: string, options: { readonly dryRun: boolean; readonly nowMs?: number }): Promise<RepairReport> {
  const paths = dataFolderPaths(root);
  const keptIn = join(paths.root, `repair-${new Date(options.nowMs ?? Date.now()).toISOString().replace(/[:.]/g, '-')}`);
  const keep = new Keeper(keptIn, options.dryRun);
  const findings: RepairFinding[] = [];
  for (const log of [paths.points, paths.events]) findings.push(...(await repairLog(log, keep)));
  findings.push(...(await repairLineFile(paths.ledger, decodeLedgerLine, keep, 'settlement marks (those pairs count as not delivered: an event still in the event log is sent again)')));
  findings.push(...(await repairLineFile(paths.deadLetters, decodeRecordLine, keep, 'dead letters (no longer listed or replayable)')));
  findings.push(...(await repairPositionFile(join(paths.root, NOTIFIER_POSITION_FILE_NAME), keep)));
  findings.push(...(await repairStateDatabase(paths, keep)));
  return { findings, keptIn: keep.used ? keptIn : undefined };
}

/** Where repaired files' cut-off bytes and moved files are kept. */
class Keeper {
  used = false;

  constructor(
    readonly folder: string,
    readonly dryRun: boolean,
  ) {}

  /** Copies `bytes` (cut from `file`) into the keep folder. */
  async bytes(file: string, bytes: Buffer): Promise<void> {
    if (this.dryRun) return;
    await this.ensure();
    await writeFile(join(this.folder, `${basename(file)}.dropped`), bytes, { flag: 'a' });
  }

  async move(file: string): Promise<void> {
    if (this.dryRun) return;
    await this.ensure();
    await rename(file, join(this.folder, basename(file)));
  }

  private async ensure(): Promise<void> {
    if (this.used) return;
    await mkdir(this.folder, { recursive: true });
    this.used = true;
  }
}

async function repairLog(folder: string, keep: Keeper): Promise<RepairFinding[]> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const segments = names
    .map((name) => ({ name, base: segmentBaseOf(name) }))
    .filter((segment): segment is { name: string; base: bigint } => segment.base !== undefined)
    .sort((a, b) => (a.base < b.base ? -1 : a.base > b.base ? 1 : 0));
  for (const [index, segment] of segments.entries()) {
    const path = join(folder, segment.name);
    const buffer = await readFile(path);
    const bad = firstBadLine(buffer, decodeRecordLine);
    if (bad === undefined) continue;
    const later = segments.slice(index + 1);
    const isLast = later.length === 0;
    if (bad.tornTail && isLast) {
      // What a crash leaves; vigil serve cuts it too, with a warning. Never acknowledged: no placeholder.
      await keep.bytes(path, buffer.subarray(bad.position));
      if (!keep.dryRun) await truncate(path, bad.position);
      return [{ file: path, problem: `line ${bad.line} (byte ${bad.position}): unfinished last record (${bad.reason}), left by a crash during its write`, fix: `cut off its ${buffer.length - bad.position} bytes (never acknowledged to a writer)` }];
    }
    const first = segment.base + BigInt(bad.linesBefore);
    let dropped = bad.linesFrom;
    const laterBuffers: Buffer[] = [];
    for (const next of later) {
      const bytes = await readFile(join(folder, next.name));
      laterBuffers.push(bytes);
      dropped += lineCount(bytes);
    }
    const last = first + BigInt(dropped) - 1n;
    const placeholders = Array.from({ length: dropped }, (_, n) => encodeRecordLine({ key: '', value: '', headers: { [REPAIR_PLACEHOLDER_HEADER]: `${path}:${bad.line + n}` } })).join('');
    if (!keep.dryRun) {
      await keep.bytes(path, buffer.subarray(bad.position));
      for (const next of later) await keep.move(join(folder, next.name));
      await truncate(path, bad.position);
      await writeFile(path, placeholders, { flag: 'a' });
      await syncFolder(folder);
    }
    const range = dropped === 0 ? 'no records' : `${dropped} record${dropped === 1 ? '' : 's'}, offsets ${first} to ${last}`;
    const files = later.length > 0 ? ` and the ${later.length} later segment file${later.length === 1 ? '' : 's'} (${later.map((next) => next.name).join(', ')})` : '';
    return [
      {
        file: path,
        problem: `line ${bad.line} (byte ${bad.position}): corrupt record (${bad.reason})`,
        fix: `cut the log at its last good record, offset ${first - 1n}: dropped ${range}, from this line to the end of the file${files}; each dropped record is replaced by an empty placeholder so that later offsets keep their meaning`,
      },
    ];
  }
  return [];
}

async function repairLineFile(path: string, decode: (line: string) => unknown, keep: Keeper, what: string): Promise<RepairFinding[]> {
  let buffer: Buffer;
  try {
    buffer = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const bad = firstBadLine(buffer, decode);
  if (bad === undefined) return [];
  await keep.bytes(path, buffer.subarray(bad.position));
  if (!keep.dryRun) await truncate(path, bad.position);
  if (bad.tornTail) return [{ file: path, problem: `line ${bad.line} (byte ${bad.position}): unfinished last line (${bad.reason}), left by a crash during its write`, fix: `cut off its ${buffer.length - bad.position} bytes` }];
  return [{ file: path, problem: `line ${bad.line} (byte ${bad.position}): corrupt line (${bad.reason})`, fix: `cut the file at its last good line: dropped ${bad.linesFrom} line${bad.linesFrom === 1 ? '' : 's'} (${buffer.length - bad.position} bytes) of ${what}` }];
}

/** A notifier position that does not read is moved aside: the notifier starts at the event log start. */
async function repairPositionFile(path: string, keep: Keeper): Promise<RepairFinding[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  if (/^\{"offset":"\d+"\}\n?$/.test(text)) return [];
  await keep.move(path);
  return [
    {
      file: path,
      problem: `not a position (${JSON.stringify(text.slice(0, 40))})`,
      fix: 'moved it aside: the notifier starts again at the event log start, and its ledger skips what it settled in the last 7 days (older events still in the event log are sent again)',
    },
  ];
}

/** SQLite's own check; a damaged database is moved aside and the evaluator rebuilds the state from the point log. */
async function repairStateDatabase(paths: DataFolderPaths, keep: Keeper): Promise<RepairFinding[]> {
  try {
    await stat(paths.state);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const problem = checkSqlite(paths.state);
  if (problem === undefined) return [];
  if (!keep.dryRun) {
    // The copy first: a database that cannot be moved (another process) is still kept.
    for (const suffix of ['', '-wal', '-shm']) {
      const file = `${paths.state}${suffix}`;
      try {
        await stat(file);
      } catch {
        continue;
      }
      await keep.move(file).catch(async () => {
        await copyFile(file, join(keep.folder, basename(file)));
        await rm(file, { force: true });
      });
    }
  }
  return [{ file: paths.state, problem: `SQLite reports: ${problem}`, fix: "moved the state database aside: at the next start the evaluator finds its checkpoint lost and rebuilds every task's state from the point log (docs/standalone.md, 'Corrupt files')" }];
}

function checkSqlite(path: string): string | undefined {
  let db: DatabaseSync | undefined;
  try {
    db = new DatabaseSync(path);
    const rows = db.prepare('PRAGMA quick_check').all() as { quick_check: string }[];
    const messages = rows.map((row) => row.quick_check).filter((message) => message !== 'ok');
    return messages.length === 0 ? undefined : messages.slice(0, 3).join('; ');
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    db?.close();
  }
}
