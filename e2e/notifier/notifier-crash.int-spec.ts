import { waitFor } from '@vigil/testing';
import { expectedByAlertId, messagesByAlertId, numberedEvents } from './support/alert-events';
import { NotifierDeployment } from './support/notifier-deployment';
import { TestBroker } from './support/test-broker';

/**
 * Issue 5, test 3: the notifier is killed with SIGKILL mid-stream and restarted; no event is lost
 * and none reaches the broker twice. The kill falls while the broker holds requests unanswered
 * and after every answered one is in the ledger, which is the window the notifier can close: a
 * held request never counted as delivered, and the restarted notifier sends it again. (A kill
 * between a 2xx and its ledger write resends that one event; docs/notifier.md says so.) The same
 * holds for SIGTERM, after which the notifier commits what it settled and exits 0.
 */
describe.each([
  { signal: 'SIGKILL', exit: 'SIGKILL' },
  { signal: 'SIGTERM', exit: 0 },
] as const)('$signal of the notifier mid-stream', ({ signal, exit }) => {
  let broker: TestBroker;
  const deployment = new NotifierDeployment();

  beforeAll(async () => {
    broker = await TestBroker.start();
    await deployment.setUp();
  });

  afterAll(async () => {
    await deployment.tearDown();
    await broker?.close();
  });

  it('delivers every event exactly once across the stop and restart, in order per alert id', async () => {
    const events = numberedEvents({ count: 600, alertIds: 50, runId: deployment.id, handlers: [{ kind: 'post', args: [broker.url()], options: [] }] });
    const first = await deployment.startNotifier();
    await deployment.produce(events);
    await waitFor(() => broker.received().length >= 150, { timeoutMs: 60_000, what: '150 deliveries before the stop' });

    broker.answer('hold');
    await waitFor(async () => broker.held() > 0 && (await deployment.ledgerDelivered()) === broker.received().length, {
      timeoutMs: 30_000,
      what: 'requests held and every answered delivery in the ledger',
    });
    const deliveredBeforeStop = broker.received().length;
    const held = broker.held();
    first.process.child.kill(signal);
    expect(await first.process.exited).toBe(exit);
    // The held requests' connections closed with the process; answering them now counts nothing.
    await waitFor(() => broker.openConnections() === 0, { timeoutMs: 10_000, what: 'the stopped notifier’s connections closed' });
    broker.release();
    broker.answer('ok');
    expect(broker.received()).toHaveLength(deliveredBeforeStop);
    expect(deliveredBeforeStop).toBeLessThan(events.length);

    await deployment.startNotifier();
    await deployment.waitUntilCommitted();
    expect(held).toBeGreaterThan(0);
    expect(messagesByAlertId(broker.received())).toEqual(expectedByAlertId(events));
    expect(broker.received()).toHaveLength(events.length);
  });
});

/**
 * SIGTERM with a slow receiver that acts on a request before answering it: the notifier lets its
 * sends in progress finish before it stops, so a request the receiver had already taken is not
 * sent again after the restart (cutting it short would make the next owner resend it).
 */
describe('SIGTERM of the notifier while sends are in progress', () => {
  let broker: TestBroker;
  const deployment = new NotifierDeployment();

  beforeAll(async () => {
    broker = await TestBroker.start('receipt');
    broker.delay(300);
    await deployment.setUp();
  });

  afterAll(async () => {
    await deployment.tearDown();
    await broker?.close();
  });

  it('finishes the sends in progress, so none repeats after the restart', async () => {
    const events = numberedEvents({ count: 400, alertIds: 50, runId: deployment.id, handlers: [{ kind: 'post', args: [broker.url()], options: [] }] });
    const first = await deployment.startNotifier();
    await deployment.produce(events);
    await waitFor(() => broker.received().length >= 100, { timeoutMs: 60_000, what: '100 deliveries before the stop' });
    first.process.child.kill('SIGTERM');
    expect(await first.process.exited).toBe(0);
    expect(broker.received().length).toBeLessThan(events.length);

    await deployment.startNotifier();
    await deployment.waitUntilCommitted();
    expect(messagesByAlertId(broker.received())).toEqual(expectedByAlertId(events));
    expect(broker.received()).toHaveLength(events.length);
  });
});
