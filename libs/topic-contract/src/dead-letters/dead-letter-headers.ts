/**
 * Headers a dead-letter record carries beside the alerts-topic headers (alerts/event-headers).
 * The record keeps the alerts topic's key, value and headers unchanged, so `vigil dlq replay` can
 * re-publish it as it was.
 */
export const DEAD_LETTER_HEADERS = {
  handlerKey: 'vigil-handler-key',
  reason: 'vigil-dead-reason',
  retryable: 'vigil-dead-retryable',
  attempts: 'vigil-dead-attempts',
  firstAttemptMs: 'vigil-dead-first-attempt-ms',
  lastAttemptMs: 'vigil-dead-last-attempt-ms',
} as const;

/** Header on an alerts-topic record re-published by `vigil dlq replay`: JSON array of handler keys to deliver to (only those). */
export const REPLAY_HEADER = 'vigil-replay-handlers';
