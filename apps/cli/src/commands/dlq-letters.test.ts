import type { HandlerInstruction } from '@vigil/core';
import { deadLetterRecordOf, readDeadLetterRecord, type DeadLetter } from '@vigil/delivery';
import { sampleDeadLetter } from '@vigil/testing';
import type { ListedLetter } from './dlq-letter-line';

/** Test fixtures for `vigil dlq`: dead letters as the notifier writes them. */

export const HANDLERS: readonly HandlerInstruction[] = [
  { kind: 'post', args: ['http://broker.example/alerts'], options: [] },
  { kind: 'slack', args: [], options: [{ name: 'channel', args: ['#ops'] }] },
];

/** A dead letter for handler `index` of HANDLERS. */
export function letterOf(eventId: string, alertId: string, index: 0 | 1, overrides: Partial<DeadLetter> = {}): DeadLetter {
  return sampleDeadLetter({
    eventId,
    alertId,
    alert: { message: `${alertId} is down`, previousLevel: 'OK' },
    handlers: HANDLERS,
    handlerIndex: index,
    task: 'provider_health',
    node: 'alert3',
    topic: '',
    category: '',
    reason: 'endpoint answered HTTP 400',
    retryable: false,
    attempts: 1,
    firstAttemptMs: 1_700_000_000_500,
    lastAttemptMs: 1_700_000_000_500,
    ...overrides,
  });
}

/** The letter as `vigil dlq` reads it back from the topic (through the real record codec). */
export function listedOf(letter: DeadLetter, offset = 0, partition = 0): ListedLetter {
  const record = deadLetterRecordOf(letter);
  return { letter: readDeadLetterRecord(record.value, record.headers), partition, offset: String(offset), key: record.key, headers: record.headers };
}
