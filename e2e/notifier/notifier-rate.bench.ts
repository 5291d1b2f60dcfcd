/**
 * The notifier's delivery rate on this machine: a backlog of alert events on the alerts topic
 * (each with one `post` to a local HTTP broker answering 200 at once), delivered by one notifier
 * process; the rate is events / (time from ready to every offset committed), which includes the
 * ledger check and write in Redis per event.
 * Run (servers from `npm run infra -- up`):
 *   bash tools/node24/run.sh node_modules/tsx/dist/cli.mjs --conditions @vigil/source e2e/notifier/notifier-rate.bench.ts [events] [alertIds] [maxInFlight] [maxInFlightPerOrigin]
 */
import { numberedEvents } from './support/alert-events';
import { NotifierDeployment } from './support/notifier-deployment';
import { TestBroker } from './support/test-broker';

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 20_000);
  const alertIds = Number(process.argv[3] ?? 1_000);
  // The notifier's defaults (docs/notifier.md, Configuration).
  const maxInFlight = process.argv[4] ?? '64';
  const perOrigin = process.argv[5] ?? '32';
  const broker = await TestBroker.start();
  const deployment = new NotifierDeployment({ alertsPartitions: 6, env: { LOG_LEVEL: 'warn', DELIVERY_MAX_IN_FLIGHT: maxInFlight, DELIVERY_MAX_IN_FLIGHT_PER_ORIGIN: perOrigin } });
  await deployment.setUp();
  try {
    const events = numberedEvents({ count, alertIds, runId: deployment.id, handlers: [{ kind: 'post', args: [broker.url()], options: [] }] });
    await deployment.produce(events, 2_000);
    const started = Date.now();
    await deployment.startNotifier();
    const ready = Date.now();
    await deployment.waitUntilCommitted(600_000);
    const done = Date.now();
    if (broker.received().length !== count) throw new Error(`broker received ${broker.received().length} of ${count}`);
    console.log(
      `${count} events over ${alertIds} alert ids, DELIVERY_MAX_IN_FLIGHT=${maxInFlight}, DELIVERY_MAX_IN_FLIGHT_PER_ORIGIN=${perOrigin}: ready after ${((ready - started) / 1000).toFixed(1)} s; ` +
        `delivered in ${((done - ready) / 1000).toFixed(1)} s = ${Math.round(count / ((done - ready) / 1000))} deliveries/s`,
    );
  } finally {
    await deployment.tearDown();
    await broker.close();
  }
}

void main();
