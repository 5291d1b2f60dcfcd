import type { Pipeline, PipelineNode } from '@vigil/tick-lang';
import { INFLUXQL_FUNCTIONS } from '../influxql/influxql-functions';

/** InfluxQL functions that read nothing of a batch point but one field and its time. */
const FIELD_READERS: ReadonlySet<string> = new Set(
  INFLUXQL_FUNCTIONS.filter((fn) => fn.role === 'transform' || !fn.selector).map((fn) => fn.name),
);

/**
 * The one field a window's children read, when that is all they read: every child is a
 * non-selector InfluxQL function (mean, sum, count, ..., difference, movingAverage, ...) of the
 * same field, and has no other parent. Such a window keeps only that field and the time of each
 * point (some 30 bytes instead of the whole point), which is what makes windows of many groups
 * affordable. Undefined otherwise: the window keeps the points.
 */
export function columnFieldOf(window: PipelineNode, pipeline: Pipeline): string | undefined {
  if (window.children.length === 0) return undefined;
  // A stats node counting the window's output is fine (it counts messages), so it is not checked.
  let field: string | undefined;
  for (const id of window.children) {
    const child = pipeline.nodes[id];
    if (!child || !FIELD_READERS.has(child.type) || child.parents.length !== 1) return undefined;
    const argument = child.args[0];
    if (argument?.type !== 'string' || (field !== undefined && argument.value !== field)) return undefined;
    field = argument.value;
  }
  return field;
}
