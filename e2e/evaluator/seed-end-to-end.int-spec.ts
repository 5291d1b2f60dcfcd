import { EvaluatorCluster } from './support/evaluator-cluster';
import { PROVIDER_HEALTH_TICK, PROVIDER_KEYS } from './support/provider-points';

/** The seed scenario's points (seeds/000, as in the tick-engine golden case), in nanoseconds. */
const SEED_LINES = `performance_influx,nome_recurso=p1,nome_provedor=pa latencia=180,sucesso=1i 1684713065000000000
performance_influx,nome_recurso=p1,nome_provedor=pb latencia=95,sucesso=1i 1684713065500000000
performance_influx,nome_recurso=p1,nome_provedor=pa latencia=251,sucesso=0i 1684713068500000000
performance_influx,nome_recurso=p1,nome_provedor=pb latencia=300,sucesso=0i 1684713069000000000
performance_influx,nome_recurso=p1,nome_provedor=pa latencia=251,sucesso=0i 1684713070038000000
performance_influx,nome_recurso=p1,nome_provedor=pa latencia=251,sucesso=0i 1684713071000000000
performance_influx,nome_recurso=p1,nome_provedor=pb latencia=90,sucesso=1i 1684713071500000000
performance_influx,nome_recurso=p1,nome_provedor=pa latencia=251,sucesso=1i 1684713072352000000
`;

/** The two payloads Kapacitor 1.6.6 posted in the seed PoC, as Go's encoder writes them (compact). */
const SEED_CRITICAL =
  '{"id":"status_provedor_p1pa","message":"status_provedor_p1pa is CRITICAL","details":"The past 2 requests for \\"nome_recurso\\": p1 and \\"nome_provedor\\": pa were considered to change to this level alert.","time":"2023-05-21T23:51:10.038Z","duration":0,"level":"CRITICAL","data":{"series":[{"name":"performance_influx","tags":{"nome_provedor":"pa","nome_recurso":"p1"},"columns":["time","consecutive_error","latencia","sucesso"],"values":[["2023-05-21T23:51:10.038Z",2,251,0]]}]},"previousLevel":"INFO","recoverable":false}';
const SEED_INFO =
  '{"id":"status_provedor_p1pa","message":"status_provedor_p1pa is INFO","details":"The past -1 requests for \\"nome_recurso\\": p1 and \\"nome_provedor\\": pa were considered to change to this level alert.","time":"2023-05-21T23:51:12.352Z","duration":2314000000,"level":"INFO","data":{"series":[{"name":"performance_influx","tags":{"nome_provedor":"pa","nome_recurso":"p1"},"columns":["time","consecutive_error","latencia","sucesso"],"values":[["2023-05-21T23:51:12.352Z",-1,251,1]]}]},"previousLevel":"CRITICAL","recoverable":false}';

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
