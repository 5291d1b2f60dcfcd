import { Unsigned, type FieldValue, type Point } from '@vigil/core';

/**
 * The identity of a point, as InfluxDB stores points: a point is its database, retention policy,
 * measurement, tag set and time, and vigil adds its field set with the values and their types,
 * so that two points that differ only in a field value (or that split one series' fields over
 * two lines at one time, as Telegraf's plugins may) are both evaluated, as Kapacitor does.
 * Two points with equal identities are the same point written twice: InfluxDB keeps one, and the
 * retry window (retry-window.ts) lets the evaluator apply only one.
 *
 * The identity is a 64-bit hash (two 32-bit multiply-xorshift lanes over the canonical text,
 * cyrb53's mixing without its 53-bit cut), as a 4-character string here or as two 32-bit halves
 * (`pointIdentityInto`, what the retry window keeps). It is not cryptographic: a writer who can write points could craft a collision with its
 * own points, which it can already overwrite in InfluxDB anyway.
 */
export function pointIdentityOf(point: Point): string {
  hashPoint(point);
  return String.fromCharCode(h1 >>> 16, h1 & 0xffff, h2 >>> 16, h2 & 0xffff);
}

/**
 * The identity's two 32-bit halves (high, low) written at `into[at]` and `into[at + 1]`: the
 * same value as `pointIdentityOf`, without a string per point (the retry window keeps them in
 * typed arrays).
 */
export function pointIdentityInto(point: Point, into: Uint32Array, at: number): void {
  hashPoint(point);
  into[at] = h1;
  into[at + 1] = h2;
}

// The hash state of the point being hashed: one point at a time, never re-entered.
let h1 = 0;
let h2 = 0;

/**
 * Hashes the canonical text of the point without building it: every part prefixed by its length,
 * so no choice of names and values (a tag value holding `=` or a newline) makes two different
 * points give one text. The text is `<db><rp><measurement>`, then `t<key><value>` per tag and
 * `f<key><typed value>` per field in key order, then `@<time>`, each part as `<length>:<text>`.
 */
function hashPoint(point: Point): void {
  h1 = 0xdeadbeef;
  h2 = 0x41c6ce57;
  hashPart(point.database);
  hashPart(point.retentionPolicy);
  hashPart(point.name);
  const tags = point.tags;
  if (inKeyOrder(tags)) {
    for (const key in tags) hashTag(key, tags[key] as string);
  } else for (const key of Object.keys(tags).sort()) hashTag(key, tags[key] as string);
  const fields = point.fields;
  if (inKeyOrder(fields)) {
    for (const key in fields) hashField(key, fields[key] as FieldValue);
  } else for (const key of Object.keys(fields).sort()) hashField(key, fields[key] as FieldValue);
  hashCode(64); // @
  hashText(point.time.toString());
  let a = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  a ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  let b = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  b ^= Math.imul(a ^ (a >>> 13), 3266489909);
  h1 = a >>> 0;
  h2 = b >>> 0;
}

/** Whether the keys come in code-unit order, as most points' tags and fields (plain objects) do; makes no array. */
function inKeyOrder(object: object): boolean {
  let previous: string | undefined;
  for (const key in object) {
    if (previous !== undefined && previous > key) return false;
    previous = key;
  }
  return true;
}

function hashTag(key: string, value: string): void {
  hashCode(116); // t
  hashPart(key);
  hashPart(value);
}

function hashField(key: string, value: FieldValue): void {
  hashCode(102); // f
  hashPart(key);
  hashTypedValue(value);
}

/** The value with its type as one part: `f1.5`, `i42`, `u42`, `sText`, `btrue`. */
function hashTypedValue(value: FieldValue): void {
  if (value instanceof Unsigned) return hashPrefixed(117, value.value.toString()); // u
  switch (typeof value) {
    case 'number':
      return hashPrefixed(102, String(value)); // f
    case 'bigint':
      return hashPrefixed(105, value.toString()); // i
    case 'string':
      return hashPrefixed(115, value); // s
    default:
      return hashPart(value ? 'btrue' : 'bfalse');
  }
}

function hashPrefixed(prefix: number, text: string): void {
  hashLength(text.length + 1);
  hashCode(prefix);
  hashText(text);
}

function hashPart(text: string): void {
  hashLength(text.length);
  hashText(text);
}

/** `<length>:`, the length in decimal digits. */
function hashLength(length: number): void {
  hashDigits(length);
  hashCode(58); // :
}

function hashDigits(value: number): void {
  if (value >= 10) hashDigits(Math.floor(value / 10));
  hashCode(48 + (value % 10));
}

function hashText(text: string): void {
  let a = h1;
  let b = h2;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    a = Math.imul(a ^ code, 2654435761);
    b = Math.imul(b ^ code, 1597334677);
  }
  h1 = a;
  h2 = b;
}

function hashCode(code: number): void {
  h1 = Math.imul(h1 ^ code, 2654435761);
  h2 = Math.imul(h2 ^ code, 1597334677);
}
