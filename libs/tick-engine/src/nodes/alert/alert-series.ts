import type { FieldValue, Point, SeriesRow, Tags } from '@vigil/core';
import { compareGoStrings } from '@vigil/go-format';
import type { BatchMessage } from '../../runtime/message';

/**
 * `data.series` of an event caused by one stream point (Kapacitor's PointMessage.ToRow): the
 * point's measurement and all its tags, columns `time` then the field keys in byte order, and one
 * row of values.
 */
export function pointSeries(point: Point): SeriesRow {
  const keys = Object.keys(point.fields).sort(compareGoStrings);
  return {
    name: point.name,
    tags: point.tags,
    columns: ['time', ...keys],
    values: [[point.time, ...keys.map((key) => point.fields[key] as FieldValue)]],
  };
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
