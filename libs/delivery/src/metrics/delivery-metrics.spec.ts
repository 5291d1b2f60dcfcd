import pino from 'pino';
import { Registry } from 'prom-client';
import type { DeadLetter } from '../delivery-ports';
import { DeliveryMetrics } from './delivery-metrics';

const silentLogger = () => pino({ level: 'silent' });

function deadLetter(): DeadLetter {
  const instruction = { kind: 'post', args: ['http://broker'], options: [] };
  return {
    eventId: 'e1',
    alertId: 'cpu:nil',
    task: 'cpu',
    node: 'alert2',
    target: { key: '0:post', instruction },
    json: '{}',
    handlers: [instruction],
    topic: '',
    category: '',
    reason: 'endpoint answered HTTP 400',
    retryable: false,
    attempts: 1,
    firstAttemptMs: 0,
    lastAttemptMs: 0,
  };
}

describe('DeliveryMetrics', () => {
  it("counts the scheduler's outcomes under the notifier's series names", async () => {
    const registry = new Registry();
    const metrics = new DeliveryMetrics(registry, silentLogger(), { deadLetterMessage: 'event dead-lettered' });
    metrics.attempted('post', 'failed');
    metrics.delivered('post', { eventTimeMs: 1_000, acceptedMs: 2_500, deliveredMs: 3_000 });
    metrics.skipped('post', 'delivered');
    metrics.skipped('log', 'dead');
    metrics.deadLettered(deadLetter());
    metrics.retryDepth(3);
    const text = await registry.metrics();
    expect(text).toContain('vigil_notifier_attempts_total{handler="post",outcome="failed"} 1');
    expect(text).toContain('vigil_notifier_deliveries_total{handler="post",outcome="delivered"} 1');
    expect(text).toContain('vigil_notifier_deliveries_total{handler="post",outcome="dead_lettered"} 1');
    expect(text).toContain('vigil_notifier_dead_letters_total{handler="post"} 1');
    expect(text).toContain('vigil_notifier_skipped_total{handler="post",reason="already_delivered"} 1');
    expect(text).toContain('vigil_notifier_skipped_total{handler="log",reason="already_dead"} 1');
    expect(text).toContain('vigil_notifier_delivery_latency_seconds_sum{handler="post"} 0.5');
    expect(text).toContain('vigil_notifier_event_age_at_delivery_seconds_sum{handler="post"} 2');
    expect(text).toContain('vigil_notifier_retry_queue_depth 3');
  });

  it('measures the latency of an event of years-old data from its acceptance, and its age apart', async () => {
    const registry = new Registry();
    const metrics = new DeliveryMetrics(registry, silentLogger(), { deadLetterMessage: 'event dead-lettered' });
    const deliveredMs = Date.UTC(2025, 0, 1);
    const eventTimeMs = Date.UTC(2019, 0, 1);
    metrics.delivered('post', { eventTimeMs, acceptedMs: deliveredMs - 1_200, deliveredMs });
    metrics.delivered('post', { eventTimeMs: deliveredMs - 3_000, acceptedMs: undefined, deliveredMs });
    const text = await registry.metrics();
    expect(text).toContain('vigil_notifier_delivery_latency_seconds_sum{handler="post"} 4.2');
    expect(text).toContain(`vigil_notifier_event_age_at_delivery_seconds_sum{handler="post"} ${(deliveredMs - eventTimeMs + 3_000) / 1000}`);
  });

  it('logs one line when a target starts failing and one when it delivers again, and counts it while it fails', async () => {
    const registry = new Registry();
    const logger = silentLogger();
    const warn = vi.spyOn(logger, 'warn');
    const info = vi.spyOn(logger, 'info');
    const metrics = new DeliveryMetrics(registry, logger, { deadLetterMessage: 'event dead-lettered' });
    metrics.outageStarted('post', 'a1b2c3', 'post URL unreachable');
    expect(await registry.metrics()).toContain('vigil_notifier_failing_targets{handler="post"} 1');
    metrics.outageEnded('post', 'a1b2c3', 3);
    expect(await registry.metrics()).toContain('vigil_notifier_failing_targets{handler="post"} 0');
    expect(warn.mock.calls).toEqual([[{ handler: 'post', target: 'a1b2c3', reason: 'post URL unreachable' }, 'handler target failing; deliveries retry with backoff']]);
    expect(info.mock.calls).toEqual([[{ handler: 'post', target: 'a1b2c3', failedAttempts: 3 }, 'handler target delivering again']]);
  });

  it('logs one line per dead letter with the message it was given', () => {
    const logger = silentLogger();
    const warn = vi.spyOn(logger, 'warn');
    new DeliveryMetrics(new Registry(), logger, { deadLetterMessage: 'event dead-lettered to dead-letters.jsonl' }).deadLettered(deadLetter());
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ handlerKey: '0:post', eventId: 'e1', reason: 'endpoint answered HTTP 400' }), 'event dead-lettered to dead-letters.jsonl');
  });
});
