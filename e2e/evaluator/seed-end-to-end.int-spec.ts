import { EvaluatorCluster } from './support/evaluator-cluster';
import { PROVIDER_HEALTH_TICK, PROVIDER_KEYS } from './support/provider-points';
import { SEED_CRITICAL, SEED_INFO, SEED_LINES } from './support/seed-scenario';

/**
 * Issue 4, test 1: the seed scenario end to end. Line protocol POSTed to ingest's InfluxDB `/write`
 * goes to the points topic; the evaluator runs the seed task and the alerts topic carries exactly
 * the Kapacitor payloads of seeds/000.
 */
describe('seed scenario from /write to the alerts topic', () => {
  const cluster = new EvaluatorCluster({ tasks: { provider_health: PROVIDER_HEALTH_TICK }, partitionKeys: PROVIDER_KEYS, pointsPartitions: 3 });

  beforeAll(() => cluster.setUp());
  afterAll(() => cluster.tearDown());

  it('posts the seed payloads byte for byte', async () => {
    const [ingest] = await Promise.all([cluster.startIngest(), cluster.startEvaluator()]);
    const response = await fetch(`${ingest.url}/write?db=vigil&rp=autogen`, { method: 'POST', body: SEED_LINES });
    expect(response.status).toBe(204);
    await cluster.waitUntilEvaluated();

    const alerts = await cluster.readAlerts();
    const pa = alerts.filter((record) => record.key === 'status_provedor_p1pa').map((record) => record.value);
    // Ingest and evaluator run once here, so no event repeats: the topic holds the oracle exactly.
    expect(pa.filter((value) => value.includes('"level":"CRITICAL"') || value.includes('"duration":2314000000'))).toEqual([SEED_CRITICAL, SEED_INFO]);
    expect(pa).toContain(SEED_CRITICAL);
    expect(pa.indexOf(SEED_INFO)).toBeGreaterThan(pa.indexOf(SEED_CRITICAL));
    expect(alerts.every((record) => record.task === 'provider_health' && /^[0-9a-f]{32}$/.test(record.eventId))).toBe(true);
    expect(alerts.map((record) => record.key).sort()).toEqual(['status_provedor_p1pa', 'status_provedor_p1pa', 'status_provedor_p1pa', 'status_provedor_p1pb', 'status_provedor_p1pb']);
  });
});
