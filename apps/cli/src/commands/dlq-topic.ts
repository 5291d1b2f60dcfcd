import { randomUUID } from 'node:crypto';
import { DeadLetterRecordError, readDeadLetterRecord } from '@vigil/delivery';
import { readTopicSnapshot, type ConsumedMessage, type createKafka } from '@vigil/kafka';
import type { Logger } from '@vigil/observability';
import type { ListedLetter } from './dlq-letter-line';

export interface DeadLetterSnapshot {
  readonly letters: readonly ListedLetter[];
  /** Records that do not follow the dead-letter contract, as `partition/offset: why`. */
  readonly unreadable: readonly string[];
}

/**
 * Every dead letter the topic holds now, in partition and offset order. A record that is not a
 * dead letter is reported, not fatal: one bad record must not hide the others from an operator.
 */
export async function readDeadLetters(kafka: ReturnType<typeof createKafka>, topic: string, logger: Logger): Promise<DeadLetterSnapshot> {
  const records = await readTopicSnapshot(kafka, topic, { groupId: `vigil-cli-dlq-${randomUUID()}`, logger });
  const letters: ListedLetter[] = [];
  const unreadable: string[] = [];
  for (const record of records) {
    try {
      letters.push(listedLetterOf(record));
    } catch (error) {
      if (!(error instanceof DeadLetterRecordError)) throw error;
      unreadable.push(`${record.partition}/${record.offset}: ${error.message}`);
    }
  }
  return { letters, unreadable };
}

function listedLetterOf(record: ConsumedMessage): ListedLetter {
  if (record.value === null) throw new DeadLetterRecordError('dead letter has no value');
  const letter = readDeadLetterRecord(record.value.toString('utf8'), record.headers);
  return { letter, partition: record.partition, offset: record.offset, key: record.key?.toString('utf8') ?? letter.alertId, headers: record.headers };
}
