import type { FieldValue } from '@vigil/core';
import { compareKeys } from './key-order';

/** Builds the object of one line from the values scanned in key order. */
export type Build<T> = (values: readonly T[]) => Record<string, T>;

/** What is known about one sequence of tag keys, worked out once and reused for every line. */
export interface TagShape {
  readonly keys: readonly string[];
  /** Per key: whether it holds no character that needs escaping, so that it can be spelled. */
  readonly plain: readonly boolean[];
  /** Builds the tag object with keys sorted as InfluxDB sorts them. */
  readonly build: Build<string>;
  /** Position (in line order) of a key given a second time, or -1. */
  readonly duplicate: number;
  /** Position of a key "time", or -1. */
  readonly timeTag: number;
}

/** What is known about one sequence of field keys. */
export interface FieldShape {
  readonly keys: readonly string[];
  /** Per key: whether it holds no character that needs escaping, so that it can be spelled. */
  readonly plain: readonly boolean[];
  /** Builds the field object: a repeated key keeps its last value, a "time" key is left out. */
  readonly build: Build<FieldValue>;
  /** Position of the last key "time", or -1. */
  readonly timeField: number;
  /** True when every key is "time", so no field is left. */
  readonly timeOnly: boolean;
}

/** Distinct key sequences remembered per scanner; beyond this, new ones are built but not kept. */
const MAX_SHAPES = 4096;

/**
 * Finds the shape of a key sequence. Batches of line protocol repeat a handful of key sequences,
 * so the sequence of the previous line is tried first (its key strings are also reused by the
 * scanner, which makes the comparison an identity check), then a map of all sequences seen.
 */
export class ShapeCache<S extends { readonly keys: readonly string[] }> {
  /** The shape of the previous line; the scanner offers its keys for reuse. */
  last: S;
  private readonly shapes = new Map<string, S>();

  constructor(private readonly create: (keys: readonly string[]) => S) {
    this.last = create([]);
  }

  find(keys: readonly string[], count: number): S {
    const last = this.last;
    if (last.keys.length === count) {
      let k = 0;
      while (k < count && keys[k] === last.keys[k]) k++;
      if (k === count) return last;
    }
    const own = keys.slice(0, count).map(detach);
    const id = own.join('\n');
    let shape = this.shapes.get(id);
    if (shape === undefined) {
      shape = this.create(own);
      if (this.shapes.size < MAX_SHAPES) this.shapes.set(id, shape);
    }
    this.last = shape;
    return shape;
  }
}

/**
 * A copy of `key` that does not point into the text it was sliced from (V8 slices of 13 or more
 * characters do), so that a cached shape does not keep a parsed body alive.
 */
function detach(key: string): string {
  return key.length < 13 ? key : (JSON.parse(JSON.stringify(key)) as string);
}

export function createTagShape(keys: readonly string[]): TagShape {
  const order = keys.map((_, index) => index).sort((a, b) => compareKeys(keys[a] as string, keys[b] as string) || a - b);
  let duplicate = -1;
  for (let k = 1; k < order.length && duplicate < 0; k++) {
    const a = order[k - 1] as number;
    const b = order[k] as number;
    if (keys[a] === keys[b]) duplicate = Math.max(a, b);
  }
  return {
    keys,
    plain: keys.map(isPlain),
    build: literalBuilder(order.map((index) => [keys[index] as string, index])),
    duplicate,
    timeTag: keys.indexOf('time'),
  };
}

export function createFieldShape(keys: readonly string[]): FieldShape {
  const entries: [string, number][] = [];
  keys.forEach((key, index) => {
    if (key !== 'time') entries.push([key, index]);
  });
  return { keys, plain: keys.map(isPlain), build: literalBuilder(entries), timeField: keys.lastIndexOf('time'), timeOnly: entries.length === 0 };
}

/**
 * Whether `key` reads the same escaped and unescaped: then text that spells it followed by '='
 * is that key, with no escape to interpret.
 */
function isPlain(key: string): boolean {
  return !/[\\, =\n]/.test(key);
}

/**
 * Generates `(v) => ({ "key0": v[i0], "key1": v[i1], ... })` for a fixed key sequence. An object
 * literal of fixed shape is several times cheaper to build than assigning computed keys one by
 * one, which is where parsing spent most of its time. Keys are embedded with JSON.stringify, so
 * they cannot inject code; "__proto__" is written as a computed key so that it becomes an own
 * property instead of setting the prototype. A repeated key keeps its last value, as assignment
 * would.
 */
function literalBuilder<T>(entries: readonly (readonly [string, number])[]): Build<T> {
  const body = entries.map(([key, index]) => `${key === '__proto__' ? '["__proto__"]' : JSON.stringify(key)}: v[${index}]`).join(', ');
  return new Function('v', `return { ${body} };`) as Build<T>;
}
