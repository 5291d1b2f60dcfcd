import { NotifierDeployment } from '../notifier/support/notifier-deployment';
import { waitFor } from '@vigil/testing';
import { EvaluatorCluster } from './support/evaluator-cluster';

/**
 * Issue 12: `kapacitor level` (POST /kapacitor/v1/loglevel) through one ingest sets the live log
 * level of every service of the deployment (ingests, evaluators, notifiers) over Redis
 * publish/subscribe on the real Redis, where it used to change only the ingest that answered.
 */
describe('kapacitor level in the distributed mode', () => {
  const cluster = new EvaluatorCluster({ tasks: {}, partitionKeys: 'cpu=host', pointsPartitions: 2 });
  const notifiers = new NotifierDeployment({ alertsTopic: cluster.alertsTopic });
  afterAll(async () => {
    await notifiers.tearDown();
    await cluster.tearDown();
  });

  /** The level changes a process logged, in order (its stdout is pino JSON). */
  const changes = (stdout: string): string[] =>
    stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { msg?: string; level?: unknown; was?: string })
      .filter((line) => line.msg === 'log level set by kapacitor level')
      .map((line) => `${line.was ?? '?'}->${String(line.level)}`);

  const level = (url: string, body: string): Promise<Response> => fetch(`${url}/kapacitor/v1/loglevel`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

  it('reaches every ingest, evaluator and notifier that runs, and refuses an unknown level without sending it', async () => {
    await cluster.setUp();
    await notifiers.setUp();
    const [first, second] = [await cluster.startIngest(), await cluster.startIngest()];
    const evaluator = await cluster.startEvaluator();
    const notifier = await notifiers.startNotifier({ LOG_LEVEL: 'warn' });
    const processes = { ingest1: first.process, ingest2: second.process, evaluator: evaluator.process, notifier: notifier.process };
    const seen = () => Object.fromEntries(Object.entries(processes).map(([name, process]) => [name, changes(process.stdout())]));

    expect((await level(first.url, '{"level":"DEBUG"}')).status).toBe(204);
    await waitFor(() => Object.values(seen()).every((list) => list.length === 1) || undefined, { timeoutMs: 15_000, intervalMs: 100, what: 'the debug level in every process' });
    // The info line says each change once, in the process it changed, the answering ingest too.
    expect(seen()).toEqual({ ingest1: ['warn->debug'], ingest2: ['warn->debug'], evaluator: ['warn->debug'], notifier: ['warn->debug'] });

    const refused = await level(second.url, '{"level":"verbose"}');
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({ error: 'invalid log level' });

    expect((await level(second.url, '{"level":"error"}')).status).toBe(204);
    await waitFor(() => Object.values(seen()).every((list) => list.length === 2) || undefined, { timeoutMs: 15_000, intervalMs: 100, what: 'the error level in every process' });
    expect(seen()).toEqual({ ingest1: ['warn->debug', 'debug->error'], ingest2: ['warn->debug', 'debug->error'], evaluator: ['warn->debug', 'debug->error'], notifier: ['warn->debug', 'debug->error'] });
  });
});
