import { compareKeys } from './key-order';
import { fail, quote } from './scan-failure';

/** Reusable storage for the tags of the line being scanned, so a line allocates no arrays. */
export interface TagScratch {
  keys: string[];
  values: string[];
  /** Offset of each key in the text, for error columns. */
  offsets: number[];
  /** Scratch permutation used when a line's tags are not in order. */
  order: number[];
  count: number;
  /** Index of a tag key "time", or -1. */
  timeTag: number;
}

export function newTagScratch(): TagScratch {
  return { keys: [], values: [], offsets: [], order: [], count: 0, timeTag: -1 };
}

/**
 * Builds the tag object of a line with its keys in InfluxDB's order (sorted by UTF-8 bytes).
 * Lines usually arrive sorted, so sorting happens only when they are not. A key given twice is
 * an error, as in InfluxDB ("duplicate tags").
 */
export function collectTags(scratch: TagScratch): Record<string, string> {
  const { keys, values, offsets, count } = scratch;
  const tags: Record<string, string> = {};
  if (count === 0) return tags;
  let sorted = true;
  for (let k = 1; k < count; k++) {
    const order = compareKeys(keys[k - 1] as string, keys[k] as string);
    if (order === 0) duplicate(keys[k] as string, offsets[k] as number);
    if (order > 0) {
      sorted = false;
      break;
    }
  }
  if (sorted) {
    for (let k = 0; k < count; k++) setOwn(tags, keys[k] as string, values[k] as string);
    return tags;
  }
  const order = scratch.order;
  order.length = count;
  for (let k = 0; k < count; k++) {
    let j = k - 1;
    while (j >= 0 && compareKeys(keys[order[j] as number] as string, keys[k] as string) > 0) {
      order[j + 1] = order[j] as number;
      j--;
    }
    order[j + 1] = k;
  }
  for (let k = 1; k < count; k++) {
    const a = order[k - 1] as number;
    const b = order[k] as number;
    if (keys[a] === keys[b]) duplicate(keys[b] as string, Math.max(offsets[a] as number, offsets[b] as number));
  }
  for (let k = 0; k < count; k++) {
    const at = order[k] as number;
    setOwn(tags, keys[at] as string, values[at] as string);
  }
  return tags;
}

function duplicate(key: string, offset: number): never {
  fail(offset, `duplicate tags: tag key ${quote(key)} is given more than once`);
}

/**
 * Sets an own property even for the key "__proto__", which a plain assignment would turn into a
 * prototype change; every other key takes the fast path.
 */
export function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}
