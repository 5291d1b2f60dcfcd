/** The text being scanned and what the part scanners report back about the current line. */
export interface ScanState {
  text: string;
  length: number;
  /** False while scanning a chunk that more text will follow. */
  final: boolean;
  /** Offset just after what the last part scanner consumed. */
  end: number;
  /** Newlines met inside quoted strings of the current line. */
  innerNewlines: number;
}

/** Reusable storage for the key/value pairs of the line being scanned, so a line allocates no arrays. */
export interface Pairs<T> {
  keys: string[];
  values: T[];
  /** Offset of each key in the text, for error columns. */
  offsets: number[];
  count: number;
}

export function newPairs<T>(): Pairs<T> {
  return { keys: [], values: [], offsets: [], count: 0 };
}
