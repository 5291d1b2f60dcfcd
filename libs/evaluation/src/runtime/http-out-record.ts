import { type HttpOutRow, seriesAnswer } from './http-out-results';

/**
 * One evaluator's `httpOut` rows of one task as it publishes them for ingest's task API (Redis,
 * `RedisTaskRecords`): when they were taken (wall clock, ms), and every endpoint of the task the
 * evaluator runs, each with its groups' rows (an endpoint without rows says the task has it).
 */
export interface HttpOutRecord {
  readonly atMs: number;
  readonly endpoints: readonly { readonly name: string; readonly rows: readonly HttpOutRow[] }[];
}

/**
 * How long a published record counts: three of the longest publish interval an evaluator may
 * have (EVALUATOR_STATS_INTERVAL_MS, at most 10 s), as for the node statistics.
 */
export const HTTP_OUT_FRESH_MS = 30_000;

/**
 * The most bytes of rows one record carries (about 1 MB): a task with very many groups, or with
 * large batches, publishes the rows of its groups that came first up to this, and leaves the
 * rest out (the publisher logs it), so that one task cannot make each publish unbounded.
 */
export const HTTP_OUT_RECORD_MAX_BYTES = 1_000_000;

/**
 * The Redis key prefix of a deployment's published `httpOut` rows, named after the tasks topic
 * that the evaluators and ingest of one deployment share, as the task statistics' is.
 */
export function httpOutKeyPrefix(tasksTopic: string): string {
  return `vigil:http-out:${tasksTopic}`;
}

export class HttpOutRecordError extends Error {
  constructor(message: string) {
    super(`httpOut record: ${message}`);
    this.name = 'HttpOutRecordError';
  }
}

/**
 * Encodes one task's endpoints, keeping at most `maxBytes` of rows (each endpoint's first-seen
 * groups first); `left` counts the rows left out.
 */
export function encodeHttpOutRecord(atMs: number, endpoints: ReadonlyMap<string, readonly HttpOutRow[]>, maxBytes = HTTP_OUT_RECORD_MAX_BYTES): { text: string; left: number } {
  let budget = maxBytes;
  let left = 0;
  const kept: { name: string; rows: HttpOutRow[] }[] = [];
  for (const [name, rows] of endpoints) {
    const fitting: HttpOutRow[] = [];
    for (const row of rows) {
      const size = row.row.length + row.group.length;
      if (size > budget) {
        left += 1;
        continue;
      }
      budget -= size;
      fitting.push(row);
    }
    kept.push({ name, rows: fitting });
  }
  const record: HttpOutRecord = { atMs, endpoints: kept };
  return { text: JSON.stringify(record), left };
}

/** Reads a record another process wrote; throws HttpOutRecordError naming what is wrong. */
export function decodeHttpOutRecord(text: string): HttpOutRecord {
  const record = objectOf(parsed(text, 'record'), 'record');
  const endpoints = record['endpoints'];
  if (!Array.isArray(endpoints)) throw new HttpOutRecordError('endpoints is not a list');
  return {
    atMs: count(record, 'atMs', 'record'),
    endpoints: endpoints.map((value: unknown, index) => {
      const where = `endpoints[${index}]`;
      const endpoint = objectOf(value, where);
      const name = endpoint['name'];
      const rows = endpoint['rows'];
      if (typeof name !== 'string') throw new HttpOutRecordError(`${where}.name must be a string`);
      if (!Array.isArray(rows)) throw new HttpOutRecordError(`${where}.rows is not a list`);
      return { name, rows: rows.map((row: unknown, at) => rowOf(row, `${where}.rows[${at}]`)) };
    }),
  };
}

/**
 * The endpoint's answer over the records of every evaluator (Kapacitor's JSON, as HttpOutResults
 * answers): the fresh records that list the endpoint, each group's newest row (a group that moved
 * to another evaluator, or that two partitions share), in the order the groups first came. No
 * fresh record lists it: undefined, the route's 404. Records that do not decode (written by
 * another version of vigil) are left out.
 */
export function mergedHttpOut(records: Iterable<string>, endpoint: string, nowMs: number, freshMs = HTTP_OUT_FRESH_MS): string | undefined {
  let listed = false;
  const groups = new Map<string, { firstMs: number; atMs: number; row: string }>();
  for (const text of records) {
    let record: HttpOutRecord;
    try {
      record = decodeHttpOutRecord(text);
    } catch {
      continue;
    }
    if (nowMs - record.atMs > freshMs) continue;
    for (const found of record.endpoints) {
      if (found.name !== endpoint) continue;
      listed = true;
      for (const row of found.rows) {
        const known = groups.get(row.group);
        if (known === undefined) groups.set(row.group, { firstMs: row.firstMs, atMs: row.atMs, row: row.row });
        else groups.set(row.group, { firstMs: Math.min(known.firstMs, row.firstMs), ...(row.atMs > known.atMs ? { atMs: row.atMs, row: row.row } : { atMs: known.atMs, row: known.row }) });
      }
    }
  }
  if (!listed) return undefined;
  // Stable sort: groups that came in the same millisecond keep one record's order.
  return seriesAnswer([...groups.values()].sort((a, b) => a.firstMs - b.firstMs).map((group) => group.row));
}

function rowOf(value: unknown, where: string): HttpOutRow {
  const row = objectOf(value, where);
  const group = row['group'];
  const text = row['row'];
  if (typeof group !== 'string') throw new HttpOutRecordError(`${where}.group must be a string`);
  if (typeof text !== 'string') throw new HttpOutRecordError(`${where}.row must be a string`);
  // The row is served as it is: it must be one JSON object, not text that would break the answer.
  objectOf(parsed(text, `${where}.row`), `${where}.row`);
  return { group, firstMs: count(row, 'firstMs', where), atMs: count(row, 'atMs', where), row: text };
}

function parsed(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpOutRecordError(`${where} is not JSON`);
  }
}

function objectOf(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new HttpOutRecordError(`${where} is not an object`);
  return value as Record<string, unknown>;
}

function count(object: Record<string, unknown>, key: string, where: string): number {
  const value = object[key];
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new HttpOutRecordError(`${where}.${key} must be a number of 0 or more`);
  return value;
}
