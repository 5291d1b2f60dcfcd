import { EvaluatorCluster } from '../evaluator/support/evaluator-cluster';
import { PROVIDER_KEYS, providerHealthTickPostingTo } from '../evaluator/support/provider-points';
import { SEED_LINES } from '../evaluator/support/seed-scenario';
import { NotifierDeployment } from './support/notifier-deployment';
import { TestBroker } from './support/test-broker';

/** A task whose lambda reads a field no point has: every point is a runtime evaluation error. */
const BROKEN_TICK = `dbrp "vigil"."autogen"

stream
    |from()
        .measurement('performance_influx')
    |eval(lambda: "absent" * 2.0)
        .as('doubled')
`;

/** The sum of the samples of `name` whose labels include every pair of `labels`; undefined when none has. */
function sample(text: string, name: string, labels: Readonly<Record<string, string>>): number | undefined {
  let sum: number | undefined;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const body = line.slice(name.length + 1, line.lastIndexOf('}'));
    if (Object.entries(labels).every(([key, value]) => body.includes(`${key}="${value}"`))) sum = (sum ?? 0) + Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

/**
 * Issue 14, signals through the running services: the seed points (timestamped in May 2023) go
 * through ingest, the evaluator and the notifier. The evaluator counts a task's runtime errors per
 * node and its events per level; the notifier measures delivery latency from the moment ingest
 * accepted the points, not from their time, which is kept apart as the event's age.
 */
describe('signals from /write to an HTTP broker', () => {
  let broker: TestBroker;
  let cluster: EvaluatorCluster;
  let notifiers: NotifierDeployment;

  beforeAll(async () => {
    broker = await TestBroker.start();
    cluster = new EvaluatorCluster({
      tasks: { provider_health: providerHealthTickPostingTo(broker.url('/alerts')), broken: BROKEN_TICK },
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

  it('counts evaluation errors and events per task, and measures the latency of years-old points from their acceptance', async () => {
    const [ingest, evaluator, notifier] = await Promise.all([cluster.startIngest(), cluster.startEvaluator(), notifiers.startNotifier()]);
    const response = await fetch(`${ingest.url}/write?db=vigil&rp=autogen`, { method: 'POST', body: SEED_LINES });
    expect(response.status).toBe(204);
    await cluster.waitUntilEvaluated();
    await notifiers.waitUntilCommitted();
    expect(broker.received()).toHaveLength(5);

    const evaluated = await cluster.metrics(evaluator);
    const points = SEED_LINES.trim().split('\n').length;
    expect(sample(evaluated, 'vigil_evaluation_errors_total', { task: 'broken', node: 'eval2' })).toBe(points);
    expect(sample(evaluated, 'vigil_evaluation_errors_total', { task: 'provider_health' })).toBeUndefined();
    expect(sample(evaluated, 'vigil_evaluation_events_total', { task: 'provider_health' })).toBe(5);
    expect(sample(evaluated, 'vigil_evaluation_events_total', { task: 'provider_health', level: 'CRITICAL' })).toBeGreaterThanOrEqual(1);
    expect(sample(evaluated, 'vigil_evaluation_delay_seconds_count', { task: 'provider_health' })).toBeGreaterThan(0);
    expect(evaluated).toMatch(/^vigil_build_info\{.*version="0\.1\.0".*\} 1$/m);

    const delivered = await notifiers.metrics(notifier);
    const year = 365 * 86_400;
    expect(sample(delivered, 'vigil_notifier_delivery_latency_seconds_count', { handler: 'post' })).toBe(5);
    // Accepted moments ago: minutes at the very most on a loaded machine, never the points' age.
    expect(sample(delivered, 'vigil_notifier_delivery_latency_seconds_sum', { handler: 'post' })).toBeLessThan(5 * 600);
    expect(sample(delivered, 'vigil_notifier_event_age_at_delivery_seconds_sum', { handler: 'post' })).toBeGreaterThan(5 * 2 * year);
  });
});
