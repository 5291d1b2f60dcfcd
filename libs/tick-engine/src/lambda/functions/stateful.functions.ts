import { wrapInt64 } from '../go/go-int64';
import { FLOAT, INT, type Value } from '../value-type';
import { signature, type FunctionSpec, type StatefulFunction } from './function-spec';
import { decodeFloat, encodeFloat, readCount, readRecord } from './state-codec';

/**
 * sigma(), count() and spread(): the functions that remember earlier points.
 *
 * Kapacitor keeps one instance of each per expression, not per call site: `count() + count()`
 * gives 3, then 7, and `sigma("a") > 3 OR sigma("b") > 3` feeds both fields into one running
 * mean. The compiler gives each function name one slot per lambda instance to match.
 */

/** Welford's running mean and sample variance; returns |x - mean| / stddev, 0 until it is defined. */
class Sigma implements StatefulFunction {
  private n = 0;
  private mean = 0;
  private m2 = 0;
  private variance = 0;

  call(args: readonly Value[]): Value {
    const x = args[0] as number;
    this.n++;
    const delta = x - this.mean;
    this.mean += delta / this.n;
    this.m2 += delta * (x - this.mean);
    this.variance = this.m2 / (this.n - 1);
    if (this.n < 2 || this.variance === 0) return 0;
    return Math.abs(x - this.mean) / Math.sqrt(this.variance);
  }

  snapshot(): unknown {
    return { n: this.n, mean: encodeFloat(this.mean), m2: encodeFloat(this.m2), variance: encodeFloat(this.variance) };
  }

  restore(state: unknown): void {
    const record = readRecord(state, 'sigma');
    this.n = decodeFloat(record['n'], 'sigma.n');
    this.mean = decodeFloat(record['mean'], 'sigma.mean');
    this.m2 = decodeFloat(record['m2'], 'sigma.m2');
    this.variance = decodeFloat(record['variance'], 'sigma.variance');
  }
}

/** 1, 2, 3, ... per instance (an int64 that wraps like Go's). */
class Count implements StatefulFunction {
  private n = 0n;

  call(): Value {
    this.n = wrapInt64(this.n + 1n);
    return this.n;
  }

  snapshot(): unknown {
    return this.n.toString();
  }

  restore(state: unknown): void {
    this.n = readCount(state, 'count');
  }
}

/** Running max - min of every value seen (starts from +Inf / -Inf). */
class Spread implements StatefulFunction {
  private min = Infinity;
  private max = -Infinity;

  call(args: readonly Value[]): Value {
    const x = args[0] as number;
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
    return this.max - this.min;
  }

  snapshot(): unknown {
    return { min: encodeFloat(this.min), max: encodeFloat(this.max) };
  }

  restore(state: unknown): void {
    const record = readRecord(state, 'spread');
    this.min = decodeFloat(record['min'], 'spread.min');
    this.max = decodeFloat(record['max'], 'spread.max');
  }
}

export const STATEFUL_FUNCTIONS: readonly FunctionSpec[] = [
  { kind: 'stateful', name: 'sigma', signatures: [signature([FLOAT], FLOAT)], createState: () => new Sigma() },
  { kind: 'stateful', name: 'count', signatures: [signature([], INT)], createState: () => new Count() },
  { kind: 'stateful', name: 'spread', signatures: [signature([FLOAT], FLOAT)], createState: () => new Spread() },
];
