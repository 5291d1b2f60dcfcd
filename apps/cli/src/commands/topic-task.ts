import { randomUUID } from 'node:crypto';
import { decodeTaskRecord, TaskRecordError, type KapacitorTask } from '@vigil/kapacitor-api';
import { readTopicSnapshot, TopicNotFoundError, type createKafka } from '@vigil/kafka';
import type { Logger } from '@vigil/observability';
import { describeConnectionError, DlqConnectionError } from './dlq-errors';

/** The tasks topic is compacted and small; reading all of it taking longer means something is stuck. */
const READ_TIMEOUT_MS = 60_000;

/**
 * The task `name` as the evaluators have it now: the last record of its key on the tasks topic
 * (ingest's task API writes one per change; a tombstone means deleted). Throws a
 * DlqConnectionError (exit 1) naming the topic when there is no such task or its record is unreadable.
 */
export async function readTopicTask(kafka: ReturnType<typeof createKafka>, topic: string, name: string, logger: Logger): Promise<KapacitorTask> {
  let records;
  try {
    records = await readTopicSnapshot(kafka, topic, { groupId: `vigil-cli-replay-tasks-${randomUUID()}`, logger, timeoutMs: READ_TIMEOUT_MS });
  } catch (error) {
    if (error instanceof TopicNotFoundError) throw new DlqConnectionError(`tasks topic ${topic} does not exist (--tasks-topic)`);
    throw describeConnectionError(error, `Kafka, tasks topic ${topic}`);
  }
  // A key always lands on one partition, so its records are in offset order here.
  const last = records.filter((record) => record.key?.toString() === name).at(-1);
  if (last === undefined) throw new DlqConnectionError(`no task named ${name} on the tasks topic ${topic}`);
  if (last.value === null) throw new DlqConnectionError(`task ${name} was deleted (a tombstone at ${topic} ${last.partition}/${last.offset})`);
  try {
    return decodeTaskRecord(name, last.value);
  } catch (error) {
    if (!(error instanceof TaskRecordError)) throw error;
    throw new DlqConnectionError(`${topic} ${last.partition}/${last.offset}: ${error.message}`);
  }
}
