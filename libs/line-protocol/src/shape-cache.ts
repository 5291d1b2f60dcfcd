import type { FieldValue } from '@vigil/core';
import { compareKeys } from './key-order';

/** Builds the object of one line from the values scanned in key order. */
export type Build<T> = (values: readonly T[]) => Record<string, T>;

/** What is known about one sequence of keys, worked out once and reused for every line. */
interface Shape<T> {
  readonly keys: readonly string[];
  /** Per key: whether it holds no character that needs escaping, so that it can be spelled. */
  readonly plain: readonly boolean[];
  /** The object's keys in output order, each with the position of its value in the line. */
  readonly entries: readonly (readonly [string, number])[];
  /** Builds the object; replaced by a compiled builder once the shape has been seen often. */
  build: Build<T>;
  uses: number;
}

/** A sequence of tag keys; `build` sorts the keys as InfluxDB sorts them. */
export interface TagShape extends Shape<string> {
  /** Position (in line order) of a key given a second time, or -1. */
  readonly duplicate: number;
  /** Position of a key "time", or -1. */
  readonly timeTag: number;
}

/** A sequence of field keys; `build` keeps the last value of a repeated key and leaves "time" out. */
export interface FieldShape extends Shape<FieldValue> {
  /** Position of the last key "time", or -1. */
  readonly timeField: number;
  /** True when every key is "time", so no field is left. */
  readonly timeOnly: boolean;
}

/** Distinct key sequences remembered per scanner; beyond this, new ones are built but not kept. */
const MAX_SHAPES = 4096;
/** Lines of one shape after which its builder is compiled (compiling costs tens of microseconds). */
const COMPILE_AFTER = 16;

/** Slots of the direct-mapped table of recent shapes; a power of two. */
const TABLE_SLOTS = 512;

/**
 * Finds the shape of a key sequence. Batches of line protocol repeat a handful of key sequences:
 * the sequence of the previous line is tried first (the scanner reuses its key strings when it
 * can spell them, which makes the comparison an identity check), then a small table indexed by a
 * hash of a few characters of each key, then a map of every sequence seen.
 */
export class ShapeCache<T, S extends Shape<T>> {
  /** The shape of the previous line; the scanner spells its keys on the next line. */
  last: S;
  private readonly table: (S | undefined)[] = new Array<S | undefined>(TABLE_SLOTS).fill(undefined);
  private readonly shapes = new Map<string, S>();

  constructor(private readonly create: (keys: readonly string[]) => S) {
    this.last = create([]);
  }

  find(keys: readonly string[], count: number): S {
    let shape = this.last;
    if (!sameKeys(shape.keys, keys, count)) {
      const slot = sampleHash(keys, count) & (TABLE_SLOTS - 1);
      const candidate = this.table[slot];
      if (candidate !== undefined && sameKeys(candidate.keys, keys, count)) {
        shape = candidate;
      } else {
        shape = this.lookUp(keys, count);
        this.table[slot] = shape;
      }
      this.last = shape;
    }
    if (shape.uses < COMPILE_AFTER && ++shape.uses === COMPILE_AFTER) shape.build = compiledBuilder(shape.entries);
    return shape;
  }

  private lookUp(keys: readonly string[], count: number): S {
    const own = keys.slice(0, count);
    const id = own.join('\n');
    let shape = this.shapes.get(id);
    if (shape === undefined) {
      shape = this.create(own.map(detach));
      if (this.shapes.size < MAX_SHAPES) this.shapes.set(id, shape);
    }
    return shape;
  }
}

function sameKeys(known: readonly string[], keys: readonly string[], count: number): boolean {
  if (known.length !== count) return false;
  for (let k = 0; k < count; k++) if (known[k] !== keys[k]) return false;
  return true;
}

/** A hash of the key count and, per key, its length and three of its characters. */
function sampleHash(keys: readonly string[], count: number): number {
  let hash = count;
  for (let k = 0; k < count; k++) {
    const key = keys[k] as string;
    const length = key.length;
    hash = (hash * 31 + length * 7 + key.charCodeAt(0) * 13 + key.charCodeAt(length >> 1) * 17 + key.charCodeAt(length - 1)) | 0;
  }
  return hash;
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
  const entries = order.map((index) => [keys[index] as string, index] as const);
  return { keys, plain: keys.map(isPlain), entries, build: genericBuilder(entries), uses: 0, duplicate, timeTag: keys.indexOf('time') };
}

export function createFieldShape(keys: readonly string[]): FieldShape {
  const entries: (readonly [string, number])[] = [];
  keys.forEach((key, index) => {
    if (key !== 'time') entries.push([key, index]);
  });
  return {
    keys,
    plain: keys.map(isPlain),
    entries,
    build: genericBuilder(entries),
    uses: 0,
    timeField: keys.lastIndexOf('time'),
    timeOnly: entries.length === 0,
  };
}

/**
 * Whether `key` reads the same escaped and unescaped: then text that spells it followed by '='
 * is that key, with no escape to interpret.
 */
function isPlain(key: string): boolean {
  return !/[\\, =\n]/.test(key);
}

/** Builds by assignment; a repeated key keeps its last value. */
function genericBuilder<T>(entries: readonly (readonly [string, number])[]): Build<T> {
  return (values) => {
    const target: Record<string, T> = {};
    for (const [key, index] of entries) setOwn(target, key, values[index] as T);
    return target;
  };
}

/**
 * Generates `(v) => ({ "key0": v[i0], "key1": v[i1], ... })` for a fixed key sequence. An object
 * literal of fixed shape is several times cheaper to build than assigning computed keys one by
 * one, which is where parsing spent most of its time. Keys are embedded with JSON.stringify, so
 * they cannot inject code; "__proto__" is written as a computed key so that it becomes an own
 * property instead of setting the prototype. A repeated key keeps its last value, as assignment
 * would.
 */
function compiledBuilder<T>(entries: readonly (readonly [string, number])[]): Build<T> {
  const body = entries.map(([key, index]) => `${key === '__proto__' ? '["__proto__"]' : JSON.stringify(key)}: v[${index}]`).join(', ');
  return new Function('v', `return { ${body} };`) as Build<T>;
}

/** Sets an own property, also for "__proto__", which plain assignment would take as the prototype. */
function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
