import { pendingEventOf, type HandlerKey, type PendingEvent } from '@vigil/delivery';
import { readEventRecord, type ReceivedEvent, REPLAY_HEADER } from '@vigil/topic-contract';
import type { ConsumedMessage } from '@vigil/kafka';

/** A record of the alerts topic that breaks its contract (docs/evaluator.md); it cannot be delivered. */
export class InvalidAlertRecordError extends Error {
  override readonly name = 'InvalidAlertRecordError';
}

/**
 * Reads one alerts-topic record into the event to deliver: the Kapacitor JSON and routing headers
 * through `readEventRecord`, and, on a record re-published by `vigil dlq replay`, only the handler
 * keys its replay header names.
 */
export function pendingEventOfRecord(message: ConsumedMessage): PendingEvent {
  if (message.value === null) throw new InvalidAlertRecordError('record has no value (a tombstone)');
  let received: ReceivedEvent;
  try {
    received = readEventRecord(message.value.toString('utf8'), message.headers);
  } catch (error) {
    throw new InvalidAlertRecordError(error instanceof Error ? error.message : String(error), { cause: error });
  }
  const replay = message.headers[REPLAY_HEADER];
  return pendingEventOf(received, replay === undefined ? undefined : replayKeysOf(replay));
}

function replayKeysOf(header: string): HandlerKey[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(header);
  } catch {
    throw new InvalidAlertRecordError(`${REPLAY_HEADER} is not JSON`);
  }
  if (!Array.isArray(parsed) || !parsed.every((key): key is string => typeof key === 'string')) {
    throw new InvalidAlertRecordError(`${REPLAY_HEADER} is not an array of handler keys`);
  }
  return parsed;
}
