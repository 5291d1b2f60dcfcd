import { EvaluatorCluster } from '../evaluator/support/evaluator-cluster';
import { PROVIDER_HEALTH_TICK, PROVIDER_KEYS } from '../evaluator/support/provider-points';
import { NotifierDeployment } from './support/notifier-deployment';
import { TestBroker } from './support/test-broker';

/** The seed scenario's points (seeds/000), as e2e/evaluator/seed-end-to-end.int-spec.ts writes them. */
const SEED_LINES = `performance_influx,nome_recurso=p1,nome_provedor=pa latencia=180,sucesso=1i 1684713065000000000
performance_influx,nome_recurso=p1,nome_provedor=pb latencia=95,sucesso=1i 1684713065500000000
performance_influx,nome_recurso=p1,nome_provedor=pa latencia=251,sucesso=0i 1684713068500000000
performance_influx,nome_recurso=p1,nome_provedor=pb latencia=300,sucesso=0i 1684713069000000000
performance_influx,nome_recurso=p1,nome_provedor=pa latencia=251,sucesso=0i 1684713070038000000
performance_influx,nome_recurso=p1,nome_provedor=pa latencia=251,sucesso=0i 1684713071000000000
performance_influx,nome_recurso=p1,nome_provedor=pb latencia=90,sucesso=1i 1684713071500000000
performance_influx,nome_recurso=p1,nome_provedor=pa latencia=251,sucesso=1i 1684713072352000000
`;

/** The two payloads Kapacitor 1.6.6 posted to the seed's FakeBroker, as Go's encoder writes them. */
const SEED_CRITICAL =
  '{"id":"status_provedor_p1pa","message":"status_provedor_p1pa is CRITICAL","details":"The past 2 requests for \\"nome_recurso\\": p1 and \\"nome_provedor\\": pa were considered to change to this level alert.","time":"2023-05-21T23:51:10.038Z","duration":0,"level":"CRITICAL","data":{"series":[{"name":"performance_influx","tags":{"nome_provedor":"pa","nome_recurso":"p1"},"columns":["time","consecutive_error","latencia","sucesso"],"values":[["2023-05-21T23:51:10.038Z",2,251,0]]}]},"previousLevel":"INFO","recoverable":false}';
const SEED_INFO =
  '{"id":"status_provedor_p1pa","message":"status_provedor_p1pa is INFO","details":"The past -1 requests for \\"nome_recurso\\": p1 and \\"nome_provedor\\": pa were considered to change to this level alert.","time":"2023-05-21T23:51:12.352Z","duration":2314000000,"level":"INFO","data":{"series":[{"name":"performance_influx","tags":{"nome_provedor":"pa","nome_recurso":"p1"},"columns":["time","consecutive_error","latencia","sucesso"],"values":[["2023-05-21T23:51:12.352Z",-1,251,1]]}]},"previousLevel":"CRITICAL","recoverable":false}';

/**
 * Issue 5, test 1: the seed scenario end to end. Line protocol POSTed to ingest's `/write`, the
 * evaluator runs the seed task with its `.post()` pointed at a local broker, and the notifier
 * delivers: the broker receives what Kapacitor posted, byte for byte (the JSON plus the newline
 * Go's json.Encoder writes), as application/json, in order per alert id.
 */
describe('seed scenario from /write to an HTTP broker', () => {
  let broker: TestBroker;
  let cluster: EvaluatorCluster;
  let notifiers: NotifierDeployment;

  beforeAll(async () => {
    broker = await TestBroker.start();
    cluster = new EvaluatorCluster({
      tasks: { provider_health: PROVIDER_HEALTH_TICK.replace("'http://localhost:9000/alerts'", `'${broker.url('/alerts')}'`) },
      partitionKeys: PROVIDER_KEYS,
      pointsPartitions: 3,
    });
    notifiers = new NotifierDeployment({ alertsTopic: cluster.alertsTopic });
    await cluster.setUp();
    await notifiers.setUp();
  });

  afterAll(async () => {
    await notifiers?.tearDown();
    await cluster?.tearDown();
    await broker?.close();
  });

  it('posts the seed payloads to the broker byte for byte, once each, in order', async () => {
    expect(PROVIDER_HEALTH_TICK).toContain("'http://localhost:9000/alerts'");
    const [ingest] = await Promise.all([cluster.startIngest(), cluster.startEvaluator(), notifiers.startNotifier()]);
    const response = await fetch(`${ingest.url}/write?db=vigil&rp=autogen`, { method: 'POST', body: SEED_LINES });
    expect(response.status).toBe(204);
    await cluster.waitUntilEvaluated();
    await notifiers.waitUntilCommitted();

    const alerts = await cluster.readAlerts();
    expect(alerts).toHaveLength(5);
    const received = broker.received();
    expect(received.map((post) => post.path)).toEqual(Array(5).fill('/alerts'));
    expect(received.every((post) => post.contentType === 'application/json')).toBe(true);
    const bodiesOf = (id: string) => received.map((post) => post.body).filter((body) => body.startsWith(`{"id":"${id}"`));
    // Every alerts-topic event once, in topic order per alert id, as the JSON plus a newline.
    for (const id of ['status_provedor_p1pa', 'status_provedor_p1pb']) {
      expect(bodiesOf(id)).toEqual(alerts.filter((record) => record.key === id).map((record) => `${record.value}\n`));
    }
    const pa = bodiesOf('status_provedor_p1pa');
    expect(pa.slice(1)).toEqual([`${SEED_CRITICAL}\n`, `${SEED_INFO}\n`]);
    expect(bodiesOf('status_provedor_p1pb')).toHaveLength(2);
  });
});
