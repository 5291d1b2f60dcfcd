/**
 * How many notifications SIGKILLs of a draining notifier repeat, with the receiver's view of the
 * Idempotency-Key (issue 11's "notifier SIGKILL x5 while a backlog drains"). Before the per-origin
 * limit, one receiver could have DELIVERY_MAX_IN_FLIGHT sends in flight: pass that as perOrigin
 * to see the old window.
 * Run (servers from `npm run infra -- up`):
 *   bash tools/node24/run.sh node_modules/tsx/dist/cli.mjs --conditions @vigil/source e2e/notifier/notifier-kill.bench.ts [events] [kills] [perOrigin] [maxInFlight]
 */
import { describeFigures, runKillBacklog } from './support/kill-backlog';

async function main(): Promise<void> {
  const events = Number(process.argv[2] ?? 8_484);
  const kills = Number(process.argv[3] ?? 5);
  // The notifier's defaults (docs/notifier.md, Configuration).
  const perOrigin = process.argv[4] ?? '32';
  const maxInFlight = process.argv[5] ?? '64';
  const figures = await runKillBacklog({
    events,
    alertIds: 2_000,
    kills,
    env: { DELIVERY_MAX_IN_FLIGHT: maxInFlight, DELIVERY_MAX_IN_FLIGHT_PER_ORIGIN: perOrigin },
  });
  console.log(describeFigures(figures, `DELIVERY_MAX_IN_FLIGHT=${maxInFlight}, DELIVERY_MAX_IN_FLIGHT_PER_ORIGIN=${perOrigin}`));
}

void main();
