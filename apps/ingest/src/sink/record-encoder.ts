import type { Point } from '@vigil/core';
import { POINT_HEADERS } from '@vigil/evaluation';
import type { OutgoingMessage } from '@vigil/kafka';

/**
 * Turns a request's points into records of the points topic (docs/topic-contract.md). Every
 * record is keyed by the partition key of its points, and the records of one key come in the
 * order of the request's points, so a group's points reach the evaluator in the order written.
 */
export interface RecordEncoder {
  encode(points: readonly Point[]): Promise<OutgoingMessage[]>;
}

/** The db and rp headers every record ingest writes carries. */
export function dbrpHeaders(database: string, retentionPolicy: string): Record<string, string> {
  return { [POINT_HEADERS.database]: database, [POINT_HEADERS.retentionPolicy]: retentionPolicy };
}
