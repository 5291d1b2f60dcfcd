import { waitFor } from '@vigil/testing';
import { expectedByAlertId, messagesByAlertId, numberedEvents } from './support/alert-events';
import { NotifierDeployment } from './support/notifier-deployment';
import { TestBroker } from './support/test-broker';

/**
 * Partitions move while events are delivered: a second notifier joins mid-stream, then the first
 * leaves with SIGTERM. Nothing is lost and order per alert id holds. A request in flight when its
 * partition moves is aborted and sent again by the new owner, so the target may see that event
 * twice, back to back (docs/notifier.md); nothing else repeats, since the kept partitions are
 * fetched again from their committed offsets and the dispatcher and ledger drop what is in hand.
 */
describe('notifiers joining and leaving mid-stream', () => {
  let broker: TestBroker;
  // A slow receiver and few sends at a time keep deliveries going while the group changes.
  const deployment = new NotifierDeployment({ alertsPartitions: 6, env: { DELIVERY_MAX_IN_FLIGHT: '4' } });

  beforeAll(async () => {
    broker = await TestBroker.start();
    broker.delay(10);
    await deployment.setUp();
  });

  afterAll(async () => {
    await deployment.tearDown();
    await broker?.close();
  });

  it('delivers every event, in order per alert id, repeating only requests cut short by the move', async () => {
    const events = numberedEvents({ count: 4_000, alertIds: 100, runId: deployment.id, handlers: [{ kind: 'post', args: [broker.url()], options: [] }] });
    const first = await deployment.startNotifier();
    await deployment.produce(events);
    await waitFor(() => broker.received().length >= 500, { timeoutMs: 60_000, what: '500 deliveries before the join' });
    const second = await deployment.startNotifier();
    expect(broker.received().length).toBeLessThan(2_000);
    await waitFor(() => broker.received().length >= 2_000, { timeoutMs: 60_000, what: '2000 deliveries before the leave' });
    first.process.child.kill('SIGTERM');
    expect(await first.process.exited).toBe(0);
    await deployment.waitUntilCommitted();

    const expected = expectedByAlertId(events);
    const received = messagesByAlertId(broker.received());
    const repeats = [...received.values()].reduce((sum, list) => sum + list.filter((message, i) => i > 0 && list[i - 1] === message).length, 0);
    const withoutRepeats = new Map([...received].map(([id, list]) => [id, list.filter((message, i) => i === 0 || list[i - 1] !== message)]));
    expect(new Map([...withoutRepeats].sort(([a], [b]) => (a < b ? -1 : 1)))).toEqual(new Map([...expected].sort(([a], [b]) => (a < b ? -1 : 1))));
    // At most the sends in flight at the two moves (4 each) can repeat.
    expect(repeats).toBeLessThanOrEqual(8);
    expect(broker.received().length).toBe(events.length + repeats);
    const metrics = await deployment.metrics(second);
    expect(metrics).toMatch(/vigil_notifier_deliveries_total\{handler="post",outcome="delivered",service="notifier"\} [1-9]\d*/);
  });
});
