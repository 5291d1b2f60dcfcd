import { encodeAlertEvent, type AlertData, type HandlerInstruction } from '@vigil/core';
import { deadLetterRecordOf, readDeadLetterRecord, type DeadLetter } from '@vigil/delivery';
import type { ListedLetter } from './dlq-letter-line';

/** Test fixtures for `vigil dlq`: dead letters as the notifier writes them. */

export const HANDLERS: readonly HandlerInstruction[] = [
  { kind: 'post', args: ['http://broker.example/alerts'], options: [] },
  { kind: 'slack', args: [], options: [{ name: 'channel', args: ['#ops'] }] },
];

export function alertOf(id: string, overrides: Partial<AlertData> = {}): AlertData {
  return {
    id,
    message: `${id} is down`,
    details: '',
    time: 1_700_000_000_123_456_789n,
    duration: 0n,
    level: 'CRITICAL',
    previousLevel: 'OK',
    recoverable: true,
    series: [],
    ...overrides,
  };
}

/** A dead letter for handler `index` of HANDLERS. */
export function letterOf(eventId: string, alertId: string, index: 0 | 1, overrides: Partial<DeadLetter> = {}): DeadLetter {
  const instruction = HANDLERS[index] as HandlerInstruction;
  return {
    eventId,
    alertId,
    task: 'provider_health',
    node: 'alert3',
    target: { key: `${index}:${instruction.kind}`, instruction },
    json: encodeAlertEvent(alertOf(alertId)),
    handlers: HANDLERS,
    topic: '',
    category: '',
    reason: 'endpoint answered HTTP 400',
    retryable: false,
    attempts: 1,
    firstAttemptMs: 1_700_000_000_500,
    lastAttemptMs: 1_700_000_000_500,
    ...overrides,
  };
}

/** The letter as `vigil dlq` reads it back from the topic (through the real record codec). */
export function listedOf(letter: DeadLetter, offset = 0, partition = 0): ListedLetter {
  const record = deadLetterRecordOf(letter);
  return { letter: readDeadLetterRecord(record.value, record.headers), partition, offset: String(offset), key: record.key, headers: record.headers };
}
