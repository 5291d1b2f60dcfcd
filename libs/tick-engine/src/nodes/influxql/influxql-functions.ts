import type { Point, Tags } from '@vigil/core';
import type { ArgKind } from '../../runtime/node-definition';
import {
  countReducer,
  distinctReducer,
  firstReducer,
  lastReducer,
  maxReducer,
  meanReducer,
  medianReducer,
  minReducer,
  modeReducer,
  percentileReducer,
  spreadReducer,
  stddevReducer,
  sumReducer,
  type Reduced,
  type Reducer,
} from './aggregate-reducers';
import type { Kind } from './field-kind';
import type { OutputSettings } from './influxql-output';
import {
  CumulativeSumTransformer,
  DifferenceTransformer,
  ElapsedTransformer,
  MovingAverageTransformer,
  type Transformer,
} from './stream-transformers';

/** The arguments after the field name: `percentile('f', 95.0)`, `movingAverage('f', 10)`, `elapsed('f', 1s)`. */
export interface FunctionArguments {
  readonly percentile: number;
  readonly window: number;
  readonly unit: bigint;
}

interface FunctionBase {
  readonly name: string;
  readonly summary: string;
  /** Field types the function accepts; the first point's type picks one (`pipeline/influxql.go`). */
  readonly kinds: readonly Kind[];
  /** Argument kinds after the field name. */
  readonly extraArgs: readonly ArgKind[];
}

/** An aggregate or selector: reduces a batch (or the points of a stream that share a time). */
export interface AggregateFunction extends FunctionBase {
  readonly role: 'aggregate';
  readonly reduce: Reducer;
  /** Selectors output the selected point's tags and fields instead of `{as: value}` with group tags. */
  readonly selector: boolean;
  /** count and sum also emit for an empty batch (0). */
  readonly emptyOk: boolean;
  /** distinct, top and bottom emit a batch; every other aggregate emits one point. */
  readonly emitsBatch: boolean;
  /** The points of an emitted batch; distinct's (one untagged point per value) when absent. */
  readonly batchPoints?: BatchPoints;
}

/** Makes the points of an emitted batch from the reduced values (Kapacitor's `EmitBatch`). */
export type BatchPoints = (settings: OutputSettings, reduced: readonly Reduced[], name: string, batchTime: bigint, groupTags: Tags) => Point[];

/** A transformation: one output per input point, with state that carries over between points. */
export interface TransformFunction extends FunctionBase {
  readonly role: 'transform';
  readonly create: (kind: Kind, args: FunctionArguments) => Transformer;
}

export type InfluxqlFunction = AggregateFunction | TransformFunction;

const NUMERIC: readonly Kind[] = ['float', 'int'];
const ALL: readonly Kind[] = ['float', 'int', 'string', 'bool'];

function aggregate(name: string, summary: string, kinds: readonly Kind[], reduce: Reducer, flags: Partial<Pick<AggregateFunction, 'selector' | 'emptyOk' | 'emitsBatch'>> = {}, extraArgs: readonly ArgKind[] = []): AggregateFunction {
  return { role: 'aggregate', name, summary, kinds, reduce, extraArgs, selector: false, emptyOk: false, emitsBatch: false, ...flags };
}

export const INFLUXQL_FUNCTIONS: readonly InfluxqlFunction[] = [
  aggregate('count', 'Number of points with the field (an int); 0 for an empty window.', ALL, countReducer, { emptyOk: true }),
  aggregate('sum', 'Sum of the field (int for ints, float for floats); 0 for an empty window.', NUMERIC, sumReducer, { emptyOk: true }),
  aggregate('mean', 'Mean of the field, as a float.', NUMERIC, meanReducer),
  aggregate('median', 'Median of the field, as a float; the mean of the two middle values for an even count.', NUMERIC, medianReducer),
  aggregate('mode', 'Most frequent value of the field.', NUMERIC, modeReducer),
  aggregate('spread', 'Maximum minus minimum of the field.', NUMERIC, spreadReducer),
  aggregate('stddev', 'Sample standard deviation of the field, as a float (0 for fewer than two points).', NUMERIC, stddevReducer),
  aggregate('first', 'Selects the earliest point; its tags and fields are kept.', ALL, firstReducer, { selector: true }),
  aggregate('last', 'Selects the latest point; its tags and fields are kept.', ALL, lastReducer, { selector: true }),
  aggregate('min', 'Selects the point with the smallest value (the earliest among equals).', NUMERIC, minReducer, { selector: true }),
  aggregate('max', 'Selects the point with the largest value (the earliest among equals).', NUMERIC, maxReducer, { selector: true }),
  aggregate('percentile', 'Selects the point at the given percentile (nearest rank, no interpolation).', NUMERIC, percentileReducer, { selector: true }, ['float']),
  aggregate('distinct', 'Emits a batch with one point per distinct value of the field.', ALL, distinctReducer, { emitsBatch: true }),
  {
    role: 'transform',
    name: 'difference',
    summary: 'Difference between the field of each point and of the previous point of the group; the first point emits nothing.',
    kinds: NUMERIC,
    extraArgs: [],
    create: () => new DifferenceTransformer(),
  },
  {
    role: 'transform',
    name: 'movingAverage',
    summary: 'Mean of the field over the last n points of the group, as a float, once n points were seen.',
    kinds: NUMERIC,
    extraArgs: ['int'],
    create: (kind, args) => new MovingAverageTransformer(args.window, kind),
  },
  {
    role: 'transform',
    name: 'cumulativeSum',
    summary: 'Running sum of the field over the points of the group.',
    kinds: NUMERIC,
    extraArgs: [],
    create: (kind) => new CumulativeSumTransformer(kind),
  },
  {
    role: 'transform',
    name: 'elapsed',
    summary: 'Time since the previous point of the group, as an int in the given unit.',
    kinds: ALL,
    extraArgs: ['duration'],
    create: (_kind, args) => new ElapsedTransformer(args.unit),
  },
];
