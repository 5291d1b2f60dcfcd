/**
 * The data model shared by every part of vigil, following InfluxDB 1.x and Kapacitor.
 *
 * Integers are `bigint` so that int64 values and int-vs-float typing survive (Kapacitor treats
 * `1i` and `1.0` differently). Floats are `number`. Unsigned line-protocol values (`1u`) are
 * wrapped in `Unsigned` so that they round-trip; Kapacitor's stream nodes treat them as integers.
 */
export class Unsigned {
  constructor(readonly value: bigint) {}
}

export type FieldValue = number | bigint | string | boolean | Unsigned;

export type Tags = Readonly<Record<string, string>>;
export type Fields = Readonly<Record<string, FieldValue>>;

export interface Point {
  /** Database the point was written to ('' when not known yet). */
  readonly database: string;
  /** Retention policy the point was written to ('' when not known yet). */
  readonly retentionPolicy: string;
  /** Measurement name. */
  readonly name: string;
  readonly tags: Tags;
  readonly fields: Fields;
  /** Nanoseconds since the Unix epoch, UTC. */
  readonly time: bigint;
}

export type Level = 'OK' | 'INFO' | 'WARNING' | 'CRITICAL';

export const LEVELS: readonly Level[] = ['OK', 'INFO', 'WARNING', 'CRITICAL'];

/** Numeric rank of a level: OK 0 < INFO 1 < WARNING 2 < CRITICAL 3. */
export function levelRank(level: Level): number {
  return LEVELS.indexOf(level);
}
