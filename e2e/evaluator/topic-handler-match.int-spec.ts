import { EvaluatorCluster } from './support/evaluator-cluster';
import { TestBroker } from '../notifier/support/test-broker';
import { buildApp, waitFor } from '@vigil/testing';

/** CRITICAL when `usage` is above 90, published on topic ops only; no stateChangesOnly, so a streak repeats its event. */
const CPU_TICK = ['stream', '    |from()', "        .measurement('cpu')", "        .groupBy('host')", '    |alert()', '        .crit(lambda: "usage" > 90)', "        .topic('ops')", ''].join('\n');

/** Host a's points: CRITICAL, CRITICAL, CRITICAL, OK, CRITICAL (changed: yes, no, no, yes, yes). */
const POINTS = [95, 96, 97, 50, 98].map((usage, i) => `cpu,host=a usage=${usage} ${1_700_000_000 + i}000000000`).join('\n');

/**
 * Topic handlers' `match` in the distributed mode, end to end over real Kafka and Redis: handlers
 * defined through ingest's Kapacitor API, the task's events on the alerts topic, and a real
 * notifier posting to a local HTTP broker, one path per handler. A handler without match gets
 * every event of the topic; `changed() == TRUE` only the level changes; a level-and-tag match only
 * what it names; a match reading a tag the events lack gets none (Kapacitor skips the handler).
 */
describe('topic handlers with match, delivered by the notifier', () => {
  const cluster = new EvaluatorCluster({ tasks: {}, partitionKeys: 'cpu=host', pointsPartitions: 2 });
  let broker: TestBroker | undefined;
  // Built before the test, so a cold build on a loaded machine does not count against its time.
  beforeAll(() => {
    for (const app of ['ingest', 'evaluator', 'notifier']) buildApp(app);
  }, 600_000);
  afterAll(async () => {
    await cluster.tearDown();
    await broker?.close();
  });

  it('delivers each event to the handlers whose match takes it', async () => {
    broker = await TestBroker.start();
    await cluster.setUp();
    const [ingest] = await Promise.all([cluster.startIngest(), cluster.startEvaluator(), cluster.startNotifier()]);
    const post = (path: string, body: unknown): Promise<Response> => fetch(`${ingest.url}/kapacitor/v1/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

    const handlers: Record<string, string> = { all: '', changes: 'changed() == TRUE', severe_a: 'level() >= WARNING AND "host" == \'a\'', in_dc: '"dc" == \'x\'' };
    for (const [id, match] of Object.entries(handlers)) {
      const defined = await post('alerts/topics/ops/handlers', { id, kind: 'post', options: { url: broker.url(`/${id}`) }, match });
      expect(defined.status).toBe(200);
      expect(((await defined.json()) as { match: string }).match).toBe(match);
    }
    const refused = await post('alerts/topics/ops/handlers', { id: 'bad', kind: 'post', options: { url: broker.url('/bad') }, match: 'level() > BOGUS' });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({ error: 'failed to create handler: invalid match expression: unknown identifier "BOGUS"' });

    const task = await post('tasks', { id: 'cpu_high', type: 'stream', dbrps: [{ db: 'vigil', rp: 'autogen' }], script: CPU_TICK, status: 'enabled' });
    expect(task.status).toBe(200);
    await cluster.waitUntilTasksApplied();
    expect((await fetch(`${ingest.url}/write?db=vigil&rp=autogen`, { method: 'POST', body: POINTS })).status).toBe(204);

    // Events of one alert id reach a handler in topic order, so once each handler has the last
    // event (CRITICAL again) it has had every earlier one it was given.
    const levels = (id: string): string[] => (broker?.received() ?? []).filter((delivery) => delivery.path === `/${id}`).map((delivery) => (JSON.parse(delivery.body) as { level: string }).level);
    await waitFor(() => levels('all').length >= 5 && levels('changes').length >= 3 && levels('severe_a').length >= 4, { timeoutMs: 90_000, what: 'the deliveries of every matching handler' });
    expect(levels('all')).toEqual(['CRITICAL', 'CRITICAL', 'CRITICAL', 'OK', 'CRITICAL']);
    expect(levels('changes')).toEqual(['CRITICAL', 'OK', 'CRITICAL']);
    expect(levels('severe_a')).toEqual(['CRITICAL', 'CRITICAL', 'CRITICAL', 'CRITICAL']);
    expect(levels('in_dc')).toEqual([]);
    expect(broker.received()).toHaveLength(12);
  });
});
