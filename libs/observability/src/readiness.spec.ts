import { Readiness } from './readiness';

describe('Readiness', () => {
  it('is not ready without checks', () => {
    expect(new Readiness().report().ready).toBe(false);
  });

  it('is ready only when every check passes', () => {
    const state = { kafka: false, redis: true };
    const readiness = new Readiness();
    readiness.add({ name: 'kafka', isReady: () => state.kafka });
    readiness.add({ name: 'redis', isReady: () => state.redis });
    expect(readiness.report()).toEqual({ ready: false, checks: { kafka: false, redis: true } });
    state.kafka = true;
    expect(readiness.report()).toEqual({ ready: true, checks: { kafka: true, redis: true } });
  });

  it('reports not ready once shutdown starts', () => {
    const readiness = new Readiness();
    readiness.add({ name: 'redis', isReady: () => true });
    readiness.markShuttingDown();
    expect(readiness.report()).toEqual({ ready: false, checks: { redis: true, shutdown: false } });
  });

  it('refuses a check name twice', () => {
    const readiness = new Readiness();
    readiness.add({ name: 'redis', isReady: () => true });
    expect(() => readiness.add({ name: 'redis', isReady: () => true })).toThrow(/registered twice/);
  });

  it('stays alive while checks are only unready, and fails liveness naming a check that cannot recover', () => {
    const consumer: { failure?: string } = {};
    const readiness = new Readiness();
    readiness.add({ name: 'kafka-consumer', isReady: () => false, failure: () => consumer.failure });
    readiness.add({ name: 'redis', isReady: () => true });
    expect(readiness.recovery()).toEqual({ alive: true, failures: {} });
    consumer.failure = 'The group is rebalancing';
    expect(readiness.recovery()).toEqual({ alive: false, failures: { 'kafka-consumer': 'The group is rebalancing' } });
  });
});
