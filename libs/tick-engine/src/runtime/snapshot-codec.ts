import { Unsigned, type FieldValue, type Fields, type Point, type Tags } from '@vigil/core';

/**
 * JSON encodings of what node snapshots hold. Snapshots cross process boundaries (they are
 * checkpointed to Redis and restored by another evaluator), so every decoder validates its
 * input and throws SnapshotError instead of building a half-valid state.
 */
export class SnapshotError extends Error {
  override readonly name = 'SnapshotError';
}

/**
 * A field value: finite floats as JSON numbers, strings and bools as themselves, and tagged
 * objects for what JSON cannot hold: int64 `{i}`, unsigned `{u}`, and non-finite or negative-zero
 * floats `{f}`. Keeping int and float apart matters: Kapacitor treats `1i` and `1.0` differently.
 */
export type EncodedField = number | string | boolean | { readonly i: string } | { readonly u: string } | { readonly f: string };

export interface EncodedPoint {
  readonly db: string;
  readonly rp: string;
  readonly name: string;
  readonly time: string;
  readonly tags: Tags;
  readonly fields: Readonly<Record<string, EncodedField>>;
}

export function encodeField(value: FieldValue): EncodedField {
  if (typeof value === 'number') {
    if (Number.isFinite(value) && !Object.is(value, -0)) return value;
    return { f: Object.is(value, -0) ? '-0' : String(value) };
  }
  if (typeof value === 'bigint') return { i: value.toString() };
  if (value instanceof Unsigned) return { u: value.value.toString() };
  return value;
}

export function decodeField(encoded: unknown): FieldValue {
  if (typeof encoded === 'number' || typeof encoded === 'string' || typeof encoded === 'boolean') return encoded;
  const record = expectRecord(encoded, 'field value');
  if (typeof record['i'] === 'string') return decodeBigint(record['i'], 'int field');
  if (typeof record['u'] === 'string') return new Unsigned(decodeBigint(record['u'], 'unsigned field'));
  switch (record['f']) {
    case 'NaN':
      return NaN;
    case 'Infinity':
      return Infinity;
    case '-Infinity':
      return -Infinity;
    case '-0':
      return -0;
  }
  throw new SnapshotError(`invalid field value ${JSON.stringify(encoded)}`);
}

export function encodeFields(fields: Fields): Record<string, EncodedField> {
  const encoded: Record<string, EncodedField> = {};
  for (const key of Object.keys(fields)) encoded[key] = encodeField(fields[key] as FieldValue);
  return encoded;
}

export function decodeFields(encoded: unknown): Fields {
  const record = expectRecord(encoded, 'fields');
  const fields: Record<string, FieldValue> = {};
  for (const key of Object.keys(record)) fields[key] = decodeField(record[key]);
  return fields;
}

export function decodeTags(encoded: unknown): Tags {
  const record = expectRecord(encoded, 'tags');
  const tags: Record<string, string> = {};
  for (const key of Object.keys(record)) tags[key] = expectString(record[key], `tag ${key}`);
  return tags;
}

export function encodePoint(point: Point): EncodedPoint {
  return {
    db: point.database,
    rp: point.retentionPolicy,
    name: point.name,
    time: point.time.toString(),
    tags: point.tags,
    fields: encodeFields(point.fields),
  };
}

export function decodePoint(encoded: unknown): Point {
  const record = expectRecord(encoded, 'point');
  return {
    database: expectString(record['db'], 'point database'),
    retentionPolicy: expectString(record['rp'], 'point retention policy'),
    name: expectString(record['name'], 'point name'),
    time: decodeBigint(record['time'], 'point time'),
    tags: decodeTags(record['tags']),
    fields: decodeFields(record['fields']),
  };
}

export function decodeBigint(encoded: unknown, what: string): bigint {
  if (typeof encoded !== 'string' || !/^-?\d+$/.test(encoded)) throw new SnapshotError(`${what}: expected an integer string, got ${JSON.stringify(encoded)}`);
  return BigInt(encoded);
}

export function decodeOptionalBigint(encoded: unknown, what: string): bigint | null {
  return encoded === null ? null : decodeBigint(encoded, what);
}

export function expectRecord(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new SnapshotError(`${what}: expected an object`);
  return value as Record<string, unknown>;
}

export function expectArray(value: unknown, what: string): readonly unknown[] {
  if (!Array.isArray(value)) throw new SnapshotError(`${what}: expected an array`);
  return value;
}

export function expectString(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new SnapshotError(`${what}: expected a string`);
  return value;
}

export function expectNumber(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new SnapshotError(`${what}: expected a number`);
  return value;
}

export function expectBoolean(value: unknown, what: string): boolean {
  if (typeof value !== 'boolean') throw new SnapshotError(`${what}: expected a boolean`);
  return value;
}

/** A member of a snapshot object, validating that the snapshot is an object. */
export function member(state: unknown, key: string, what: string): unknown {
  return expectRecord(state, what)[key];
}
