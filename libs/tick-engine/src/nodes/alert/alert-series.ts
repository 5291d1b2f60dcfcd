import type { FieldValue, Point, SeriesRow, Tags } from '@vigil/core';
import { compareGoStrings } from '@vigil/go-format';
import type { BatchMessage } from '../../runtime/message';

/**
 * `data.series` of an event caused by one stream point (Kapacitor's PointMessage.ToRow): the
 * point's measurement and all its tags, columns `time` then the field keys in byte order, and one
 * row of values.
 */
export function pointSeries(point: Point): SeriesRow {
  return new PointSeries().of(point);
}

/**
 * pointSeries for a node: the points of a stream mostly have the same field keys in the same
 * order, so the byte-ordered columns of the last key list are kept and reused when it repeats.
 */
export class PointSeries {
  private lastKeys: readonly string[] = [];
  private lastColumns: readonly string[] = Object.freeze(['time']);

  of(point: Point): SeriesRow {
    const fields = point.fields;
    const keys = Object.keys(fields);
    if (!sameKeys(keys, this.lastKeys)) {
      this.lastKeys = keys;
      // Frozen: every event of these keys shares the one array.
      this.lastColumns = Object.freeze(['time', ...[...keys].sort(compareGoStrings)]);
    }
    const columns = this.lastColumns;
    const row: (bigint | FieldValue)[] = [point.time];
    for (let i = 1; i < columns.length; i++) row.push(fields[columns[i] as string] as FieldValue);
    return { name: point.name, tags: point.tags, columns, values: [row] };
  }
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * `data.series` of an event caused by a batch (Kapacitor's batch ToRow): the group's tags, and
 * columns taken from the FIRST point only: its field keys and its tags that are not group tags,
 * sorted together after `time`. A later point lacking a column gets JSON null there.
 */
export function batchSeries(batch: BatchMessage, tags: Tags): SeriesRow {
  const first = batch.points[0];
  if (!first) return { name: batch.name, tags, columns: [], values: [] };
  const extraTags = Object.keys(first.tags).filter((key) => !Object.hasOwn(tags, key));
  const keys = [...Object.keys(first.fields), ...extraTags].sort(compareGoStrings);
  const values = batch.points.map((point) => [point.time, ...keys.map((key) => cell(point, key))]);
  return {
    name: batch.name,
    tags,
    columns: ['time', ...keys],
    // A missing cell is null in Kapacitor's JSON.
    values,
  };
}

function cell(point: Point, key: string): FieldValue | null {
  const field = point.fields[key];
  if (field !== undefined) return field;
  const tag = point.tags[key];
  return tag ?? null;
}
