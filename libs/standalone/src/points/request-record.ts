import type { Point } from '@vigil/core';
import { POINT_HEADERS } from '@vigil/evaluation';
import { headerBytes, surelyFits, type LineSource } from '@vigil/ingest-http';
import { truncateToPrecision } from '@vigil/line-protocol';
import type { PointRecord } from './point-records';

const OPENING_BRACE = 0x7b;
const BYTE_ORDER_MARK = [0xef, 0xbb, 0xbf] as const;

/**
 * How much longer than its own text a point can get as ingest writes it to Kafka: Go's `f` form
 * turns `a=1e-300` into 300 digits (~40x), a JSON point escapes control characters 6x; 64x
 * with room for the JSON point's skeleton, database and retention policy bounds them all.
 */
const GROWTH = 64;
const JSON_SKELETON_CHARS = 256;

/**
 * The point log's record of a write request whose every line became a point: its own
 * line-protocol text with its database, retention policy and precision in the headers, which
 * the evaluator's MessageDecoder parses back into the very points parsed at the endpoint. Storing
 * what arrived spares formatting every point again (pointRecordsOf), about 6 % of serve's CPU.
 *
 * Undefined when the text would not read back as these points, and pointRecordsOf is used:
 * - a line without a timestamp (the decoder would not know the time it was given), told by a
 *   point whose time is the request's default time;
 * - a text starting with `{` or a zero byte (the decoder would take it for a JSON or Avro point)
 *   or with a byte order mark (the endpoint's UTF-8 decoding drops it, Buffer's keeps it);
 * - a point whose text is long enough that it might be larger than `maxPointBytes` as ingest's
 *   record: pointRecordsOf measures each point exactly.
 */
export function requestRecordOf(points: readonly Point[], source: LineSource, maxPointBytes?: number): PointRecord | undefined {
  const { body, database, retentionPolicy, precision } = source;
  if (points.length === 0 || body.length === 0 || body[0] === OPENING_BRACE || body[0] === 0 || startsWithByteOrderMark(body)) return undefined;
  const defaultTime = truncateToPrecision(source.defaultTime, precision);
  for (let index = 0; index < points.length; index++) {
    if ((points[index] as Point).time === defaultTime) return undefined;
  }
  const text = body.toString('utf8');
  const headers = { [POINT_HEADERS.database]: database, [POINT_HEADERS.retentionPolicy]: retentionPolicy, [POINT_HEADERS.precision]: precision };
  if (maxPointBytes !== undefined) {
    const longest = GROWTH * longestPointChars(text, source.lines) + JSON_SKELETON_CHARS + database.length + retentionPolicy.length;
    if (!surelyFits(longest, longest * 3, headerBytes(headers), maxPointBytes)) return undefined;
  }
  return { key: '', value: text, headers, points };
}

/**
 * The most characters any point takes in `text`, counted from the start of the line it starts on
 * to the start of the next point's line (a quoted string may span lines), so never less than the
 * point's own text.
 */
export function longestPointChars(text: string, lines: readonly number[]): number {
  let line = 1;
  let position = 0;
  const startOf = (target: number): number => {
    while (line < target) {
      const newline = text.indexOf('\n', position);
      if (newline < 0) return text.length;
      position = newline + 1;
      line++;
    }
    return position;
  };
  let longest = 0;
  let start = startOf(lines[0] ?? 1);
  for (let index = 1; index <= lines.length; index++) {
    const next = index < lines.length ? startOf(lines[index] as number) : text.length;
    longest = Math.max(longest, next - start);
    start = next;
  }
  return longest;
}

function startsWithByteOrderMark(body: Buffer): boolean {
  return body.length >= 3 && body[0] === BYTE_ORDER_MARK[0] && body[1] === BYTE_ORDER_MARK[1] && body[2] === BYTE_ORDER_MARK[2];
}
