import { DEFAULT_MAX_IN_FLIGHT_PER_ORIGIN } from '@vigil/delivery';
import { expectedByAlertId, messagesByAlertId, numberedEvents } from './support/alert-events';
import { NotifierDeployment } from './support/notifier-deployment';
import { TestBroker } from './support/test-broker';

/**
 * Issue 15, item 3: a burst to one receiver with the notifier's default limits. A backlog of
 * events over many alert ids is on the alerts topic before the notifier starts, so every lane is
 * ready at once; the receiver holds each request a little so that sends overlap. The burst is
 * delivered with the ledger's guarantees (each event once, in order per alert id, each with its
 * own Idempotency-Key) and never more than DELIVERY_MAX_IN_FLIGHT_PER_ORIGIN requests at the
 * receiver at once. The drain rate is `npm run bench -- burst`'s business, not a test's.
 */
describe('a burst of alert events to one receiver', () => {
  const deployment = new NotifierDeployment({ alertsPartitions: 6 });
  let receiver: TestBroker;

  beforeAll(async () => {
    receiver = await TestBroker.start();
    await deployment.setUp();
  }, 120_000);
  afterAll(async () => {
    await deployment.tearDown();
    await receiver.close();
  });

  it('delivers every event once, in order per alert id, with at most the per-origin limit in flight', async () => {
    receiver.delay(5);
    const events = numberedEvents({ count: 3_000, alertIds: 750, runId: deployment.id, handlers: [{ kind: 'post', args: [receiver.url()], options: [] }] });
    await deployment.produce(events, 1_000);
    await deployment.startNotifier();
    await deployment.waitUntilCommitted(300_000);

    const received = receiver.received();
    console.log(`burst: ${received.length} deliveries of ${events.length} events, at most ${receiver.mostAtOnce()} requests at the receiver at once`);
    expect(messagesByAlertId(received)).toEqual(expectedByAlertId(events));
    const keys = new Set(received.map((delivery) => delivery.idempotencyKey));
    expect(keys.size).toBe(events.length);
    expect([...keys].every((key) => key.startsWith(`"${deployment.id}-`))).toBe(true);
    expect(receiver.mostAtOnce()).toBeLessThanOrEqual(DEFAULT_MAX_IN_FLIGHT_PER_ORIGIN);
    expect(receiver.mostAtOnce()).toBeGreaterThan(0);
  }, 360_000);
});
