import { jsonObject } from '../templates/template-record';

/** The format of a topic deletion's record value; a reader refuses others, so a newer writer is noticed. */
export const TOPIC_DELETION_RECORD_FORMAT = 'vigil.topic-deletion.v1';

/**
 * Kapacitor's `delete topics` in the distributed mode, as the topic-deletions topic keeps it
 * (compacted, one partition; key = the alert topic, never a tombstone): the alerts topic's read
 * position of each partition when the topic was deleted. An ingest reading the alerts topic skips
 * the topic's events below those positions, so the deletion holds across restarts and in every
 * ingest, and the topic comes back with its next event, as Kapacitor's does.
 */
export interface TopicDeletionRecord {
  readonly topic: string;
  /** The alerts topic the positions are of; a reader following another one ignores the record. */
  readonly alertsTopic: string;
  /** RFC 3339 time of the deletion, for people reading the topic. */
  readonly deleted: string;
  /** Alerts-topic partition -> the first offset not read when the topic was deleted. */
  readonly positions: ReadonlyMap<number, bigint>;
}

/** Thrown for a topic-deletions record that is not one `encodeTopicDeletionRecord` wrote. */
export class TopicDeletionRecordError extends Error {
  constructor(key: string, reason: string) {
    super(`topic deletion record ${JSON.stringify(key)}: ${reason}`);
    this.name = 'TopicDeletionRecordError';
  }
}

export function encodeTopicDeletionRecord(deletion: TopicDeletionRecord): string {
  const positions = Object.fromEntries([...deletion.positions].sort(([a], [b]) => a - b).map(([partition, offset]) => [String(partition), offset.toString()]));
  return JSON.stringify({ format: TOPIC_DELETION_RECORD_FORMAT, topic: deletion.topic, 'alerts-topic': deletion.alertsTopic, deleted: deletion.deleted, positions });
}

/** Reads a topic deletion's record value; every field is checked, since it came over Kafka. */
export function decodeTopicDeletionRecord(key: string, value: Buffer | string): TopicDeletionRecord {
  const fail = (reason: string): Error => new TopicDeletionRecordError(key, reason);
  const fields = jsonObject(key, value, fail);
  if (fields['format'] !== TOPIC_DELETION_RECORD_FORMAT) throw fail(`unknown format ${JSON.stringify(fields['format'])}`);
  if (fields['topic'] !== key) throw fail('its topic is not its key');
  const alertsTopic = fields['alerts-topic'];
  if (typeof fields['deleted'] !== 'string' || typeof alertsTopic !== 'string') throw fail('"deleted" and "alerts-topic" must be strings');
  const raw = fields['positions'];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw fail('"positions" must be an object of partition to offset');
  const positions = new Map<number, bigint>();
  for (const [partition, offset] of Object.entries(raw as Record<string, unknown>)) {
    if (!/^\d+$/.test(partition) || typeof offset !== 'string' || !/^\d+$/.test(offset)) throw fail(`position ${JSON.stringify(partition)}: expected a partition number and an offset in a string`);
    positions.set(Number(partition), BigInt(offset));
  }
  return { topic: key, alertsTopic, deleted: fields['deleted'], positions };
}
