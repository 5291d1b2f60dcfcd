import type { FieldValue, Point } from '@vigil/core';
import { parseJsonTime } from './json-time';
import { utf8BodyText } from '../write/utf8-body';
import { WriteRefusedError, type ParsedWrite } from '../write/write-outcome';

/**
 * `POST /v1/points`: a JSON array of `{measurement, tags, fields, time}`. Field values are
 * numbers (float), strings, booleans, or `{"int": "<int64>"}` for an integer. Every item is
 * validated before anything is written: one bad item refuses the whole body with 400 naming its
 * index, because a JSON writer (unlike a line-protocol one) can fix and resend exactly. A body
 * that is not UTF-8 is refused whole, naming the line and column of the first bad byte.
 */
export function decodeJsonPoints(body: Buffer, target: { database: string; retentionPolicy: string }): ParsedWrite {
  const text = utf8BodyText(body);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new WriteRefusedError(400, `body is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!Array.isArray(parsed)) throw new WriteRefusedError(400, 'body must be a JSON array of points');
  const points: Point[] = [];
  const errors: string[] = [];
  parsed.forEach((entry: unknown, index) => {
    const result = pointOf(entry, target);
    if (typeof result === 'string') errors.push(`[${index}]: ${result}`);
    else points.push(result);
  });
  if (errors.length > 0) throw new WriteRefusedError(400, `invalid points: ${errors.slice(0, 20).join('; ')}${errors.length > 20 ? `; and ${errors.length - 20} more` : ''}`);
  return { points, rejected: 0, positionOf: (index) => `[${index}]` };
}

function pointOf(entry: unknown, target: { database: string; retentionPolicy: string }): Point | string {
  if (!isObject(entry)) return 'expected an object';
  const { measurement, tags = {}, fields, time } = entry;
  if (typeof measurement !== 'string' || measurement === '') return 'measurement must be a non-empty string';
  if (!isObject(tags)) return 'tags must be an object of strings';
  const pointTags: Record<string, string> = {};
  for (const [key, value] of Object.entries(tags)) {
    if (typeof value !== 'string') return `tag "${key}" must be a string`;
    if (key === '' || value === '') return 'tag keys and values must not be empty';
    pointTags[key] = value;
  }
  if (!isObject(fields) || Object.keys(fields).length === 0) return 'fields must be a non-empty object';
  const pointFields: Record<string, FieldValue> = {};
  for (const [key, value] of Object.entries(fields)) {
    const field = fieldOf(value);
    if (field === undefined) return `field "${key}" must be a finite number, string, boolean or {"int": "<integer>"}`;
    pointFields[key] = field;
  }
  const ns = parseJsonTime(time);
  if (ns === undefined) return 'time must be RFC 3339 or integer nanoseconds';
  return { database: target.database, retentionPolicy: target.retentionPolicy, name: measurement, tags: pointTags, fields: pointFields, time: ns };
}

function fieldOf(value: unknown): FieldValue | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (isObject(value) && Object.keys(value).length === 1 && typeof value['int'] === 'string' && /^-?\d{1,19}$/.test(value['int'])) {
    const int = BigInt(value['int']);
    return int >= -(2n ** 63n) && int < 2n ** 63n ? int : undefined;
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
