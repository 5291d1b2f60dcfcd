/** What a crash in the middle of a write left at the end of an append-only file, cut off at open. */
export interface TornTail {
  readonly file: string;
  /** Byte position where the cut-off bytes started. */
  readonly position: number;
  readonly bytes: number;
}
