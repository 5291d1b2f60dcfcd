import { HttpException } from '@nestjs/common';
import { HealthController } from './health.controller';
import { Readiness } from './readiness';

/** What a probe answers: the body, with the status a thrown HttpException carries. */
function answer(probe: () => unknown): { status: number; body: unknown } {
  try {
    return { status: 200, body: probe() };
  } catch (error) {
    if (!(error instanceof HttpException)) throw error;
    return { status: error.getStatus(), body: error.getResponse() };
  }
}

describe('HealthController', () => {
  it('answers readiness 200 with the checks when every check passes, 503 with them otherwise', () => {
    const state = { kafka: false };
    const readiness = new Readiness();
    readiness.add({ name: 'kafka', isReady: () => state.kafka });
    readiness.add({ name: 'redis', isReady: () => true });
    const controller = new HealthController(readiness);
    expect(answer(() => controller.ready())).toEqual({ status: 503, body: { ready: false, checks: { kafka: false, redis: true } } });
    state.kafka = true;
    expect(answer(() => controller.ready())).toEqual({ status: 200, body: { ready: true, checks: { kafka: true, redis: true } } });
    readiness.markShuttingDown();
    expect(answer(() => controller.ready())).toEqual({ status: 503, body: { ready: false, checks: { kafka: true, redis: true, shutdown: false } } });
  });

  it('answers liveness 200 while every check can recover, not ready included, and 503 naming the one that cannot', () => {
    const consumer: { failure?: string } = {};
    const readiness = new Readiness();
    readiness.add({ name: 'kafka-consumer', isReady: () => false, failure: () => consumer.failure });
    const controller = new HealthController(readiness);
    expect(answer(() => controller.live())).toEqual({ status: 200, body: { status: 'ok' } });
    consumer.failure = 'the consumer crashed and will not restart';
    expect(answer(() => controller.live())).toEqual({ status: 503, body: { status: 'failed', failures: { 'kafka-consumer': 'the consumer crashed and will not restart' } } });
  });
});
