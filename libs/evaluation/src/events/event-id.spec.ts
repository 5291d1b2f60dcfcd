import { eventIdOf, type EventCause } from './event-id';

const cause: EventCause = { kind: 'point', topic: 'points', partition: 2, offset: 41n, index: 0 };
const identity = { task: 'provider_health', node: 'alert3', alertId: 'status_provedor_p1pa', level: 'CRITICAL' as const, time: 1_684_713_070_038_000_000n };

describe('eventIdOf', () => {
  it('is the same for the same event and cause', () => {
    expect(eventIdOf(identity, cause)).toBe(eventIdOf({ ...identity }, { ...cause }));
    expect(eventIdOf(identity, cause)).toMatch(/^[0-9a-f]{32}$/);
  });

  it.each([
    ['task', { ...identity, task: 'other' }, cause],
    ['node', { ...identity, node: 'alert4' }, cause],
    ['alert id', { ...identity, alertId: 'x' }, cause],
    ['level', { ...identity, level: 'INFO' as const }, cause],
    ['time', { ...identity, time: 1n }, cause],
    ['topic', identity, { ...cause, topic: 'other' }],
    ['partition', identity, { ...cause, partition: 3 }],
    ['offset', identity, { ...cause, offset: 42n }],
    ['point index', identity, { ...cause, index: 1 }],
    ['cause kind', identity, { kind: 'tick' as const, topic: 'points', partition: 2, offset: 41n, now: 0n }],
  ])('changes with the %s', (_what, otherIdentity, otherCause) => {
    expect(eventIdOf(otherIdentity, otherCause)).not.toBe(eventIdOf(identity, cause));
  });
});
