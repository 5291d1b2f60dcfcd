import { setTimeout as sleep } from 'node:timers/promises';
import { waitFor } from '@vigil/testing';
import { expectedByAlertId, messagesByAlertId, numberedEvents } from './support/alert-events';
import { NotifierDeployment } from './support/notifier-deployment';
import { TestBroker } from './support/test-broker';

/**
 * Issue 5, test 2: a broker endpoint is down for 30 s (first refusing connections, then answering
 * 503) and comes back. Every event reaches it exactly once, in order per alert id, and a second
 * target that stays up keeps receiving throughout: a down handler stalls neither the others nor
 * other alert ids.
 */
describe('a handler target down for 30 s', () => {
  let flaky: TestBroker;
  let steady: TestBroker;
  const deployment = new NotifierDeployment({
    env: { DELIVERY_MAX_ATTEMPTS: '1000', DELIVERY_MAX_AGE_MS: '600000', DELIVERY_INITIAL_BACKOFF_MS: '200', DELIVERY_MAX_BACKOFF_MS: '2000' },
  });

  beforeAll(async () => {
    flaky = await TestBroker.start();
    steady = await TestBroker.start();
    await deployment.setUp();
  });

  afterAll(async () => {
    await deployment.tearDown();
    await flaky?.close();
    await steady?.close();
  });

  it('delivers every event once, in order per alert id, after the target comes back', async () => {
    const events = numberedEvents({
      count: 300,
      alertIds: 50,
      runId: deployment.id,
      handlers: [
        { kind: 'post', args: [flaky.url()], options: [] },
        { kind: 'post', args: [steady.url()], options: [] },
      ],
    });
    const notifier = await deployment.startNotifier();
    await deployment.produce(events.slice(0, 100));
    await waitFor(() => flaky.received().length >= 50, { timeoutMs: 60_000, what: 'first deliveries' });

    await flaky.down();
    await deployment.produce(events.slice(100));
    // The steady target gets everything while the flaky one refuses connections.
    await waitFor(() => steady.received().length === events.length, { timeoutMs: 60_000, what: 'the steady target receives every event during the outage' });
    expect(flaky.received().length).toBeLessThan(events.length);
    await sleep(15_000);
    await flaky.up();
    flaky.answer('unavailable');
    await waitFor(() => flaky.requests() > 0, { timeoutMs: 30_000, what: 'retries reaching the 503 answers' });
    await sleep(15_000);
    expect(flaky.received().length).toBeLessThan(events.length);
    flaky.answer('ok');

    await deployment.waitUntilCommitted();
    const expected = expectedByAlertId(events);
    expect(messagesByAlertId(flaky.received())).toEqual(expected);
    expect(messagesByAlertId(steady.received())).toEqual(expected);
    expect(flaky.received()).toHaveLength(events.length);
    expect(steady.received()).toHaveLength(events.length);

    const metrics = await deployment.metrics(notifier);
    expect(metrics).toMatch(/vigil_notifier_deliveries_total\{handler="post",outcome="delivered",service="notifier"\} 600/);
    expect(metrics).toMatch(/vigil_notifier_attempts_total\{handler="post",outcome="retry",service="notifier"\} [1-9]/);
    // One line when the target started failing and one when it came back, not one per event.
    const output = notifier.process.output();
    expect(output.match(/handler target failing/g)).toHaveLength(1);
    expect(output.match(/handler target delivering again/g)).toHaveLength(1);
  });
});
