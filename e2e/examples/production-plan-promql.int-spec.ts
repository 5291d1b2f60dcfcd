import { join } from 'node:path';
import { HAVE_PROMETHEUS, PROMETHEUS, repositoryRoot, startPrometheus, type RunningPrometheus } from '@vigil/testing';
import { START_SECONDS, productionPlanSamples } from '../../examples/production-plan/production-plan-data';
import { lines, runVigil } from './support/examples';

if (!HAVE_PROMETHEUS) console.warn(`skipping the production-plan PromQL example: ${PROMETHEUS} or promtool is missing (Debian's prometheus package provides them)`);

/**
 * The production plan's p95 rule through vigil's promQL() node (examples/production-plan/promql):
 * a real Prometheus holds the example's samples (backfilled at their own times), and `vigil
 * replay --prometheus` makes every run of 10:00 to 10:20. It alerts when the stream rule
 * (api_latency_p95.tick, stateDuration over remote_write points) does: WARNING at 10:08, five
 * minutes into the 7-minute slow period, OK at 10:10; the 3-minute slow period from 10:14 stays
 * quiet.
 */
describe.skipIf(!HAVE_PROMETHEUS)('examples/production-plan: the p95 rule through PromQL', () => {
  let prometheus: RunningPrometheus | undefined;

  beforeAll(async () => {
    prometheus = await startPrometheus(productionPlanSamples().map((sample) => ({ metric: sample.metric, labels: sample.labels, value: sample.value, seconds: START_SECONDS + sample.second })));
  }, 60_000);

  afterAll(() => prometheus?.stop());

  it('alerts from Prometheus as the stream rule does from remote_write', async () => {
    const tick = join(repositoryRoot(), 'examples/production-plan/promql/api_latency_p95.tick');
    const run = await runVigil('replay', '--tick', tick, '--prometheus', prometheus?.url ?? '', '--start', '2026-03-02T10:00:00Z', '--stop', '2026-03-02T10:20:00Z');
    expect(run.code, run.output).toBe(0);
    const events = lines(run.stdout).map((line) => JSON.parse(line) as { id: string; message: string; level: string; time: string; previousLevel: string });
    expect(events.map((event) => `${event.time} ${event.id} ${event.previousLevel}->${event.level}: ${event.message}`)).toEqual([
      '2026-03-02T10:08:00Z api_latency_p95/mes-api OK->WARNING: WARNING: p95 latency of mes-api above 2 s for 5 minutes',
      '2026-03-02T10:10:00Z api_latency_p95/mes-api WARNING->OK: OK: p95 latency of mes-api above 2 s for 5 minutes',
    ]);
  });
});
