import { encodeAlertEvent, type AlertData, type HandlerInstruction } from '@vigil/core';
import type { DeadLetter } from '@vigil/delivery';

/** The handler list of a sample dead letter unless a test gives its own. */
export const SAMPLE_HANDLERS: readonly HandlerInstruction[] = [
  { kind: 'post', args: ['http://hooks.example/alerts'], options: [] },
  { kind: 'log', args: ['/tmp/alerts.log'], options: [] },
];

/** A critical alert as the evaluator emits it; `overrides` replace any field. */
export function sampleAlert(overrides: Partial<AlertData> = {}): AlertData {
  return {
    id: 'cpu:host=a',
    message: 'cpu is high',
    details: '',
    time: 1_700_000_000_123_456_789n,
    duration: 0n,
    level: 'CRITICAL',
    previousLevel: 'WARNING',
    recoverable: true,
    series: [],
    ...overrides,
  };
}

export interface SampleDeadLetterOverrides extends Partial<DeadLetter> {
  /** Which of the letter's handlers failed: its target is that handler; 0 unless given. */
  readonly handlerIndex?: number;
  /** Fields of the alert whose Kapacitor JSON the letter carries (its id is the letter's alertId). */
  readonly alert?: Partial<AlertData>;
}

/**
 * A dead letter as a notifier writes it after the retries of one handler ran out. The target and
 * the JSON follow the handlers, handlerIndex, alertId and alert given, so that the letter is
 * consistent (its target is one of its handlers, its JSON is its alert's), unless a test
 * overrides target or json on purpose.
 */
export function sampleDeadLetter(overrides: SampleDeadLetterOverrides = {}): DeadLetter {
  const { handlerIndex = 0, alert: alertFields, ...fields } = overrides;
  const handlers = fields.handlers ?? SAMPLE_HANDLERS;
  const instruction = handlers[handlerIndex];
  if (!instruction) throw new Error(`sampleDeadLetter: the letter has no handler ${handlerIndex}`);
  const alert = sampleAlert({ ...(fields.alertId === undefined ? {} : { id: fields.alertId }), ...alertFields });
  return {
    eventId: 'ev-1',
    alertId: alert.id,
    task: 'cpu',
    node: 'alert2',
    target: { key: `${handlerIndex}:${instruction.kind}`, instruction },
    json: encodeAlertEvent(alert),
    handlers,
    topic: 'ops',
    category: 'infra',
    reason: 'endpoint answered HTTP 503',
    retryable: true,
    attempts: 6,
    firstAttemptMs: 1_700_000_000_200,
    lastAttemptMs: 1_700_000_031_200,
    ...fields,
  };
}
