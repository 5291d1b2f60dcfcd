import type { Point } from '@vigil/core';
import { POINT_HEADERS } from '@vigil/topic-contract';
import type { OutgoingMessage } from '@vigil/kafka';

/** A record of the points topic and how many of the request's points it carries. */
export interface EncodedRecord extends OutgoingMessage {
  readonly points: number;
}

/**
 * Turns a request's points into records of the points topic (docs/topic-contract.md). Every
 * record is keyed by the partition key of its points, and the records of one key come in the
 * order of the request's points, so a group's points reach the evaluator in the order written.
 * Every record fits in a record batch of the topic's `max.message.bytes`; a point that cannot,
 * even alone, makes `encode` throw PointTooLargeError naming every such point, so nothing of the
 * request is sent.
 */
export interface RecordEncoder {
  encode(points: readonly Point[]): Promise<EncodedRecord[]>;
}

/** The db and rp headers every record ingest writes carries. */
export function dbrpHeaders(database: string, retentionPolicy: string): Record<string, string> {
  return { [POINT_HEADERS.database]: database, [POINT_HEADERS.retentionPolicy]: retentionPolicy };
}

/** How the answer names the limit a point is measured against. */
export const TOPIC_LIMIT_NAME = "the points topic's max.message.bytes";
