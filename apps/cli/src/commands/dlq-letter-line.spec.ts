import { matchesFilter } from '@vigil/standalone';
import { letterLine } from './dlq-letter-line';
import { letterOf, listedOf } from './dlq-letters.test';

describe('dlq list lines', () => {
  it('prints one flat JSON object with RFC 3339 times and the event level', () => {
    const listed = listedOf(letterOf('ev1', 'cpu:host=a', 1, { reason: 'HTTP 404', attempts: 2, lastAttemptMs: 1_700_000_001_750 }), 17, 3);
    expect(JSON.parse(letterLine(listed))).toEqual({
      eventId: 'ev1',
      alertId: 'cpu:host=a',
      task: 'provider_health',
      node: 'alert3',
      handlerKey: '1:slack',
      kind: 'slack',
      level: 'CRITICAL',
      time: '2023-11-14T22:13:20.123456789Z',
      reason: 'HTTP 404',
      retryable: false,
      attempts: 2,
      firstAttempt: '2023-11-14T22:13:20.500Z',
      lastAttempt: '2023-11-14T22:13:21.750Z',
      partition: 3,
      offset: '17',
    });
  });

  it('filters by event id and handler key, both when both are given', () => {
    const letter = letterOf('ev1', 'a', 0);
    expect(matchesFilter(letter, {})).toBe(true);
    expect(matchesFilter(letter, { eventId: 'ev1' })).toBe(true);
    expect(matchesFilter(letter, { eventId: 'ev2' })).toBe(false);
    expect(matchesFilter(letter, { handlerKey: '0:post' })).toBe(true);
    expect(matchesFilter(letter, { eventId: 'ev1', handlerKey: '1:slack' })).toBe(false);
  });
});
