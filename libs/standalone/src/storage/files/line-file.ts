import { readFile, truncate } from 'node:fs/promises';
import { CorruptLineError } from './corrupt-line.error';
import { splitLines } from './line-split';
import type { TornTail } from './torn-tail';

/**
 * Reads a file of one entry per line, as an append-only file written with fsyncs leaves it. Its
 * last line, when unterminated or unreadable, is what a crash during a write leaves behind: it
 * was never acknowledged, so it is cut off (the file is truncated before it). Any other
 * unreadable line stops the read with a CorruptLineError. A missing file reads as empty.
 * `repair: false` leaves a torn tail in place, for readers of a file another process may be
 * appending to (the "torn" line may be a write in progress).
 */
export async function readLineFile<T>(
  path: string,
  decode: (line: string) => T | { readonly invalid: string },
  options: { readonly repair: boolean; readonly onTornTail?: (tail: TornTail) => void },
): Promise<T[]> {
  let buffer: Buffer;
  try {
    buffer = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const { lines, tail } = splitLines(buffer);
  const entries: T[] = [];
  let valid = 0;
  for (const [index, line] of lines.entries()) {
    const decoded = decode(buffer.toString('utf8', line.start, line.end));
    if (isInvalidLine(decoded)) {
      if (index === lines.length - 1 && tail === buffer.length) break;
      throw new CorruptLineError(path, index + 1, decoded.invalid, line.start);
    }
    entries.push(decoded);
    valid = line.end + 1;
  }
  if (options.repair && valid < buffer.length) {
    await truncate(path, valid);
    options.onTornTail?.({ file: path, position: valid, bytes: buffer.length - valid });
  }
  return entries;
}

function isInvalidLine<T>(decoded: T | { readonly invalid: string }): decoded is { readonly invalid: string } {
  return typeof decoded === 'object' && decoded !== null && 'invalid' in decoded;
}
