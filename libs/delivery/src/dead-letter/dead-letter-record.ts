import { DEAD_LETTER_HEADERS, EVENT_HEADERS, EventRecordError, REPLAY_HEADER, type ReceivedEvent, readEventRecord } from '@vigil/topic-contract';
import type { DeadLetter } from '../delivery-ports';

export { DEAD_LETTER_HEADERS, REPLAY_HEADER };

/** One dead-letter topic record: key = alert id, value = the Kapacitor JSON. */
export interface DeadLetterRecord {
  readonly key: string;
  readonly value: string;
  readonly headers: Record<string, string>;
}

/** Thrown for a dead-letter record that does not follow the contract above. */
export class DeadLetterRecordError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DeadLetterRecordError';
  }
}

export function deadLetterRecordOf(letter: DeadLetter): DeadLetterRecord {
  const headers: Record<string, string> = {
    [EVENT_HEADERS.eventId]: letter.eventId,
    [EVENT_HEADERS.task]: letter.task,
    [EVENT_HEADERS.node]: letter.node,
    [EVENT_HEADERS.handlers]: JSON.stringify(letter.handlers),
    [DEAD_LETTER_HEADERS.handlerKey]: letter.target.key,
    [DEAD_LETTER_HEADERS.reason]: letter.reason,
    [DEAD_LETTER_HEADERS.retryable]: String(letter.retryable),
    [DEAD_LETTER_HEADERS.attempts]: String(letter.attempts),
    [DEAD_LETTER_HEADERS.firstAttemptMs]: String(letter.firstAttemptMs),
    [DEAD_LETTER_HEADERS.lastAttemptMs]: String(letter.lastAttemptMs),
  };
  // As on the alerts topic, an empty topic or category is an absent header.
  if (letter.topic !== '') headers[EVENT_HEADERS.topic] = letter.topic;
  if (letter.category !== '') headers[EVENT_HEADERS.category] = letter.category;
  return { key: letter.alertId, value: letter.json, headers };
}

/** Validates and reads one dead-letter record (value as text, headers as strings). */
export function readDeadLetterRecord(value: string, headers: Readonly<Record<string, string | undefined>>): DeadLetter {
  let received: ReceivedEvent;
  try {
    received = readEventRecord(value, headers);
  } catch (error) {
    if (error instanceof EventRecordError) throw new DeadLetterRecordError(`dead letter: ${error.message}`, { cause: error });
    throw error;
  }
  const key = required(headers, DEAD_LETTER_HEADERS.handlerKey);
  const match = /^(0|[1-9]\d*):(.+)$/.exec(key);
  const instruction = match ? received.handlers[Number(match[1])] : undefined;
  if (!match || instruction === undefined || instruction.kind !== match[2]) {
    throw new DeadLetterRecordError(`dead letter: ${DEAD_LETTER_HEADERS.handlerKey} '${key}' names no handler of ${EVENT_HEADERS.handlers}`);
  }
  const retryable = required(headers, DEAD_LETTER_HEADERS.retryable);
  if (retryable !== 'true' && retryable !== 'false') {
    throw new DeadLetterRecordError(`dead letter: ${DEAD_LETTER_HEADERS.retryable} is '${retryable}', not true or false`);
  }
  return {
    eventId: received.eventId,
    alertId: received.alert.id,
    task: received.task,
    node: received.node,
    target: { key, instruction },
    json: received.json,
    handlers: received.handlers,
    topic: received.topic,
    category: received.category,
    reason: required(headers, DEAD_LETTER_HEADERS.reason),
    retryable: retryable === 'true',
    attempts: integer(headers, DEAD_LETTER_HEADERS.attempts),
    firstAttemptMs: integer(headers, DEAD_LETTER_HEADERS.firstAttemptMs),
    lastAttemptMs: integer(headers, DEAD_LETTER_HEADERS.lastAttemptMs),
  };
}

function required(headers: Readonly<Record<string, string | undefined>>, name: string): string {
  const value = headers[name];
  if (value === undefined) throw new DeadLetterRecordError(`dead letter lacks header ${name}`);
  return value;
}

function integer(headers: Readonly<Record<string, string | undefined>>, name: string): number {
  const text = required(headers, name);
  if (!/^(0|-?[1-9]\d*)$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new DeadLetterRecordError(`dead letter: ${name} is '${text}', not an integer`);
  }
  return Number(text);
}
