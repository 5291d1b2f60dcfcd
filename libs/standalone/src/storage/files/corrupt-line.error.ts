/**
 * A line of a data file that cannot be read back, where no crash can explain it: names the file,
 * the line and the byte where it starts. `vigil repair --data DIR` cuts the file there.
 */
export class CorruptLineError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
    /** Byte position of the line's start, when known. */
    readonly position?: number,
  ) {
    super(`${file}:${line}${position === undefined ? '' : ` (byte ${position})`}: corrupt line (${reason})`);
    this.name = 'CorruptLineError';
  }
}
