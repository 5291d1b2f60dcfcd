import { decodeHttpOutRecord, encodeHttpOutRecord, HttpOutRecordError, mergedHttpOut } from './http-out-record';
import type { HttpOutRow } from './http-out-results';

function row(group: string, firstMs: number, atMs: number, value: number): HttpOutRow {
  return { group, firstMs, atMs, row: JSON.stringify({ name: 'cpu', tags: { host: group }, columns: ['time', 'usage'], values: [['1970-01-01T00:00:00Z', value]] }) };
}

function record(atMs: number, rows: readonly HttpOutRow[], endpoint = 'out'): string {
  return encodeHttpOutRecord(atMs, new Map([[endpoint, rows]])).text;
}

/** The answer's rows as [host, usage]. */
function merged(records: readonly string[], endpoint = 'out', nowMs = 1_000): [string, number][] | null | undefined {
  const answer = mergedHttpOut(records, endpoint, nowMs, 500);
  if (answer === undefined) return undefined;
  const series = (JSON.parse(answer) as { series: { tags: { host: string }; values: [string, number][] }[] | null }).series;
  return series === null ? null : series.map((entry) => [entry.tags.host, entry.values[0]?.[1] ?? NaN]);
}

describe('mergedHttpOut', () => {
  it("puts every evaluator's groups in the order they first came", () => {
    const one = record(900, [row('a', 10, 800, 1), row('c', 30, 800, 3)]);
    const two = record(950, [row('b', 20, 900, 2)]);
    expect(merged([one, two])).toEqual([['a', 1], ['b', 2], ['c', 3]]);
  });

  it("takes the newest row of a group two evaluators hold (it moved), at the place it first came", () => {
    const before = record(900, [row('a', 10, 700, 1), row('b', 20, 700, 2)]);
    const after = record(950, [row('a', 40, 940, 5)]);
    expect(merged([after, before])).toEqual([['a', 5], ['b', 2]]);
  });

  it('leaves out records older than the fresh time and records that do not decode', () => {
    const stale = record(400, [row('a', 10, 400, 1)]);
    const fresh = record(900, [row('b', 20, 900, 2)]);
    expect(merged([stale, fresh, '{"atMs":"soon"}', 'not json'])).toEqual([['b', 2]]);
  });

  it('answers series null for an endpoint listed without rows, and nothing for one no fresh record lists', () => {
    expect(merged([record(900, [])])).toBeNull();
    expect(merged([record(900, [row('a', 1, 1, 1)])], 'other')).toBeUndefined();
    expect(merged([record(100, [row('a', 1, 1, 1)])])).toBeUndefined();
    expect(merged([])).toBeUndefined();
  });
});

describe('encodeHttpOutRecord', () => {
  it('keeps the first-seen rows up to the byte bound and counts the rest', () => {
    const rows = [row('a', 1, 1, 1), row('b', 2, 2, 2), row('c', 3, 3, 3)];
    const size = (rows[0]?.row.length ?? 0) + 1;
    const { text, left } = encodeHttpOutRecord(5, new Map([['out', rows]]), size * 2);
    expect(left).toBe(1);
    expect(decodeHttpOutRecord(text)).toEqual({ atMs: 5, endpoints: [{ name: 'out', rows: rows.slice(0, 2) }] });
  });

  it('refuses a row that is not one JSON object, naming where it is', () => {
    const text = JSON.stringify({ atMs: 1, endpoints: [{ name: 'out', rows: [{ group: 'a', firstMs: 1, atMs: 1, row: '{"name":"cpu"},{' }] }] });
    expect(() => decodeHttpOutRecord(text)).toThrow(new HttpOutRecordError('endpoints[0].rows[0].row is not JSON'));
  });
});
