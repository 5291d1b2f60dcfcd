import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Point } from '@vigil/core';
import { declareUdfFunctions, type UdfFunctions } from '@vigil/tick-engine';
import { waitFor } from '@vigil/testing';
import { kapacitorAgentsOrWarn } from '../standalone/support/udf-agents';
import { uniqueEventsByAlertId } from './support/alert-oracle';
import { EvaluatorCluster } from './support/evaluator-cluster';

const agents = kapacitorAgentsOrWarn();
const AVERAGE_TICK = `dbrp "vigil"."autogen"
stream
  |from().measurement('cpu').groupBy('host')
  @movingAverage().field('usage').size(3).as('avg')
  |alert().id('{{ index .Tags "host" }}').crit(lambda: TRUE).message('{{ index .Fields "avg" }}').post('http://localhost:9000/alerts')
`;

/** Recent times: Kafka's retention would drop records stamped in 1970 at once. */
const START = BigInt(Math.floor(Date.now() / 1000));

function cpu(host: string, usage: number, second: number): Point {
  return { database: 'vigil', retentionPolicy: 'autogen', name: 'cpu', tags: { host }, fields: { usage }, time: (START + BigInt(second)) * 1_000_000_000n };
}

/**
 * Kapacitor's real moving_avg agent behind a task of the distributed evaluator (UDF_CONFIG_FILE):
 * the averages reach the alerts topic, and a new evaluator process, restored from the Redis
 * checkpoint, goes on with the agent's window.
 */
describe.skipIf('unavailable' in agents)(`a UDF in the evaluator${'unavailable' in agents ? ` (skipped: ${agents.unavailable})` : ''}`, () => {
  const functions: UdfFunctions = 'unavailable' in agents ? {} : { movingAverage: { kind: 'process', prog: agents.movingAverage, args: [], env: {}, timeoutMs: 10_000 } };
  let cluster: EvaluatorCluster;

  beforeAll(async () => {
    if ('unavailable' in agents) return;
    const config = join(mkdtempSync(join(tmpdir(), 'vigil-e2e-udf-')), 'udf.json');
    writeFileSync(config, JSON.stringify({ functions: { movingAverage: { prog: agents.movingAverage, timeout: '10s' } } }));
    // The cluster compiles the tasks in this process too (to create their topics).
    await declareUdfFunctions(functions);
    cluster = new EvaluatorCluster({ tasks: { avg: AVERAGE_TICK }, partitionKeys: 'cpu=host', pointsPartitions: 2, evaluatorEnv: { UDF_CONFIG_FILE: config, LOG_LEVEL: 'info' } });
    await cluster.setUp();
  });
  afterAll(() => cluster?.tearDown());

  it('averages through the agent, and a restarted evaluator goes on with the window', async () => {
    await cluster.produce([cpu('a', 1, 1), cpu('b', 10, 2), cpu('a', 2, 3)], { perRecord: 1 });
    const first = await cluster.startEvaluator();
    await cluster.waitUntilEvaluated();
    first.process.child.kill('SIGTERM');
    await first.process.exited;

    await cluster.produce([cpu('a', 6, 4), cpu('b', 20, 5), cpu('a', 10, 6)], { perRecord: 1 });
    const second = await cluster.startEvaluator();
    await cluster.waitUntilEvaluated();
    // From the checkpoint, not a rebuild from the log: the window comes from the agent's snapshot.
    expect(second.process.output()).toContain('partition restored from its checkpoint');
    expect(second.process.output()).not.toContain('rebuil');
    const { byAlertId } = uniqueEventsByAlertId(await cluster.readAlerts(), 'avg');
    const messages = new Map([...byAlertId].map(([id, events]) => [id, events.map((event) => (JSON.parse(event) as { message: string }).message)]));
    // a: 1, (1+2)/2, then (1+2+6)/3 and (2+6+10)/3 only with the window restored; b: 10, (10+20)/2.
    expect(messages).toEqual(
      new Map([
        ['a', ['1', '1.5', '3', '6']],
        ['b', ['10', '15']],
      ]),
    );
  });
});

/**
 * The same function through ingest's task API (`kapacitor define`), with no TASKS_DIR: ingest
 * starts no agent, and knows the function only once an evaluator declaring it (UDF_CONFIG_FILE)
 * has published its signature to Redis; before that the task is refused, naming the function.
 */
describe.skipIf('unavailable' in agents)(`a UDF task defined through ingest${'unavailable' in agents ? ` (skipped: ${agents.unavailable})` : ''}`, () => {
  let cluster: EvaluatorCluster;

  afterAll(() => cluster?.tearDown());

  it("is refused while no evaluator declares the function, accepted once one does, and runs through the agent", async () => {
    if ('unavailable' in agents) return;
    const config = join(mkdtempSync(join(tmpdir(), 'vigil-e2e-udf-api-')), 'udf.json');
    writeFileSync(config, JSON.stringify({ functions: { movingAverage: { prog: agents.movingAverage, timeout: '10s' } } }));
    cluster = new EvaluatorCluster({ tasks: {}, partitionKeys: 'cpu=host', pointsPartitions: 2, evaluatorEnv: { UDF_CONFIG_FILE: config, EVALUATOR_STATS_INTERVAL_MS: '300' } });
    await cluster.setUp();
    const ingest = await cluster.startIngest();
    const define = async () => {
      const response = await fetch(`${ingest.url}/kapacitor/v1/tasks`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ id: 'avg', type: 'stream', script: AVERAGE_TICK, status: 'enabled' }) });
      return { status: response.status, body: (await response.json()) as { error?: string } };
    };

    const refused = await define();
    expect(refused.status).toBe(400);
    expect(refused.body.error).toBe(
      "task avg: 4:4: no user-defined function movingAverage is declared (none is declared); functions are declared in vigil's UDF configuration (vigil serve --udf-config, the evaluators' UDF_CONFIG_FILE), not by a task",
    );

    await cluster.startEvaluator();
    // The evaluator publishes its functions once it runs; a refused define writes nothing, so it may be tried again.
    await waitFor(async () => (await define()).status === 200, { timeoutMs: 30_000, what: 'ingest to accept the task once the evaluator published movingAverage' });
    await cluster.waitUntilTasksApplied();

    await cluster.produce([cpu('a', 1, 1), cpu('b', 10, 2), cpu('a', 2, 3), cpu('a', 6, 4)], { perRecord: 1 });
    await cluster.waitUntilEvaluated();
    const { byAlertId } = uniqueEventsByAlertId(await cluster.readAlerts(), 'avg');
    const messages = new Map([...byAlertId].map(([id, events]) => [id, events.map((event) => (JSON.parse(event) as { message: string }).message)]));
    expect(messages).toEqual(
      new Map([
        ['a', ['1', '1.5', '3']],
        ['b', ['10']],
      ]),
    );
  });
});
