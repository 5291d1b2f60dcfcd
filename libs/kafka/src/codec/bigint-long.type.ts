import { types, type Type } from 'avsc';

/**
 * Avro `long` as a JavaScript bigint. avsc's default long is a JS number, which silently rounds
 * beyond 2^53; nanosecond timestamps (~1.7e18) and int64 fields need all 64 bits.
 */
export const bigintLongType: Type = types.LongType.__with({
  fromBuffer: (buffer: Buffer) => buffer.readBigInt64LE(0),
  toBuffer: (value: bigint) => {
    const buffer = Buffer.alloc(8);
    buffer.writeBigInt64LE(value, 0);
    return buffer;
  },
  fromJSON: (value: unknown) => BigInt(value as string | number),
  toJSON: (value: bigint) => value.toString(),
  isValid: (value: unknown) => typeof value === 'bigint' && BigInt.asIntN(64, value) === value,
  compare: (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0),
});

/** avsc `typeHook` that puts bigintLongType wherever a schema says `long`. */
export function bigintLongHook(schema: unknown): Type | undefined {
  if (schema === 'long') return bigintLongType;
  if (typeof schema === 'object' && schema !== null && !Array.isArray(schema)) {
    const record = schema as { type?: unknown; logicalType?: unknown };
    if (record.type === 'long' && record.logicalType === undefined) return bigintLongType;
  }
  return undefined;
}
