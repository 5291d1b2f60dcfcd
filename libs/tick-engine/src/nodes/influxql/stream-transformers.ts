import { decodeBigint, decodeField, decodeOptionalBigint, encodeField, expectArray, expectNumber, member } from '../../runtime/snapshot-codec';
import { wrapInt64, type Kind, type Value } from './field-kind';

/**
 * The stateful InfluxQL transformations (`difference`, `movingAverage`, `cumulativeSum`,
 * `elapsed`): fed one value at a time and asked after each one for an output, which is what
 * Kapacitor does for a stream (`influxqlStreamingTransformGroup`). Their state is plain data.
 */
export interface Transformer {
  add(value: Value, time: bigint): void;
  emit(): { readonly value: Value; readonly time: bigint } | null;
  snapshot(): unknown;
  restore(state: unknown): void;
}

interface Sample {
  value: Value;
  time: bigint;
}

const encodeSample = (sample: Sample | null): unknown => (sample ? { value: encodeField(sample.value), time: sample.time.toString() } : null);

function decodeSample(state: unknown): Sample | null {
  if (state === null) return null;
  return { value: decodeField(member(state, 'value', 'sample')) as Value, time: decodeBigint(member(state, 'time', 'sample'), 'time') };
}

const subtract = (a: Value, b: Value): Value => (typeof a === 'bigint' ? wrapInt64(a - (b as bigint)) : (a as number) - (b as number));
const add = (a: Value, b: Value): Value => (typeof a === 'bigint' ? wrapInt64(a + (b as bigint)) : (a as number) + (b as number));

/**
 * `difference`: current minus previous value. A point with the same time as the current one is
 * ignored, and a difference is emitted once (the previous point is then marked read).
 */
export class DifferenceTransformer implements Transformer {
  private previous: Sample | null = null;
  private current: Sample | null = null;

  add(value: Value, time: bigint): void {
    if (this.current && this.current.time === time) return;
    this.previous = this.current;
    this.current = { value, time };
  }

  emit(): { value: Value; time: bigint } | null {
    if (!this.previous || !this.current) return null;
    const value = subtract(this.current.value, this.previous.value);
    this.previous = null;
    return { value, time: this.current.time };
  }

  snapshot(): unknown {
    return { previous: encodeSample(this.previous), current: encodeSample(this.current) };
  }

  restore(state: unknown): void {
    this.previous = decodeSample(member(state, 'previous', 'difference'));
    this.current = decodeSample(member(state, 'current', 'difference'));
  }
}

/**
 * `movingAverage(n)`: the mean of the last n values, emitted once n values were seen. The sum is
 * kept running (subtracting the value that leaves), so float rounding matches InfluxQL's.
 */
export class MovingAverageTransformer implements Transformer {
  private values: Value[] = [];
  private position = 0;
  private sum: Value;
  private time = 0n;

  constructor(
    private readonly size: number,
    kind: Kind,
  ) {
    this.sum = kind === 'int' ? 0n : 0;
  }

  add(value: Value, time: bigint): void {
    if (this.values.length !== this.size) this.values.push(value);
    else {
      this.sum = subtract(this.sum, this.values[this.position] as Value);
      this.values[this.position] = value;
    }
    this.sum = add(this.sum, value);
    this.time = time;
    this.position++;
    if (this.position >= this.size) this.position = 0;
  }

  emit(): { value: Value; time: bigint } | null {
    if (this.values.length !== this.size) return null;
    return { value: Number(this.sum) / this.values.length, time: this.time };
  }

  snapshot(): unknown {
    return { values: this.values.map(encodeField), position: this.position, sum: encodeField(this.sum), time: this.time.toString() };
  }

  restore(state: unknown): void {
    this.values = expectArray(member(state, 'values', 'movingAverage'), 'values').map((value) => decodeField(value) as Value);
    this.position = expectNumber(member(state, 'position', 'movingAverage'), 'position');
    this.sum = decodeField(member(state, 'sum', 'movingAverage')) as Value;
    this.time = decodeBigint(member(state, 'time', 'movingAverage'), 'time');
  }
}

/** `cumulativeSum`: the running sum, emitted for every point. */
export class CumulativeSumTransformer implements Transformer {
  private total: Sample | null = null;

  constructor(private readonly kind: Kind) {}

  add(value: Value, time: bigint): void {
    this.total = { value: add(this.total?.value ?? (this.kind === 'int' ? 0n : 0), value), time };
  }

  emit(): { value: Value; time: bigint } | null {
    return this.total ? { ...this.total } : null;
  }

  snapshot(): unknown {
    return { total: encodeSample(this.total) };
  }

  restore(state: unknown): void {
    this.total = decodeSample(member(state, 'total', 'cumulativeSum'));
  }
}

/** `elapsed(unit)`: time since the previous point, as an int in units (Go integer division). */
export class ElapsedTransformer implements Transformer {
  private previous: bigint | null = null;
  private current: bigint | null = null;

  constructor(private readonly unit: bigint) {}

  add(_value: Value, time: bigint): void {
    this.previous = this.current;
    this.current = time;
  }

  emit(): { value: Value; time: bigint } | null {
    if (this.previous === null || this.current === null) return null;
    return { value: (this.current - this.previous) / this.unit, time: this.current };
  }

  snapshot(): unknown {
    return { previous: this.previous?.toString() ?? null, current: this.current?.toString() ?? null };
  }

  restore(state: unknown): void {
    this.previous = decodeOptionalBigint(member(state, 'previous', 'elapsed'), 'previous');
    this.current = decodeOptionalBigint(member(state, 'current', 'elapsed'), 'current');
  }
}
