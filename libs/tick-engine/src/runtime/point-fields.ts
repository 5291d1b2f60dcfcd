import type { FieldValue, Point } from '@vigil/core';

/**
 * The point with one field added or replaced. Built field by field and with the point's
 * properties spelled out: on the per-point path this is markedly faster than object spread
 * with a computed key, and keeps every point the same shape.
 */
export function withField(point: Point, name: string, value: FieldValue): Point {
  const fields: Record<string, FieldValue> = {};
  const source = point.fields;
  for (const key in source) fields[key] = source[key] as FieldValue;
  fields[name] = value;
  return { database: point.database, retentionPolicy: point.retentionPolicy, name: point.name, tags: point.tags, fields, time: point.time };
}
