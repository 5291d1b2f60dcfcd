import { CorruptLineError, StateDatabaseError } from '@vigil/standalone';

/** The exit code of a command stopped by a damaged data folder (`vigil repair` is the way forward). */
export const EXIT_DATA_FOLDER_DAMAGED = 3;

/**
 * What to tell a user whose data folder holds a file that cannot be read back, where no crash can
 * explain it: the file and position, and the options. Undefined for any other error.
 */
export function damagedDataFolderMessage(error: unknown, dataDir: string): string | undefined {
  if (error instanceof CorruptLineError) {
    return [
      `vigil: ${error.message}`,
      `  vigil serve does not start on a damaged data folder rather than guess what the damaged record held. Options:`,
      `  - vigil repair --data ${dataDir} --dry-run   shows what a repair would cut, changing nothing`,
      `  - vigil repair --data ${dataDir}             ${repairOf(error)}, keeps what it removes in ${dataDir}/repair-<time>/ and says what was dropped`,
      `  - or restore the data folder from a backup (GET /kapacitor/v1/storage/backup of a running server)`,
      `  docs/standalone.md, "Corrupt files"`,
    ].join('\n');
  }
  if (error instanceof StateDatabaseError) {
    return [
      `vigil: ${error.message}`,
      `  The state database holds the evaluator's checkpoint (task state by group). Options:`,
      `  - vigil repair --data ${dataDir}   moves it aside (kept in ${dataDir}/repair-<time>/); at the next start the evaluator rebuilds the state from the point log`,
      `  - or restore the data folder from a backup`,
      `  docs/standalone.md, "Corrupt files"`,
    ].join('\n');
  }
  return undefined;
}

/** What `vigil repair` does to the file: a position file is moved aside, an append-only file cut. */
function repairOf(error: CorruptLineError): string {
  if (error.file.endsWith('.json')) return `moves ${error.file} aside`;
  return `cuts ${error.file} at its last good record (line ${error.line - 1})`;
}
