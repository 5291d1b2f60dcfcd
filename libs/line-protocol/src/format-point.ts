import { Unsigned, type FieldValue, type Point } from '@vigil/core';
import { escapeFieldKey, escapeMeasurement, escapeTag, quoteString } from './escape';
import { formatFloat } from './format-float';
import { compareKeys } from './key-order';
import { isTimeInRange, precisionMultiplier, type Precision } from './precision';

const MIN_INT64 = -(2n ** 63n);
const MAX_INT64 = 2n ** 63n - 1n;
const MAX_UINT64 = 2n ** 64n - 1n;

/**
 * Writes a point as one line of canonical line protocol, without a line break:
 * - tags sorted by key as InfluxDB sorts them; a tag with an empty value is left out, as InfluxDB
 *   leaves it out of the series key;
 * - fields sorted by key as InfluxDB's NewPoint does; floats in Go's shortest 'f' form (`1`,
 *   `0.1`, `-1500`), integers with `i`, unsigned integers with `u`, strings quoted and escaped,
 *   booleans as `true`/`false`;
 * - the timestamp in `precision` units (truncated toward zero, as InfluxDB's PrecisionString does).
 *
 * Throws a RangeError for what line protocol cannot carry: no fields, empty or unrepresentable
 * names (a trailing backslash, a newline), NaN or infinite floats, integers beyond 64 bits, and
 * times outside InfluxDB's range. A field or tag named "time" is written as given even though
 * InfluxDB would refuse it.
 */
export function formatPoint(point: Point, precision: Precision = 'n'): string {
  let line = escapeMeasurement(point.name);
  const tagKeys = Object.keys(point.tags).sort(compareKeys);
  for (const key of tagKeys) {
    const value = point.tags[key] as string;
    if (value === '') continue;
    line += `,${escapeTag(key, 'tag key')}=${escapeTag(value, 'tag value')}`;
  }
  const fieldKeys = Object.keys(point.fields).sort(compareKeys);
  if (fieldKeys.length === 0) throw new RangeError(`line protocol: point ${JSON.stringify(point.name)} has no fields`);
  let separator = ' ';
  for (const key of fieldKeys) {
    line += `${separator}${escapeFieldKey(key)}=${formatFieldValue(key, point.fields[key] as FieldValue)}`;
    separator = ',';
  }
  if (!isTimeInRange(point.time)) throw new RangeError(`line protocol: time ${point.time} is outside InfluxDB's range`);
  const unit = precisionMultiplier(precision);
  return `${line} ${unit === 1n ? point.time : point.time / unit}`;
}

/** Writes points one per line, each line ended by '\n'. */
export function formatPoints(points: Iterable<Point>, precision: Precision = 'n'): string {
  let text = '';
  for (const point of points) text += `${formatPoint(point, precision)}\n`;
  return text;
}

/** Writes one field value in line protocol syntax. */
export function formatFieldValue(key: string, value: FieldValue): string {
  switch (typeof value) {
    case 'number':
      if (!Number.isFinite(value)) throw new RangeError(`line protocol: field ${JSON.stringify(key)} is ${value}, which InfluxDB refuses`);
      return formatFloat(value);
    case 'bigint':
      if (value < MIN_INT64 || value > MAX_INT64) throw new RangeError(`line protocol: integer field ${JSON.stringify(key)} is outside int64`);
      return `${value}i`;
    case 'string':
      return quoteString(value);
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      if (value instanceof Unsigned) {
        if (value.value < 0n || value.value > MAX_UINT64) throw new RangeError(`line protocol: unsigned field ${JSON.stringify(key)} is outside uint64`);
        return `${value.value}u`;
      }
      throw new RangeError(`line protocol: field ${JSON.stringify(key)} has an unsupported value`);
  }
}
