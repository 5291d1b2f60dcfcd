import type { SeriesRow } from './alert-event';
import type { AlertData } from './alert-json';
import { type FieldValue, type Level, LEVELS } from './point';
import { parseJsonKeepingIntegers } from './json-integers';

export class AlertJsonError extends Error {
  constructor(message: string) {
    super(`invalid alert JSON: ${message}`);
    this.name = 'AlertJsonError';
  }
}

/**
 * Parses Kapacitor's alert JSON (what `encodeAlertEvent` writes, or what Kapacitor posted) back
 * into AlertData, validating every field. Lossy where the JSON is: a number written without `.`
 * or exponent becomes an int64 (`bigint`), so a float field holding 2.0 (printed `2` by Go)
 * comes back as `2n`, and unsigned fields come back as plain integers. A `time` first column is
 * read back as nanoseconds. Re-encoding the result gives the same bytes.
 */
export function decodeAlertEvent(json: string): AlertData {
  let parsed: unknown;
  try {
    parsed = parseJsonKeepingIntegers(json);
  } catch (error) {
    throw new AlertJsonError((error as Error).message);
  }
  const o = asObject(parsed, 'the event');
  const data = o.data === undefined ? {} : asObject(o.data, 'data');
  const series = data.series === undefined || data.series === null ? [] : asArray(data.series, 'data.series');
  return {
    id: asString(o.id, 'id'),
    message: asString(o.message, 'message'),
    details: asString(o.details, 'details'),
    time: parseRFC3339(asString(o.time, 'time'), 'time'),
    duration: asInteger(o.duration, 'duration'),
    level: asLevel(o.level, 'level'),
    previousLevel: asLevel(o.previousLevel, 'previousLevel'),
    recoverable: asBoolean(o.recoverable, 'recoverable'),
    series: series.map((row, i) => decodeRow(row, `data.series[${i}]`)),
  };
}

function decodeRow(value: unknown, path: string): SeriesRow {
  const row = asObject(value, path);
  const columns = row.columns === undefined || row.columns === null ? [] : asArray(row.columns, `${path}.columns`).map((c, i) => asString(c, `${path}.columns[${i}]`));
  const tagEntries = row.tags === undefined || row.tags === null ? [] : Object.entries(asObject(row.tags, `${path}.tags`));
  // fromEntries keeps any key (even "__proto__") as an own property.
  const tags = Object.fromEntries(tagEntries.map(([k, v]) => [k, asString(v, `${path}.tags.${k}`)]));
  const values = row.values === undefined || row.values === null ? [] : asArray(row.values, `${path}.values`);
  return {
    name: row.name === undefined ? '' : asString(row.name, `${path}.name`),
    tags,
    columns,
    values: values.map((r, i) =>
      asArray(r, `${path}.values[${i}]`).map((v, j) => {
        const where = `${path}.values[${i}][${j}]`;
        return j === 0 && columns[0] === 'time' ? parseRFC3339(asString(v, where), where) : asFieldValue(v, where);
      }),
    ),
  };
}

function asFieldValue(value: unknown, path: string): FieldValue {
  if (typeof value === 'bigint' || typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  throw new AlertJsonError(`${path} is not a field value`);
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

/** RFC 3339 with up to nanosecond precision to ns since the epoch (any offset accepted). */
function parseRFC3339(text: string, path: string): bigint {
  const m = RFC3339.exec(text);
  if (m === null) throw new AlertJsonError(`${path} is not an RFC 3339 time: ${JSON.stringify(text)}`);
  const [, y, mo, d, h, mi, s, fraction, zone] = m as unknown as string[];
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
    throw new AlertJsonError(`${path} is out of range: ${JSON.stringify(text)}`);
  }
  const millis = Date.UTC(Number(y), month - 1, day, Number(h), Number(mi), Number(s));
  let ns = BigInt(millis) * 1_000_000n + BigInt((fraction ?? '').padEnd(9, '0') || '0');
  if (zone !== undefined && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1n : 1n;
    const offsetMinutes = BigInt(Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
    ns -= sign * offsetMinutes * 60_000_000_000n;
  }
  return ns;
}

function asObject(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new AlertJsonError(`${path} is not an object`);
  return value as Record<string, unknown>;
}

function asArray(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw new AlertJsonError(`${path} is not an array`);
  return value;
}

function asString(value: unknown, path: string): string {
  if (typeof value !== 'string') throw new AlertJsonError(`${path} is not a string`);
  return value;
}

function asInteger(value: unknown, path: string): bigint {
  if (typeof value !== 'bigint') throw new AlertJsonError(`${path} is not an integer`);
  return value;
}

function asBoolean(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') throw new AlertJsonError(`${path} is not a boolean`);
  return value;
}

function asLevel(value: unknown, path: string): Level {
  if (typeof value !== 'string' || !(LEVELS as readonly string[]).includes(value)) throw new AlertJsonError(`${path} is not a level`);
  return value as Level;
}
