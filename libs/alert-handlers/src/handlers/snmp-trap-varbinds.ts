/**
 * The variables of a trap as `.snmpTrap().data(oid, type, value)` writes them, turned into SNMP
 * values: the one-letter types of net-snmp's `snmptrap` command that Kapacitor's snmptrap service
 * takes (c, i, n, s, t), plus a, d and u, which Kapacitor 1.5.9 refuses.
 */

/** The ASN.1 tags SNMPv2 gives each type (RFC 2578), as net-snmp's ObjectType numbers them. */
export const SNMP_TAG = { Integer: 2, OctetString: 4, Null: 5, IpAddress: 64, Gauge: 66, TimeTicks: 67, Counter64: 70 } as const;

export interface SnmpVariable {
  readonly oid: string;
  readonly type: (typeof SNMP_TAG)[keyof typeof SNMP_TAG];
  readonly value: number | Buffer | string | null;
}

export class SnmpValueError extends Error {
  override readonly name = 'SnmpValueError';
}

const INTEGER = /^[+-]?\d+$/;

function integer(oid: string, value: string, min: bigint, max: bigint, what: string): bigint {
  if (!INTEGER.test(value)) throw new SnmpValueError(`${what} for ${oid} must be a whole number, got ${JSON.stringify(value)}`);
  const parsed = BigInt(value);
  if (parsed < min || parsed > max) throw new SnmpValueError(`${what} for ${oid} must be between ${min} and ${max}, got ${value}`);
  return parsed;
}

/**
 * A Counter64's BER content: the unsigned value in as few big-endian bytes as it takes, with a
 * leading zero byte when the top bit is set (BER integers are two's complement). net-snmp writes a
 * Counter64 from these bytes as they are.
 */
export function counter64Bytes(value: bigint): Buffer {
  let hex = value.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  const bytes = Buffer.from(hex, 'hex');
  return (bytes[0] ?? 0) >= 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes;
}

function octets(oid: string, value: string, what: string, separator: RegExp, count?: number): number[] {
  const parts = value.trim() === '' ? [] : value.trim().split(separator);
  const bytes = parts.map((part) => Number(integer(oid, part, 0n, 255n, `each octet of the ${what}`)));
  if (count !== undefined && bytes.length !== count) throw new SnmpValueError(`${what} for ${oid} must have ${count} octets, got ${JSON.stringify(value)}`);
  return bytes;
}

/** One variable; throws SnmpValueError naming the OID when the rendered value does not fit its type. */
export function snmpVariable(oid: string, type: string, value: string): SnmpVariable {
  switch (type) {
    case 'c':
      // Kapacitor sends 'c' as a Counter64 (snmpgo.NewCounter64).
      return { oid, type: SNMP_TAG.Counter64, value: counter64Bytes(integer(oid, value, 0n, 2n ** 64n - 1n, 'a Counter64')) };
    case 'i':
      return { oid, type: SNMP_TAG.Integer, value: Number(integer(oid, value, -(2n ** 31n), 2n ** 31n - 1n, 'an Integer32')) };
    case 'n':
      return { oid, type: SNMP_TAG.Null, value: null };
    case 's':
      return { oid, type: SNMP_TAG.OctetString, value: Buffer.from(value, 'utf8') };
    case 't':
      return { oid, type: SNMP_TAG.TimeTicks, value: Number(integer(oid, value, 0n, 2n ** 32n - 1n, 'TimeTicks')) };
    case 'a':
      return { oid, type: SNMP_TAG.IpAddress, value: octets(oid, value, 'IpAddress', /\./, 4).join('.') };
    case 'd':
      // A decimal string, as snmptrap(1) reads one: octets written as numbers, e.g. `10 0 0 1`.
      return { oid, type: SNMP_TAG.OctetString, value: Buffer.from(octets(oid, value, 'decimal string', /[\s.]+/)) };
    case 'u':
      return { oid, type: SNMP_TAG.Gauge, value: Number(integer(oid, value, 0n, 2n ** 32n - 1n, 'an Unsigned32')) };
    default:
      throw new SnmpValueError(`unsupported data type ${JSON.stringify(type)} for data entry ${JSON.stringify(oid)}: use c, i, n, s, t, a, d or u`);
  }
}
