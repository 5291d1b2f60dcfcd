import type { Kafka } from 'kafkajs';
import { createLogger } from '@vigil/observability';
import { GroupMembership } from './group-membership';

/** The part of a kafkajs consumer GroupMembership listens to: its instrumentation events. */
function fakeKafka(): { kafka: Kafka; emit: (event: string, payload: object) => void } {
  const listeners = new Map<string, (event: { payload: object }) => void>();
  const events = { CONNECT: 'connect', DISCONNECT: 'disconnect', GROUP_JOIN: 'group_join', CRASH: 'crash', STOP: 'stop' };
  const consumer = { events, on: (event: string, listener: (event: { payload: object }) => void) => listeners.set(event, listener) };
  const kafka = { consumer: () => consumer } as unknown as Kafka;
  return { kafka, emit: (event, payload) => listeners.get(event)?.({ payload }) };
}

describe('GroupMembership.failure', () => {
  const logger = createLogger({ service: 'test', level: 'silent' });

  it('stays empty while kafkajs restarts the member after a crash', () => {
    const { kafka, emit } = fakeKafka();
    const membership = new GroupMembership(kafka, logger, { groupId: 'g' });
    emit('crash', { error: new Error('connection closed'), restart: true });
    expect(membership.failure()).toBeUndefined();
    expect(membership.isReady()).toBe(false);
  });

  it('keeps the error when kafkajs stopped the member for good', () => {
    const { kafka, emit } = fakeKafka();
    const membership = new GroupMembership(kafka, logger, { groupId: 'g' });
    emit('connect', {});
    emit('group_join', { memberAssignment: {} });
    expect(membership.isReady()).toBe(true);
    emit('crash', { error: new Error('not authorized to access group'), restart: false });
    expect(membership.failure()?.message).toBe('not authorized to access group');
    expect(membership.isReady()).toBe(false);
  });
});
