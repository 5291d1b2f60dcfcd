import { fixIdleRequestQueueTimer, kafkaRequestQueueClass, type KafkaRequestQueue } from './request-queue-timer';

const quietLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

function queue(): KafkaRequestQueue {
  const RequestQueue = kafkaRequestQueueClass();
  return new RequestQueue({ maxInFlightRequests: 1, requestTimeout: 30_000, enforceRequestTimeout: false, clientId: 'spec', broker: 'localhost:9092', logger: quietLogger });
}

describe('fixIdleRequestQueueTimer (kafkajs re-arming a 1 ms check with nothing to check)', () => {
  beforeAll(() => {
    fixIdleRequestQueueTimer();
    fixIdleRequestQueueTimer();
  });

  it('arms no timer after an answer when no request waits and no throttle holds', () => {
    const idle = queue();
    idle.checkPendingRequests();
    expect(idle.throttleCheckTimeoutId).toBeNull();
    idle.destroy();
  });

  it('still arms the check while a throttle holds a waiting request', () => {
    const throttled = queue();
    throttled.throttledUntil = Date.now() + 60_000;
    throttled.pending.push({});
    throttled.scheduleCheckPendingRequests();
    expect(throttled.throttleCheckTimeoutId).not.toBeNull();
    throttled.destroy();
  });

  it('still arms the check while a throttle holds, with nothing waiting yet', () => {
    const throttled = queue();
    throttled.throttledUntil = Date.now() + 60_000;
    throttled.checkPendingRequests();
    expect(throttled.throttleCheckTimeoutId).not.toBeNull();
    throttled.destroy();
  });
});
