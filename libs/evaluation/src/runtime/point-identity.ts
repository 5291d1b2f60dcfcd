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
 * cyrb53's mixing without its 53-bit cut), kept as a 4-character string so a Set compares it by
 * value. It is not cryptographic: a writer who can write points could craft a collision with its
 * own points, which it can already overwrite in InfluxDB anyway.
 */
export function pointIdentityOf(point: Point): string {
  return hashText(canonicalTextOf(point));
}

/**
 * The text hashed: every part prefixed by its length, so no choice of names and values (a tag
 * value holding `=` or a newline) makes two different points give one text.
 */
function canonicalTextOf(point: Point): string {
  let text = `${part(point.database)}${part(point.retentionPolicy)}${part(point.name)}`;
  const tags = point.tags;
  for (const key of Object.keys(tags).sort()) text += `t${part(key)}${part(tags[key] as string)}`;
  const fields = point.fields;
  for (const key of Object.keys(fields).sort()) text += `f${part(key)}${part(typedValueOf(fields[key] as FieldValue))}`;
  return `${text}@${point.time}`;
}

function part(text: string): string {
  return `${text.length}:${text}`;
}

function typedValueOf(value: FieldValue): string {
  if (value instanceof Unsigned) return `u${value.value}`;
  switch (typeof value) {
    case 'number':
      return `f${value}`;
    case 'bigint':
      return `i${value}`;
    case 'string':
      return `s${value}`;
    default:
      return value ? 'btrue' : 'bfalse';
  }
}

function hashText(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return String.fromCharCode(h1 >>> 16, h1 & 0xffff, h2 >>> 16, h2 & 0xffff);
}

/** Packs identities into bytes (8 each) for the checkpoint. */
export function packIdentities(identities: readonly string[]): Buffer {
  const bytes = Buffer.allocUnsafe(identities.length * 8);
  for (let i = 0; i < identities.length; i++) {
    const identity = identities[i] as string;
    for (let c = 0; c < 4; c++) bytes.writeUInt16BE(identity.charCodeAt(c), i * 8 + c * 2);
  }
  return bytes;
}

/** The inverse of `packIdentities`; undefined when the byte count is not a whole number of identities. */
export function unpackIdentities(bytes: Buffer): string[] | undefined {
  if (bytes.length % 8 !== 0) return undefined;
  const identities: string[] = new Array<string>(bytes.length / 8);
  for (let i = 0; i < identities.length; i++) {
    const o = i * 8;
    identities[i] = String.fromCharCode(bytes.readUInt16BE(o), bytes.readUInt16BE(o + 2), bytes.readUInt16BE(o + 4), bytes.readUInt16BE(o + 6));
  }
  return identities;
}
