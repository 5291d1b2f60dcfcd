import type { ArgSpec, NodeSpec } from './catalog-types';
import { arg, flagProperty, str, valueProperty } from './spec-builders';

/**
 * The InfluxQL functions (`pipeline/influxql.go`). After a window they reduce each batch; applied
 * directly to a stream they reduce the points sharing a timestamp. Aggregates output one point with
 * the group tags only; selectors output the selected point with all its tags and fields.
 */

interface InfluxQLFunction {
  readonly name: string;
  readonly category: 'aggregate' | 'selector' | 'transform';
  readonly doc: string;
  readonly extraArgs?: readonly ArgSpec[];
  /** Output edge: aggregates give points, `distinct` a batch, stream transformations keep the edge. */
  readonly provides?: NodeSpec['provides'];
}

const FUNCTIONS: readonly InfluxQLFunction[] = [
  { name: 'mean', category: 'aggregate', doc: 'Average of the field (a float).' },
  { name: 'sum', category: 'aggregate', doc: 'Sum of the field; an empty window gives 0.' },
  { name: 'count', category: 'aggregate', doc: 'Number of points having the field (an int); an empty window gives 0.' },
  { name: 'median', category: 'aggregate', doc: 'Median of the field (a float; the mean of the two middle values for an even count).' },
  { name: 'mode', category: 'aggregate', doc: 'Most frequent value of the field.' },
  { name: 'spread', category: 'aggregate', doc: 'Difference between the largest and the smallest value.' },
  { name: 'stddev', category: 'aggregate', doc: 'Sample standard deviation of the field (a float).' },
  { name: 'min', category: 'selector', doc: 'Selects the point with the smallest value (the earliest on ties).' },
  { name: 'max', category: 'selector', doc: 'Selects the point with the largest value (the earliest on ties).' },
  { name: 'first', category: 'selector', doc: 'Selects the earliest point.' },
  { name: 'last', category: 'selector', doc: 'Selects the latest point.' },
  {
    name: 'percentile',
    category: 'selector',
    doc: 'Selects the point at a percentile (nearest rank, no interpolation); the percentile is a float such as 95.0.',
    extraArgs: [arg('percentile', 'float')],
  },
  { name: 'distinct', category: 'aggregate', doc: 'Emits a batch with one point per distinct value of the field.', provides: 'batch' },
  { name: 'difference', category: 'transform', doc: 'Difference between the field of each point and of the previous point of its group; the first point gives no output.', provides: 'same' },
  {
    name: 'movingAverage',
    category: 'transform',
    doc: 'Average of the field over the last `window` points of the group; emits once the window is full.',
    extraArgs: [arg('window', 'int')],
    provides: 'same',
  },
  { name: 'cumulativeSum', category: 'transform', doc: 'Running sum of the field per group, one output per point.', provides: 'same' },
  {
    name: 'elapsed',
    category: 'transform',
    doc: 'Time elapsed since the previous point of the group, as an int number of `unit`s.',
    extraArgs: [arg('unit', 'duration')],
    provides: 'same',
  },
];

function influxQLNode(fn: InfluxQLFunction): NodeSpec {
  const properties = [valueProperty('as', 'string', `Name of the output field. Default: ${fn.name}.`, str(fn.name))];
  if (fn.category === 'selector') {
    properties.push(flagProperty('usePointTimes', 'Uses the time of the selected point instead of the window end.'));
  }
  return {
    name: fn.name,
    kapacitorName: fn.name,
    category: fn.category,
    args: [arg('field', 'string'), ...(fn.extraArgs ?? [])],
    properties,
    wants: 'any',
    provides: fn.provides ?? 'stream',
    doc: `${fn.doc} Example: \`|${fn.name}('value'${(fn.extraArgs ?? []).map((extra) => (extra.types[0] === 'float' ? ', 95.0' : extra.types[0] === 'int' ? ', 10' : ', 1s')).join('')}).as('result')\`.`,
  };
}

/**
 * `top` and `bottom` (`pipeline/influxql.go`: `Top`, `Bottom`): the number of points comes first,
 * then the field, then any tags or fields whose values must differ between the selected points.
 */
function topBottomNode(name: 'top' | 'bottom'): NodeSpec {
  const largest = name === 'top' ? 'largest' : 'smallest';
  return {
    name,
    kapacitorName: name,
    category: 'selector',
    args: [arg('num', 'int'), arg('field', 'string')],
    rest: arg('fieldsAndTags', 'string'),
    properties: [
      valueProperty('as', 'string', `Name of the output field. Default: ${name}.`, str(name)),
      flagProperty('usePointTimes', 'Gives each selected point its own time instead of the window end.'),
    ],
    wants: 'any',
    provides: 'batch',
    doc:
      `Selects the \`num\` points with the ${largest} values of the field (the earliest among equals) and emits them as a ` +
      'batch ordered by time, each with its tags (the group tags included) and the value as its only field. With tag or ' +
      `field names after the field, only the ${largest} point of each combination of their values competes (InfluxQL's ` +
      'selector with tags). Applied to a stream, it selects among the points of a group that share a time. Example: ' +
      `\`|${name}(3, 'load', 'host').as('${name}_load')\`.`,
  };
}

/**
 * `holtWinters` and `holtWintersWithFit` (`pipeline/influxql.go`): both are Kapacitor's
 * `holtWinters` node (its name prefix and default field), the second also giving the fitted values.
 */
function holtWintersNode(name: 'holtWinters' | 'holtWintersWithFit'): NodeSpec {
  const fit = name === 'holtWintersWithFit';
  return {
    name,
    kapacitorName: 'holtWinters',
    category: 'transform',
    args: [arg('field', 'string'), arg('h', 'int'), arg('m', 'int'), arg('interval', 'duration')],
    properties: [
      valueProperty('as', 'string', 'Name of the output field. Default: holtWinters.', str('holtWinters')),
      flagProperty('usePointTimes', 'Accepted and without effect: forecasts always carry their own times.'),
    ],
    wants: 'any',
    provides: 'batch',
    doc:
      "Forecasts the field with InfluxQL's Holt-Winters method (damped trend, multiplicative season of `m` intervals; " +
      'no season when `m` is below 2): the values are placed on a grid of `interval` from the first point, the model is ' +
      `fitted by Nelder–Mead, and the \`h\` intervals after the last point are emitted as a batch${fit ? ', preceded by the fitted value of every interval from the first point' : ''}, ` +
      'with the group tags, giving the same floats as Kapacitor. A batch of fewer than two points, or all in one interval, ' +
      `gives an empty batch; on a stream, the points of a group sharing a time are one batch. Example: \`|${name}('value', 10, 4, 1m)\`.`,
  };
}

export const INFLUXQL_NODES: readonly NodeSpec[] = [
  ...FUNCTIONS.map(influxQLNode),
  topBottomNode('top'),
  topBottomNode('bottom'),
  holtWintersNode('holtWinters'),
  holtWintersNode('holtWintersWithFit'),
];
