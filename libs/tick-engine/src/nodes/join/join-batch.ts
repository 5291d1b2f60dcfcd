import type { FieldValue, Point } from '@vigil/core';
import { sortByteOrder } from '../../runtime/byte-order';
import { goRound } from '../../runtime/go-time';
import { toGroupId } from '../../runtime/group-id';
import type { BatchMessage } from '../../runtime/message';
import type { JoinOptions, JoinSet } from './join-set';

/**
 * `joinset.JoinIntoBatch`: the batches of one set (one per parent, some missing) become one batch.
 * Their points are walked together in time order (each point's time rounded to the tolerance):
 * every step takes, from each batch, its next point if that has the earliest time of the step,
 * and joins them into one point with prefixed fields. A step that misses a batch fills that
 * parent's fields with the fill value (names from the very first point looked at), or, as an
 * inner join, yields no point. So an incomplete set without fill gives an empty batch, which is
 * sent on all the same, as Kapacitor sends it.
 *
 * The batch is named by `streamName` or the first batch's name, has the first batch's group tags
 * (grouped by all of them, sorted, and by measurement as the first batch was) and the set's time;
 * its points carry the group tags only.
 */
export function joinIntoBatch(set: JoinSet, options: JoinOptions): BatchMessage | undefined {
  const first = set.values[set.first];
  if (first?.kind !== 'batch') return undefined;
  const name = options.streamName === '' ? first.name : options.streamName;
  const tags = first.groupTags;
  const by = sortByteOrder(Object.keys(tags));
  const byMeasurement = first.dimensions.byMeasurement;
  const batches = set.values.map((value) => (value?.kind === 'batch' ? value.points : undefined));
  const parents = batches.length;
  const exhausted = new Array<boolean>(parents).fill(false);
  const next = new Array<number>(parents).fill(0);
  let exhaustedCount = 0;
  let fillNames: string[] | undefined;
  const points: Point[] = [];
  steps: while (exhaustedCount < parents) {
    const taken = new Array<Point | undefined>(parents).fill(undefined);
    let stepTime: bigint | undefined;
    let count = 0;
    for (let i = 0; i < parents; i++) {
      if (exhausted[i]) continue;
      const batch = batches[i];
      const index = next[i] as number;
      if (batch === undefined || index === batch.length) {
        exhausted[i] = true;
        exhaustedCount++;
        continue;
      }
      const point = batch[index] as Point;
      const time = goRound(point.time, options.tolerance);
      stepTime ??= time;
      if (time < stepTime) {
        // An earlier time: the points taken so far wait for a later step.
        stepTime = time;
        for (let j = 0; j < parents; j++) {
          if (taken[j] !== undefined) next[j] = (next[j] as number) - 1;
          taken[j] = undefined;
        }
        taken[i] = point;
        next[i] = index + 1;
        count = 1;
      } else if (time === stepTime) {
        fillNames ??= Object.keys(point.fields);
        taken[i] = point;
        next[i] = index + 1;
        count++;
      }
    }
    if (count === 0 || stepTime === undefined) continue;
    const fields: Record<string, FieldValue> = {};
    for (let i = 0; i < parents; i++) {
      const prefix = `${options.prefixes[i] ?? ''}${options.delimiter}`;
      const point = taken[i];
      if (point !== undefined) {
        for (const [key, value] of Object.entries(point.fields)) fields[prefix + key] = value;
        continue;
      }
      if (options.fill === undefined) continue steps;
      for (const key of fillNames ?? []) fields[prefix + key] = options.fill;
    }
    points.push({ database: '', retentionPolicy: '', name, tags, fields, time: stepTime });
  }
  return {
    kind: 'batch',
    name,
    tmax: set.time,
    group: toGroupId(name, tags, by, byMeasurement),
    groupTags: tags,
    dimensions: { by, byMeasurement, exclude: [] },
    points,
  };
}
