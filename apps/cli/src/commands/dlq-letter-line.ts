import { decodeAlertEvent } from '@vigil/core';
import { formatRFC3339Nano } from '@vigil/go-format';
import type { ReplayableLetter } from '@vigil/standalone';

/** A dead letter as read from the dead-letter topic, with where it sits and its raw record. */
export interface ListedLetter extends ReplayableLetter {
  readonly partition: number;
  readonly offset: string;
}

/**
 * One line of `vigil dlq list`: the facts an operator decides a replay on, flat, times as
 * RFC 3339 (the event time with Kapacitor's nanoseconds, attempt times with milliseconds).
 */
export function letterLine(listed: ListedLetter): string {
  const { letter } = listed;
  const alert = decodeAlertEvent(letter.json);
  return JSON.stringify({
    eventId: letter.eventId,
    alertId: letter.alertId,
    task: letter.task,
    node: letter.node,
    handlerKey: letter.target.key,
    kind: letter.target.instruction.kind,
    level: alert.level,
    time: formatRFC3339Nano(alert.time),
    reason: letter.reason,
    retryable: letter.retryable,
    attempts: letter.attempts,
    firstAttempt: new Date(letter.firstAttemptMs).toISOString(),
    lastAttempt: new Date(letter.lastAttemptMs).toISOString(),
    partition: listed.partition,
    offset: listed.offset,
  });
}
