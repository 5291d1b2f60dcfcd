import type { FieldValue, Point, Tags } from '@vigil/core';
import { sprintf } from '@vigil/go-format';
import { ErrorReporter } from '../../runtime/error-reporter';
import type { NodeDefinition } from '../../runtime/node-definition';
import type { NodeBuildContext, NodeRuntime } from '../../runtime/node-runtime';
import type { NodeBuilder } from '../../runtime/node-spec';
import type { Accepted, Reduced, Reducer } from './aggregate-reducers';
import { AggregateNode } from './aggregate-node';
import { FieldCollector } from './field-collector';
import type { Value } from './field-kind';
import type { AggregateFunction, BatchPoints } from './influxql-functions';

type Direction = 'top' | 'bottom';

interface Candidate {
  readonly value: Value;
  readonly time: bigint;
  readonly point: Point;
}

/** Whether `a` is selected before `b`: the larger (top) or smaller (bottom) value, then the earlier time. */
function precedes(direction: Direction, a: Candidate, b: Candidate): boolean {
  if (a.value !== b.value) return direction === 'top' ? a.value > b.value : a.value < b.value;
  return a.time < b.time;
}

/**
 * The key a point competes under when tags or fields are named after the field: their values
 * printed with Go's `%s` and joined by commas, as InfluxQL's `filterFloatByUniqueTags` builds it
 * (a field value prints as `%!s(float64=1.5)`; a name neither field nor tag reads as the empty
 * tag). Values containing commas can therefore share a key, as they do in Kapacitor.
 */
function uniqueKey(point: Point, names: readonly string[]): string {
  return names
    .map((name) => {
      const field: FieldValue | undefined = point.fields[name];
      return field !== undefined ? sprintf('%s', [typeof field === 'object' ? field.value : field]) : (point.tags[name] ?? '');
    })
    .join(',');
}

/**
 * InfluxQL's `NewFloatTopReduceSliceFunc` / `NewFloatBottomReduceSliceFunc` (influxdb 1.1.4,
 * `call_iterator.go`): with names, only the best point of each key stays; the first `num` points
 * by value and time are then ordered by time, points of one time keeping the selection order.
 * Points equal in value and time keep their arrival order (Go's heap leaves it unspecified).
 */
function topBottomReducer(direction: Direction, num: number, names: readonly string[]): Reducer {
  return ({ values, times, points }: Accepted): Reduced[] => {
    let candidates: Candidate[] = values.map((value, i) => ({ value, time: times[i] as bigint, point: points?.[i] as Point }));
    if (names.length > 0) {
      const best = new Map<string, Candidate>();
      for (const candidate of candidates) {
        const key = uniqueKey(candidate.point, names);
        const current = best.get(key);
        if (!current || precedes(direction, candidate, current)) best.set(key, candidate);
      }
      candidates = [...best.values()];
    }
    const selected = candidates
      .sort((a, b) => (precedes(direction, a, b) ? -1 : precedes(direction, b, a) ? 1 : 0))
      .slice(0, num)
      .sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
    return selected.map(({ value, time, point }) => ({ value, time, point }));
  };
}

/**
 * Kapacitor's `floatPointEmitter.EmitBatch` for top and bottom: each point has the value as its
 * only field (named by `.as`) and the group tags overlaid with the selected point's own tags.
 */
const topBottomPoints: BatchPoints = (settings, reduced, name, batchTime, groupTags) =>
  reduced.map((entry) => {
    const pointTags = entry.point?.tags ?? {};
    const tags: Tags = Object.keys(pointTags).length > 0 ? { ...groupTags, ...pointTags } : groupTags;
    const time = settings.pointTimes && entry.time !== null ? entry.time : batchTime;
    return { database: '', retentionPolicy: '', name, tags, fields: { [settings.as]: entry.value as FieldValue }, time };
  });

function topBottomFunction(direction: Direction, num: number, names: readonly string[]): AggregateFunction {
  return {
    role: 'aggregate',
    name: direction,
    kinds: ['float', 'int'],
    reduce: topBottomReducer(direction, num, names),
    // Marked a selector so that the node keeps the points: their tags are output.
    selector: true,
    emptyOk: false,
    emitsBatch: true,
    batchPoints: topBottomPoints,
  };
}

function buildTopBottom(direction: Direction, definition: NodeDefinition, context: NodeBuildContext): NodeRuntime {
  const num = definition.argInt(0);
  // InfluxQL makes a slice of capacity num, which panics for a negative one: refused here instead.
  if (num < 0n) definition.fail(`${direction} num must not be negative`);
  const field = definition.argString(1);
  const names = definition.node.args.slice(2).map((_, i) => definition.argString(i + 2));
  const fn = topBottomFunction(direction, Number(num), names);
  const settings = { field, as: definition.string('as'), pointTimes: definition.has('usePointTimes'), selector: true };
  return new AggregateNode(definition.name, fn, settings, new FieldCollector(fn, field, new ErrorReporter(context.task, definition.name)), 0);
}

function topBottomBuilder(direction: Direction): NodeBuilder {
  return {
    type: direction,
    build: (definition, context) => buildTopBottom(direction, definition, context),
  };
}

/** `|top(num, 'field', 'tag', ...)` and `|bottom(...)`: InfluxQL selectors emitting a batch. */
export const topBottomNodeBuilders: readonly NodeBuilder[] = [topBottomBuilder('top'), topBottomBuilder('bottom')];
