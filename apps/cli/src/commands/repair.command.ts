import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DataFolder, DataFolderLockedError, repairDataFolder, type RepairReport } from '@vigil/standalone';
import type { CommandHelp } from '../args/command-help';
import { parseArgs, stringOption, UsageError, type OptionSpec } from '../args/parse-args';
import type { CommandIo } from './command-io';
import { EXIT_DATA_FOLDER_DAMAGED } from './data-folder-errors';

const REPAIR_OPTIONS: readonly OptionSpec[] = [
  { name: 'data', takesValue: true, description: 'the data folder of a stopped vigil serve (default ./vigil-data)' },
  { name: 'dry-run', takesValue: false, description: 'only say what is damaged and what a repair would cut; change nothing' },
];

export const REPAIR_HELP: CommandHelp = {
  usage: 'repair [--data DIR] [--dry-run]',
  summary:
    "Checks a stopped vigil serve's data folder and repairs what cannot be read back: each log, the delivery ledger and the dead-letter file is cut at its last good record (a log's dropped records become empty placeholders, so offsets keep their meaning), and a state database SQLite finds damaged is moved aside (the evaluator rebuilds it from the point log). Nothing is deleted: cut-off bytes and moved files go to DIR/repair-<time>/. Prints one line per finding saying exactly what was dropped. Exit codes: 0 nothing to repair or repaired, 1 usage error, a running server holds the folder, or an I/O error, 3 with --dry-run when something needs repair.",
  options: REPAIR_OPTIONS,
};

/** `vigil repair`: the documented way forward when vigil serve refuses a damaged data folder. */
export async function runRepair(argv: readonly string[], io: CommandIo): Promise<number> {
  const args = parseArgs(argv, REPAIR_OPTIONS);
  if (args.positionals.length > 0) throw new UsageError(`repair takes no arguments, got "${args.positionals.join(' ')}"`);
  const dataDir = resolve(stringOption(args, 'data') ?? 'vigil-data');
  const dryRun = args.options.get('dry-run') === true;
  try {
    if (!(await stat(dataDir)).isDirectory()) throw new UsageError(`--data ${dataDir}: not a folder`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new UsageError(`--data ${dataDir}: no such folder`);
    throw error;
  }
  let folder: DataFolder;
  try {
    // The lock: a repair under a running server would cut files it is writing.
    folder = await DataFolder.open(dataDir);
  } catch (error) {
    if (!(error instanceof DataFolderLockedError)) throw error;
    io.stderr(`vigil: ${dataDir}: ${error.message}; stop the server before repairing its folder\n`);
    return 1;
  }
  let report: RepairReport;
  try {
    report = await repairDataFolder(dataDir, { dryRun });
  } finally {
    await folder.close();
  }
  io.stdout(renderReport(report, dataDir, dryRun));
  return dryRun && report.findings.length > 0 ? EXIT_DATA_FOLDER_DAMAGED : 0;
}

function renderReport(report: RepairReport, dataDir: string, dryRun: boolean): string {
  if (report.findings.length === 0) return `${dataDir}: every log, ledger, dead-letter file and the state database read back whole; nothing to repair\n`;
  const lines: string[] = [];
  for (const finding of report.findings) lines.push(`${finding.file}: ${finding.problem}`, `  ${dryRun ? 'would' : 'repaired:'} ${finding.fix}`);
  if (dryRun) lines.push(`dry run: nothing was changed; vigil repair --data ${dataDir} makes these repairs`);
  else if (report.keptIn !== undefined) lines.push(`cut-off bytes and moved files are kept in ${report.keptIn}`);
  return `${lines.join('\n')}\n`;
}
