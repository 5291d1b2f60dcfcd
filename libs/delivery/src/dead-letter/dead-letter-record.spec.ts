import { EVENT_HEADERS } from '@vigil/topic-contract';
import { type AlertData, encodeAlertEvent } from '@vigil/core';
import type { DeadLetter } from '../delivery-ports';
import { DEAD_LETTER_HEADERS, DeadLetterRecordError, deadLetterRecordOf, readDeadLetterRecord } from './dead-letter-record';

const alert: AlertData = {
  id: 'cpu:host=a',
  message: 'cpu is high',
  details: '',
  time: 1_700_000_000_123_456_789n,
  duration: 0n,
  level: 'CRITICAL',
  previousLevel: 'WARNING',
  recoverable: true,
  series: [],
};
const handlers = [
  { kind: 'log', args: ['/tmp/a.log'], options: [] },
  { kind: 'post', args: ['http://hooks.example/x'], options: [{ name: 'header', args: ['k', 'v'] }] },
];
const letter: DeadLetter = {
  eventId: 'ev-42',
  alertId: alert.id,
  task: 'cpu',
  node: 'alert2',
  target: { key: '1:post', instruction: handlers[1]! },
  json: encodeAlertEvent(alert),
  handlers,
  topic: 'ops',
  category: 'infra',
  reason: 'endpoint answered HTTP 503',
  retryable: true,
  attempts: 6,
  firstAttemptMs: 1_700_000_000_200,
  lastAttemptMs: 1_700_000_031_200,
};

describe('dead-letter records', () => {
  it('keeps the alerts-topic key, value and headers and adds the dead-letter facts', () => {
    const record = deadLetterRecordOf(letter);
    expect(record.key).toBe('cpu:host=a');
    expect(record.value).toBe(letter.json);
    expect(record.headers).toEqual({
      'vigil-event-id': 'ev-42',
      'vigil-task': 'cpu',
      'vigil-node': 'alert2',
      'vigil-topic': 'ops',
      'vigil-category': 'infra',
      'vigil-handlers': JSON.stringify(handlers),
      'vigil-handler-key': '1:post',
      'vigil-dead-reason': 'endpoint answered HTTP 503',
      'vigil-dead-retryable': 'true',
      'vigil-dead-attempts': '6',
      'vigil-dead-first-attempt-ms': '1700000000200',
      'vigil-dead-last-attempt-ms': '1700000031200',
    });
  });

  it('reads back what it wrote', () => {
    const record = deadLetterRecordOf(letter);
    expect(readDeadLetterRecord(record.value, record.headers)).toEqual(letter);
  });

  it('round-trips an empty topic and category, a non-retryable failure and zero attempts', () => {
    const other: DeadLetter = { ...letter, topic: '', category: '', retryable: false, attempts: 0, target: { key: '0:log', instruction: handlers[0]! } };
    const record = deadLetterRecordOf(other);
    expect(record.headers[EVENT_HEADERS.topic]).toBeUndefined();
    expect(record.headers[EVENT_HEADERS.category]).toBeUndefined();
    expect(readDeadLetterRecord(record.value, record.headers)).toEqual(other);
  });

  it('names the missing header', () => {
    const { headers, value } = deadLetterRecordOf(letter);
    for (const name of [DEAD_LETTER_HEADERS.reason, DEAD_LETTER_HEADERS.attempts, DEAD_LETTER_HEADERS.handlerKey]) {
      const without = { ...headers, [name]: undefined };
      expect(() => readDeadLetterRecord(value, without)).toThrow(new DeadLetterRecordError(`dead letter lacks header ${name}`));
    }
    expect(() => readDeadLetterRecord(value, { ...headers, [EVENT_HEADERS.eventId]: undefined })).toThrow(/dead letter: alert record lacks vigil-event-id/);
  });

  it('rejects a value that is not Kapacitor alert JSON', () => {
    const { headers } = deadLetterRecordOf(letter);
    expect(() => readDeadLetterRecord('{"id":', headers)).toThrow(DeadLetterRecordError);
  });

  it('rejects a handler key that names no handler of the event', () => {
    const { headers, value } = deadLetterRecordOf(letter);
    for (const key of ['2:post', '0:post', 'post', '01:log']) {
      expect(() => readDeadLetterRecord(value, { ...headers, [DEAD_LETTER_HEADERS.handlerKey]: key })).toThrow(/names no handler/);
    }
  });

  it('rejects malformed numbers and flags', () => {
    const { headers, value } = deadLetterRecordOf(letter);
    expect(() => readDeadLetterRecord(value, { ...headers, [DEAD_LETTER_HEADERS.attempts]: 'six' })).toThrow(/vigil-dead-attempts is 'six', not an integer/);
    expect(() => readDeadLetterRecord(value, { ...headers, [DEAD_LETTER_HEADERS.lastAttemptMs]: '1e3' })).toThrow(DeadLetterRecordError);
    expect(() => readDeadLetterRecord(value, { ...headers, [DEAD_LETTER_HEADERS.retryable]: 'yes' })).toThrow(/not true or false/);
  });
});
