import { rmSync } from 'node:fs';
import { buildApp } from '@vigil/testing';
import { TestBroker } from '../../notifier/support/test-broker';
import { runKapacitor, type CliRun } from '../../standalone/support/kapacitor-cli';
import type { EvaluatorCluster } from './evaluator-cluster';

/** Builds the three apps of the distributed mode; run in beforeAll so a cold build does not count against a test's time. */
export function buildDistributedApps(): void {
  for (const app of ['ingest', 'evaluator', 'notifier']) buildApp(app);
}

/** A running distributed mode (ingest, evaluator, notifier) driven by the real `kapacitor` CLI. */
export interface KapacitorCliDeployment<Alert> {
  readonly ingest: { readonly url: string };
  /** Where tasks' `.post()` and topic handlers deliver. */
  readonly broker: TestBroker;
  /** Runs the CLI against the ingest, in the deployment's directory. */
  kapacitor(...args: string[]): CliRun;
  /** GET of ingest's `/kapacitor/v1/<path>`, parsed as JSON. */
  api<T>(path: string): Promise<T>;
  /** Bodies the broker received so far, parsed as JSON, in the order received. */
  alerts(): Alert[];
}

/**
 * Starts a broker and the cluster's ingest, evaluator and notifier for a CLI run in `dir`.
 * `close` undoes whatever was started, even if `start` failed part way, and removes `dir`.
 */
export function kapacitorCliDeployment<Alert = unknown>(dir: string): { start(cluster: EvaluatorCluster, binary: string): Promise<KapacitorCliDeployment<Alert>>; close(): Promise<void> } {
  let broker: TestBroker | undefined;
  let started: EvaluatorCluster | undefined;
  return {
    async start(cluster, binary) {
      started = cluster;
      const own = await TestBroker.start();
      broker = own;
      await cluster.setUp();
      const ingest = await cluster.startIngest();
      await cluster.startEvaluator();
      await cluster.startNotifier();
      return {
        ingest,
        broker: own,
        kapacitor: (...args) => runKapacitor(binary, ingest.url, args, dir),
        api: async <T>(path: string): Promise<T> => (await (await fetch(`${ingest.url}/kapacitor/v1/${path}`)).json()) as T,
        alerts: () => own.received().map((delivery) => JSON.parse(delivery.body) as Alert),
      };
    },
    async close() {
      await broker?.close();
      await started?.tearDown();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
