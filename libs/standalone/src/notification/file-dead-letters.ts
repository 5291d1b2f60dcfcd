import { deadLetterRecordOf } from '@vigil/delivery';
import { readDeadLetters } from '../storage/delivery/read-dead-letters';
import type { LogRecord } from '../storage/record-log/log-record';
import { matchesFilter, replayLetters, type LetterFilter, type ReplayableLetter, type ReplayLedger, type ReplayReport } from './dead-letter-replay';

/** A letter of `dead-letters.jsonl` with its line number (from 1), which stands where Kafka has partition and offset. */
export interface FileLetter extends ReplayableLetter {
  readonly line: number;
}

/**
 * The letters of a standalone dead-letter file that match the filter, oldest first. The file
 * holds the dead-letter topic's records, and deadLetterRecordOf writes them, so rebuilding the
 * record from the letter gives back the key and headers the line holds.
 */
export async function readFileLetters(path: string, filter: LetterFilter): Promise<FileLetter[]> {
  const letters = await readDeadLetters(path);
  return letters
    .map((letter, index) => {
      const record = deadLetterRecordOf(letter);
      return { letter, key: record.key, headers: record.headers, line: index + 1 };
    })
    .filter((listed) => matchesFilter(listed.letter, filter));
}

/** The part of the event log a replay needs. */
export interface ReplayEventLog {
  append(records: readonly LogRecord[]): Promise<unknown>;
}

/**
 * `vigil dlq replay` in standalone mode: the file's matching letters are appended to the event
 * log with the replay header, where the notification loop delivers them to the named handlers
 * (a pair marked dead is tried again, one delivered since is skipped). Used by the running
 * server's replay endpoint and, with no server running, by the command itself.
 */
export async function replayFileLetters(options: {
  readonly deadLettersPath: string;
  readonly ledger: ReplayLedger;
  readonly events: ReplayEventLog;
  readonly filter: LetterFilter;
  readonly dryRun: boolean;
}): Promise<ReplayReport[]> {
  const letters = await readFileLetters(options.deadLettersPath, options.filter);
  return replayLetters(letters, {
    ledger: options.ledger,
    dryRun: options.dryRun,
    publish: async (record) => {
      await options.events.append([record]);
    },
  });
}
