import type { Point } from '@vigil/core';
import { formatPoint } from './format-point';

const OPENING_BRACE = 0x7b;

/** A lone UTF-16 surrogate: with the `u` flag a well-formed pair is one code point, not `Cs`. */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * The point as one line of line protocol (nanosecond timestamp), or undefined when the evaluator
 * would not read the line back as exactly this point. Line protocol cannot carry NaN or infinite
 * floats, empty tag values (InfluxDB drops the tag, so the point would lose its key), tags or
 * fields named "time" (the parser refuses them, as InfluxDB does), names with a newline or a
 * trailing backslash, lone surrogates (UTF-8 turns them into U+FFFD), and a measurement starting
 * with `{` (a record starting with it would be read as a JSON point). Such points are written
 * in the per-point encoding instead. Tag and field order is not kept: line protocol sorts keys,
 * and tags and fields are maps in Kapacitor as in vigil.
 */
export function losslessLine(point: Point): string | undefined {
  for (const key in point.tags) {
    if (key === 'time' || point.tags[key] === '') return undefined;
  }
  if (Object.hasOwn(point.fields, 'time')) return undefined;
  let line: string;
  try {
    line = formatPoint(point);
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
  if (line.charCodeAt(0) === OPENING_BRACE || LONE_SURROGATE.test(line)) return undefined;
  return line;
}
