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
