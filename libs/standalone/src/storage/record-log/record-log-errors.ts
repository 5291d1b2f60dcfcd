/** A line of a segment that is not a record, anywhere a crash cannot explain it. */
export class RecordLogCorruptError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    reason: string,
  ) {
    super(`${file}:${line}: corrupt record (${reason})`);
    this.name = 'RecordLogCorruptError';
  }
}

/** A read below the first offset still kept (its segment was truncated away). */
export class RecordLogRangeError extends Error {
  constructor(
    readonly requested: bigint,
    readonly start: bigint,
  ) {
    super(`offset ${requested} is no longer in the log, which starts at ${start}`);
    this.name = 'RecordLogRangeError';
  }
}
