import { type DeadLetter, readDeadLetterRecord } from '@vigil/delivery';
import { readLineFile } from '../files/line-file';
import { decodeRecordLine, isInvalid } from '../record-log/log-record';

/**
 * The dead letters of a file written by FileDeadLetterSink, oldest first, for `vigil dlq list`.
 * It never changes the file: a server may be appending to it, so an unfinished last line is
 * skipped rather than cut off. A bad line elsewhere is a CorruptLineError naming file and line.
 */
export function readDeadLetters(path: string): Promise<DeadLetter[]> {
  return readLineFile(path, decodeDeadLetterLine, { repair: false });
}

function decodeDeadLetterLine(line: string): DeadLetter | { readonly invalid: string } {
  const record = decodeRecordLine(line);
  if (isInvalid(record)) return record;
  try {
    return readDeadLetterRecord(record.value, record.headers);
  } catch (error) {
    return { invalid: (error as Error).message };
  }
}
