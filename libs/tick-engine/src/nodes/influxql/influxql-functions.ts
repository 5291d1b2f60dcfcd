import type { Point, Tags } from '@vigil/core';
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
  /** Field types the function accepts; the first point's type picks one (`pipeline/influxql.go`). */
  readonly kinds: readonly Kind[];
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

/** The executing half of an InfluxQL function; its arguments and documentation are tick-lang's (aggregate-nodes.catalog.ts). */
function aggregate(name: string, kinds: readonly Kind[], reduce: Reducer, flags: Partial<Pick<AggregateFunction, 'selector' | 'emptyOk' | 'emitsBatch'>> = {}): AggregateFunction {
  return { role: 'aggregate', name, kinds, reduce, selector: false, emptyOk: false, emitsBatch: false, ...flags };
}

export const INFLUXQL_FUNCTIONS: readonly InfluxqlFunction[] = [
  aggregate('count', ALL, countReducer, { emptyOk: true }),
  aggregate('sum', NUMERIC, sumReducer, { emptyOk: true }),
  aggregate('mean', NUMERIC, meanReducer),
  aggregate('median', NUMERIC, medianReducer),
  aggregate('mode', NUMERIC, modeReducer),
  aggregate('spread', NUMERIC, spreadReducer),
  aggregate('stddev', NUMERIC, stddevReducer),
  aggregate('first', ALL, firstReducer, { selector: true }),
  aggregate('last', ALL, lastReducer, { selector: true }),
  aggregate('min', NUMERIC, minReducer, { selector: true }),
  aggregate('max', NUMERIC, maxReducer, { selector: true }),
  aggregate('percentile', NUMERIC, percentileReducer, { selector: true }),
  aggregate('distinct', ALL, distinctReducer, { emitsBatch: true }),
  {
    role: 'transform',
    name: 'difference',
    kinds: NUMERIC,
    create: () => new DifferenceTransformer(),
  },
  {
    role: 'transform',
    name: 'movingAverage',
    kinds: NUMERIC,
    create: (kind, args) => new MovingAverageTransformer(args.window, kind),
  },
  {
    role: 'transform',
    name: 'cumulativeSum',
    kinds: NUMERIC,
    create: (kind) => new CumulativeSumTransformer(kind),
  },
  {
    role: 'transform',
    name: 'elapsed',
    kinds: ALL,
    create: (_kind, args) => new ElapsedTransformer(args.unit),
  },
];
