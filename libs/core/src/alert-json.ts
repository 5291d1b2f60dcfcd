import { compareGoStrings, encodeJSONString, formatFloatJSON, formatRFC3339Nano } from '@vigil/go-format';
import type { AlertEvent, SeriesRow } from './alert-event';
import type { FieldValue } from './point';

/** The part of an AlertEvent that Kapacitor's alert JSON (`alert.Data`) carries. */
export type AlertData = Pick<
  AlertEvent,
  'id' | 'message' | 'details' | 'time' | 'duration' | 'level' | 'previousLevel' | 'recoverable' | 'series'
>;

/**
 * Kapacitor's alert JSON, byte for byte: Go's `encoding/json` of `alert.Data` as every JSON
 * handler (post, log, tcp, exec) writes it, without the encoder's trailing newline (the handlers
 * add their own). Keys in the struct's order `id, message, details, time, duration, level, data,
 * previousLevel, recoverable`; `data` is `{"series":[...]}` (`null` without rows, Go's nil slice);
 * each row (models.Row) omits an empty `name`, `tags`, `columns` or `values` (`omitempty`), sorts
 * its tags byte-wise, and writes a leading `time` column as RFC 3339 with nanoseconds. Strings use
 * Go's HTML-safe escaping. A NaN or infinite field makes Go's encoder fail (Kapacitor logs and
 * drops the event); this function throws in that case.
 */
export function encodeAlertEvent(event: AlertData): string {
  let series = 'null';
  if (event.series.length > 0) series = '[' + event.series.map(encodeSeriesRow).join(',') + ']';
  return (
    `{"id":${encodeJSONString(event.id)}` +
    `,"message":${encodeJSONString(event.message)}` +
    `,"details":${encodeJSONString(event.details)}` +
    `,"time":"${formatRFC3339Nano(event.time)}"` +
    `,"duration":${event.duration}` +
    `,"level":"${event.level}"` +
    `,"data":{"series":${series}}` +
    `,"previousLevel":"${event.previousLevel}"` +
    `,"recoverable":${event.recoverable ? 'true' : 'false'}}`
  );
}

/** One row (models.Row) as Go's encoding/json writes it: see encodeAlertEvent; httpPost's body is made of it too. */
export function encodeSeriesRow(row: SeriesRow): string {
  const parts: string[] = [];
  if (row.name !== '') parts.push(`"name":${encodeJSONString(row.name)}`);
  const tagKeys = Object.keys(row.tags).sort(compareGoStrings);
  if (tagKeys.length > 0) {
    parts.push(`"tags":{${tagKeys.map((k) => `${encodeJSONString(k)}:${encodeJSONString(row.tags[k] ?? '')}`).join(',')}}`);
  }
  if (row.columns.length > 0) parts.push(`"columns":[${row.columns.map(encodeJSONString).join(',')}]`);
  if (row.values.length > 0) {
    const timeFirst = row.columns[0] === 'time';
    const rows = row.values.map((values) => '[' + values.map((v, i) => (i === 0 && timeFirst && typeof v === 'bigint' ? `"${formatRFC3339Nano(v)}"` : encodeFieldValue(v))).join(',') + ']');
    parts.push(`"values":[${rows.join(',')}]`);
  }
  return '{' + parts.join(',') + '}';
}

// A batch point that lacks one of the batch's columns has a nil cell, which Go writes as null.
function encodeFieldValue(value: FieldValue | null): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'number':
      return formatFloatJSON(value);
    case 'bigint':
      return value.toString();
    case 'string':
      return encodeJSONString(value);
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      return value.value.toString();
  }
}

export { AlertJsonError, decodeAlertEvent } from './alert-json-decode';
