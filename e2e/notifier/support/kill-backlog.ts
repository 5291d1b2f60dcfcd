import { waitFor } from '@vigil/testing';
import { numberedEvents } from './alert-events';
import { NotifierDeployment } from './notifier-deployment';
import { type BrokerDelivery, TestBroker } from './test-broker';

export interface KillBacklogRun {
  /** Events on the alerts topic before the first notifier starts, one `post` each. */
  readonly events: number;
  readonly alertIds: number;
  /** SIGKILLs, spread evenly over the drain; a new notifier starts after each. */
  readonly kills: number;
  /** Extra environment of every notifier (DELIVERY_MAX_IN_FLIGHT, ...). */
  readonly env?: Readonly<Record<string, string>>;
}

/** What the receiver counted; a delivery is identified by its message, unique per event. */
export interface KillBacklogFigures {
  readonly events: number;
  readonly kills: number;
  readonly received: number;
  readonly missing: number;
  /** Deliveries of an event after its first. */
  readonly duplicated: number;
  /** Of those, the ones whose Idempotency-Key equals the first delivery's: a receiver drops them. */
  readonly keyedDuplicates: number;
  /** Keys that arrived with more than one event: a receiver deduplicating by key would lose one. */
  readonly sharedKeys: number;
}

/**
 * The notifier SIGKILLed `kills` times while it drains a backlog to an HTTP receiver that acts on
 * a request as soon as it arrives (counting mode `receipt`: what the receiver saw, answered or
 * not), each time restarted; then every record settled and committed. The figures are those of
 * issue 11's "notifier SIGKILL x5 while a backlog drains".
 */
export async function runKillBacklog(run: KillBacklogRun): Promise<KillBacklogFigures> {
  const broker = await TestBroker.start('receipt');
  const deployment = new NotifierDeployment({ env: { LOG_LEVEL: 'warn', ...run.env } });
  try {
    await deployment.setUp();
    const events = numberedEvents({ count: run.events, alertIds: run.alertIds, runId: deployment.id, handlers: [{ kind: 'post', args: [broker.url()], options: [] }] });
    await deployment.produce(events, 1_000);
    let notifier = await deployment.startNotifier();
    for (let kill = 1; kill <= run.kills; kill++) {
      const threshold = Math.floor((kill * run.events) / (run.kills + 1));
      await waitFor(() => broker.received().length >= threshold, { timeoutMs: 60_000, intervalMs: 20, what: `${threshold} deliveries before kill ${kill}` });
      notifier.process.child.kill('SIGKILL');
      await notifier.process.exited.catch(() => undefined);
      notifier = await deployment.startNotifier();
    }
    await deployment.waitUntilCommitted();
    return { events: run.events, kills: run.kills, ...countDeliveries(events.map(({ event }) => event.message), broker.received()) };
  } finally {
    await deployment.tearDown();
    await broker.close();
  }
}

/** Missing, duplicated and keyed duplicates of `expected` messages among `deliveries`. */
export function countDeliveries(expected: readonly string[], deliveries: readonly BrokerDelivery[]): Omit<KillBacklogFigures, 'events' | 'kills'> {
  const firstKey = new Map<string, string>();
  const messagesOfKey = new Map<string, Set<string>>();
  let duplicated = 0;
  let keyedDuplicates = 0;
  for (const delivery of deliveries) {
    const { message } = JSON.parse(delivery.body) as { message: string };
    const key = delivery.idempotencyKey;
    const first = firstKey.get(message);
    if (first === undefined) firstKey.set(message, key);
    else {
      duplicated++;
      if (key !== '' && key === first) keyedDuplicates++;
    }
    if (key !== '') messagesOfKey.set(key, (messagesOfKey.get(key) ?? new Set()).add(message));
  }
  return {
    received: deliveries.length,
    missing: expected.filter((message) => !firstKey.has(message)).length,
    duplicated,
    keyedDuplicates,
    sharedKeys: [...messagesOfKey.values()].filter((messages) => messages.size > 1).length,
  };
}

export function describeFigures(figures: KillBacklogFigures, settings: string): string {
  const { events, kills, received, missing, duplicated, keyedDuplicates, sharedKeys } = figures;
  return `${events} events, ${kills} SIGKILLs, ${settings}: received ${received}, missing ${missing}, duplicated ${duplicated} (${keyedDuplicates} with the original's Idempotency-Key), keys shared by two events ${sharedKeys}`;
}
