import type { Point } from '@vigil/core';
import { formatPoint } from '@vigil/line-protocol';
import { POINT_HEADERS } from '../points/point-headers';

/** The internal topic a repartitioned task reads: `vigil.repartition.<task>` by default. */
export function repartitionTopicOf(prefix: string, task: string): string {
  return `${prefix}${task}`;
}

/** Where a forwarded point came from: its points-topic record and its index in that record. */
export interface SourcePosition {
  readonly offset: bigint;
  readonly index: number;
}

/** A point on its way to a repartition topic. */
export interface ForwardRecord {
  readonly topic: string;
  readonly key: string;
  /** One line of line protocol (ns), the same encoding external producers use. */
  readonly value: string;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * Encodes a forwarded point. Throws RangeError for a point line protocol cannot carry (a NaN or
 * infinite float); the caller counts and skips it.
 */
export function forwardRecordOf(topic: string, key: string, point: Point, source: { topic: string; partition: number; offset: bigint; index: number }, acceptedMs?: number): ForwardRecord {
  const headers: Record<string, string> = {
    [POINT_HEADERS.database]: point.database,
    [POINT_HEADERS.retentionPolicy]: point.retentionPolicy,
    [POINT_HEADERS.source]: `${source.topic}:${source.partition}:${source.offset}:${source.index}`,
  };
  // The forward's own record timestamp is when it was forwarded; the acceptance time travels on.
  if (acceptedMs !== undefined) headers[POINT_HEADERS.accepted] = String(acceptedMs);
  return { topic, key, value: formatPoint(point), headers };
}

/** Reads a `vigil-source` header: the source partition's name and the position in it. */
export function parseSourceHeader(text: string): { partition: string; position: SourcePosition } | undefined {
  const match = /^([A-Za-z0-9._-]+:\d+):(\d+):(\d+)$/.exec(text);
  if (!match) return undefined;
  return { partition: match[1] as string, position: { offset: BigInt(match[2] as string), index: Number(match[3]) } };
}

/** Whether `a` comes after `b` in the source partition. */
export function isAfter(a: SourcePosition, b: SourcePosition): boolean {
  return a.offset > b.offset || (a.offset === b.offset && a.index > b.index);
}
