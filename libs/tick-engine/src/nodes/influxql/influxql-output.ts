import type { FieldValue, Fields, Point, Tags } from '@vigil/core';
import type { Message } from '../../runtime/message';
import type { Reduced } from './aggregate-reducers';
import type { Value } from './field-kind';

/** What an InfluxQL node's outputs are built from (Kapacitor's `baseReduceContext`). */
export interface OutputSettings {
  readonly field: string;
  readonly as: string;
  /** `.usePointTimes()`, always on for transformations. */
  readonly pointTimes: boolean;
  readonly selector: boolean;
}

export interface OutputGroup {
  readonly group: string;
  readonly groupTags: Tags;
  readonly dimensions: Message['dimensions'];
}

/** A point Kapacitor's reduce context emits: database and retention policy are left empty. */
function outputPoint(name: string, tags: Tags, fields: Fields, time: bigint): Point {
  return { database: '', retentionPolicy: '', name, tags, fields, time };
}

/**
 * One reduced value as a point: selectors keep the selected point's tags and fields with the
 * field renamed to `as`; everything else is `{as: value}` with the group tags. The time is the
 * batch time unless point times are used and the reducer chose a time.
 */
export function reducedPoint(settings: OutputSettings, reduced: Reduced, name: string, batchTime: bigint, groupTags: Tags): Point {
  const time = settings.pointTimes && reduced.time !== null ? reduced.time : batchTime;
  if (settings.selector && reduced.point) return outputPoint(name, reduced.point.tags, renamed(reduced.point.fields, settings.field, settings.as), time);
  return outputPoint(name, groupTags, { [settings.as]: reduced.value as FieldValue }, time);
}

/** A transformation's output for a stream point or a batch point: `{as: value}` with the group tags. */
export function transformedPoint(settings: OutputSettings, value: Value, time: bigint, name: string, groupTags: Tags): Point {
  return outputPoint(name, groupTags, { [settings.as]: value as FieldValue }, time);
}

/** A batch of distinct values: one point per value, without tags. */
export function distinctPoints(settings: OutputSettings, reduced: readonly Reduced[], name: string, batchTime: bigint): Point[] {
  return reduced.map((entry) => outputPoint(name, {}, { [settings.as]: entry.value as FieldValue }, settings.pointTimes && entry.time !== null ? entry.time : batchTime));
}

function renamed(fields: Fields, field: string, as: string): Fields {
  if (as === field) return fields;
  const copy: Record<string, FieldValue> = {};
  for (const key in fields) if (key !== field) copy[key] = fields[key] as FieldValue;
  copy[as] = fields[field] as FieldValue;
  return copy;
}
