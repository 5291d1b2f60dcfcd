/**
 * Thrown inside the scanner when a line is malformed and caught by the line loop, which turns it
 * into a LineProtocolError with a line and column. It is not an Error so that throwing it does not
 * capture a stack trace: a file full of bad lines must not parse slowly.
 */
export class ScanFailure {
  constructor(
    /** Offset in the scanned text where the problem is. */
    readonly offset: number,
    readonly reason: string,
    /** Where to look for the end of the bad line; differs from `offset` for unbalanced quotes. */
    readonly resumeFrom: number = offset,
  ) {}
}

/** Thrown when a quoted string runs past the end of a chunk that is not the last one. */
export const NEED_MORE_INPUT = Symbol('need more input');

export function fail(offset: number, reason: string, resumeFrom?: number): never {
  throw new ScanFailure(offset, reason, resumeFrom);
}

/** Quotes a piece of the input for an error message. */
export function quote(text: string): string {
  return JSON.stringify(text.length > 64 ? `${text.slice(0, 61)}...` : text);
}
