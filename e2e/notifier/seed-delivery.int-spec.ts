import { EvaluatorCluster } from '../evaluator/support/evaluator-cluster';
import { PROVIDER_HEALTH_TICK, PROVIDER_KEYS, providerHealthTickPostingTo } from '../evaluator/support/provider-points';
import { SEED_CRITICAL, SEED_INFO, SEED_LINES } from '../evaluator/support/seed-scenario';
import { NotifierDeployment } from './support/notifier-deployment';
import { TestBroker } from './support/test-broker';

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
      tasks: { provider_health: providerHealthTickPostingTo(broker.url('/alerts')) },
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
