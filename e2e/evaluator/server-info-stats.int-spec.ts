import type { Point } from '@vigil/core';
import { createKafka, kafkaClusterId } from '@vigil/kafka';
import { createLogger } from '@vigil/observability';
import { kafkaBrokers, waitFor } from '@vigil/testing';
import { EvaluatorCluster } from './support/evaluator-cluster';

/**
 * Issues 14 and 12 in the distributed mode: alert templates see one ClusterID (the Kafka
 * cluster's) on every evaluator and each evaluator's own ServerID, and ingest's task API shows the
 * node statistics summed over the evaluators that run the task.
 */
const SCRIPT = `stream
    |from()
        .measurement('cpu')
        .groupBy('host')
    |alert()
        .id('{{ .ServerInfo.ClusterID }}|{{ .ServerInfo.ServerID }}|{{ index .Tags "host" }}')
        .crit(lambda: "value" > 50)
        .post('http://localhost:9000/alerts')
`;

const HOSTS = 12;
const PER_HOST = 5;

function points(): Point[] {
  const all: Point[] = [];
  for (let i = 0; i < PER_HOST; i++) {
    for (let host = 0; host < HOSTS; host++) {
      all.push({ database: 'vigil', retentionPolicy: 'autogen', name: 'cpu', tags: { host: `h${host}` }, fields: { value: i === 0 ? 90 : 10 }, time: 1_700_000_000_000_000_000n + BigInt(i) * 10_000_000_000n });
    }
  }
  return all;
}

interface ShownTask {
  readonly stats: { readonly 'node-stats'?: Readonly<Record<string, Readonly<Record<string, number>>>> };
  readonly dot: string;
}

describe('cluster and server ids and task statistics on two evaluators', () => {
  const cluster = new EvaluatorCluster({ tasks: {}, partitionKeys: 'cpu=host', pointsPartitions: 4 });
  afterAll(() => cluster.tearDown());

  it('renders one ClusterID and two ServerIDs in alert ids, and ingest sums both evaluators statistics', async () => {
    await cluster.setUp();
    const ingest = await cluster.startIngest();
    await cluster.startEvaluator();
    await cluster.startEvaluator();
    const defined = await fetch(`${ingest.url}/kapacitor/v1/tasks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'hot', type: 'stream', dbrps: [{ db: 'vigil', rp: 'autogen' }], script: SCRIPT, status: 'enabled' }),
    });
    expect(defined.status).toBe(200);
    await cluster.waitUntilTasksApplied();
    await cluster.produce(points(), { perRecord: 2, chunk: 30 });
    await cluster.waitUntilEvaluated();

    const ids = (await cluster.readAlerts()).filter((record) => record.task === 'hot').map((record) => (JSON.parse(record.value) as { id: string }).id.split('|'));
    // Each host's first point is over 50 and the next ones are not: a CRITICAL and an OK per host.
    expect(ids).toHaveLength(HOSTS * 2);
    const kafka = createKafka({ brokers: kafkaBrokers(), clientId: 'server-info-stats-e2e', logger: createLogger({ service: 'e2e', level: 'warn' }) });
    expect(new Set(ids.map(([clusterId]) => clusterId))).toEqual(new Set([await kafkaClusterId(kafka)]));
    expect(new Set(ids.map(([, serverId]) => serverId)).size).toBe(2);

    const shown = await waitFor(
      async () => {
        const task = (await (await fetch(`${ingest.url}/kapacitor/v1/tasks/hot`)).json()) as ShownTask;
        return task.stats['node-stats']?.['stream0']?.['collected'] === HOSTS * PER_HOST ? task : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 500, what: 'the summed statistics of both evaluators' },
    );
    // Each evaluator's alert node holds the hosts of its own partitions: summed, every host once.
    expect(shown.stats['node-stats']?.['alert2']).toMatchObject({ collected: HOSTS * PER_HOST, alerts_triggered: HOSTS * 2, crits_triggered: HOSTS, oks_triggered: HOSTS, errors: 0, working_cardinality: HOSTS });
    expect(shown.stats['node-stats']?.['from1']).toMatchObject({ working_cardinality: 0 });
    expect(shown.dot).toMatch(new RegExp(`^alert2 \\[.* working_cardinality="${HOSTS}" \\];$`, 'm'));
    expect(shown.dot).toContain(`stream0 -> from1 [processed="${HOSTS * PER_HOST}"];`);
  });
});
