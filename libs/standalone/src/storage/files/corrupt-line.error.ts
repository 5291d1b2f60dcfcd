/** A line of a data file that cannot be read back, where no crash can explain it; names file and line. */
export class CorruptLineError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    reason: string,
  ) {
    super(`${file}:${line}: corrupt line (${reason})`);
    this.name = 'CorruptLineError';
  }
}
