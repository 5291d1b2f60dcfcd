import { KafkaJSNonRetriableError, KafkaJSProtocolError, type Kafka } from 'kafkajs';
import { createLogger } from '@vigil/observability';
import { GroupMembership, groupMoveCause } from './group-membership';

/** The part of a kafkajs consumer GroupMembership listens to: its instrumentation events. */
function fakeKafka(commitOffsets: () => Promise<void> = () => Promise.resolve()): { kafka: Kafka; emit: (event: string, payload: object) => void } {
  const listeners = new Map<string, (event: { payload: object }) => void>();
  const events = { CONNECT: 'connect', DISCONNECT: 'disconnect', GROUP_JOIN: 'group_join', CRASH: 'crash', STOP: 'stop' };
  const consumer = { events, commitOffsets, on: (event: string, listener: (event: { payload: object }) => void) => listeners.set(event, listener) };
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

/** kafkajs' types leave out the options its retrier passes when it wraps an error it does not retry. */
const NonRetriable = KafkaJSNonRetriableError as unknown as new (error: Error, options: { cause: Error }) => KafkaJSNonRetriableError;

/** A broker error as kafkajs builds it from a response, and as its commitOffsets' retrier wraps it. */
function brokerError(type: string, code: number): { raw: KafkaJSProtocolError; wrapped: KafkaJSNonRetriableError } {
  const raw = new KafkaJSProtocolError({ type, code, retriable: false, message: `broker says ${type}` } as unknown as Error);
  return { raw, wrapped: new NonRetriable(raw, { cause: raw }) };
}

describe('GroupMembership.commit', () => {
  const logger = createLogger({ service: 'test', level: 'silent' });
  const offsets = [{ topic: 't', partition: 0, offset: '5' }];

  it.each([
    ['UNKNOWN_MEMBER_ID', 25],
    ['ILLEGAL_GENERATION', 22],
    ['REBALANCE_IN_PROGRESS', 27],
  ])('rethrows %s unwrapped, so the kafkajs runner joins the group again instead of stopping the member', async (type, code) => {
    const { raw, wrapped } = brokerError(type, code);
    const membership = new GroupMembership(fakeKafka(() => Promise.reject(wrapped)).kafka, logger, { groupId: 'g' });
    const thrown = await membership.commit(offsets).catch((error: unknown) => error);
    expect(thrown).toBe(raw);
    expect((thrown as KafkaJSProtocolError).type).toBe(type);
  });

  it('rethrows any other failure as kafkajs gave it', async () => {
    const { wrapped } = brokerError('GROUP_AUTHORIZATION_FAILED', 30);
    const membership = new GroupMembership(fakeKafka(() => Promise.reject(wrapped)).kafka, logger, { groupId: 'g' });
    await expect(membership.commit(offsets)).rejects.toBe(wrapped);
  });

  it('finds the group error only along the causes', () => {
    expect(groupMoveCause(new Error('socket hang up'))).toBeUndefined();
    expect(groupMoveCause(new Error('outer', { cause: brokerError('UNKNOWN_MEMBER_ID', 25).raw }))?.message).toBe('broker says UNKNOWN_MEMBER_ID');
  });
});
