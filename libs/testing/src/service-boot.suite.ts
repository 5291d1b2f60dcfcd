import { exitWithin, type RunningProcess } from './child-process';
import { integrationEnv } from './integration-env';
import { buildApp, freePort, httpGet, startApp } from './service-harness';
import { uniqueName } from './unique-name';
import { waitFor } from './wait-for';

export interface ServiceBootSuite {
  /** The folder under apps/, e.g. `ingest`. */
  readonly app: string;
  /** Extra variables for this app, e.g. its consumer group id, given a unique suffix. */
  readonly env?: (suffix: string) => Record<string, string>;
}

/**
 * The boot contract every service meets, run against the real Kafka and Redis: it becomes ready,
 * serves process metrics and JSON logs, exits 0 within 10 s of SIGTERM, and refuses a bad
 * setting at boot with exit code 1 and the variable's name. Call from a `*.int-spec.ts`.
 */
export function describeServiceBoot(suite: ServiceBootSuite): void {
  describe(`${suite.app} service boot`, () => {
    let running: RunningProcess | undefined;

    beforeAll(() => {
      buildApp(suite.app);
    });

    afterEach(() => {
      running?.kill();
      running = undefined;
    });

    it('becomes ready against Kafka and Redis, serves metrics, and exits 0 on SIGTERM', async () => {
      const suffix = uniqueName('boot');
      const port = await freePort();
      const service = startApp(suite.app, {
        ...integrationEnv(),
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
        KAFKA_CLIENT_ID: `vigil-${suite.app}-${suffix}`,
        POINTS_TOPIC: `vigil.test.points.${suffix}`,
        ALERTS_TOPIC: `vigil.test.alerts.${suffix}`,
        POINTS_PARTITIONS: '3',
        ALERTS_PARTITIONS: '2',
        ...suite.env?.(suffix),
      });
      running = service;
      const base = `http://127.0.0.1:${port}`;

      expect(await waitFor(async () => (await httpGet(`${base}/health/live`)).status === 200, { timeoutMs: 60_000, what: 'live' })).toBe(true);
      const ready = await waitFor(
        async () => {
          // A service that died while starting will never answer; stop waiting and show why.
          if (service.child.exitCode !== null || service.child.signalCode !== null) {
            return { status: -1, body: '', contentType: '' };
          }
          const response = await httpGet(`${base}/health/ready`);
          return response.status === 200 ? response : undefined;
        },
        { timeoutMs: 90_000, intervalMs: 250, what: `${suite.app} /health/ready 200` },
      ).catch((error: Error) => {
        throw new Error(`${error.message}\n--- ${suite.app} output ---\n${service.output()}`);
      });
      if (ready.status !== 200) throw new Error(`${suite.app} exited while starting:\n${service.output()}`);
      expect(JSON.parse(ready.body)).toMatchObject({ ready: true });

      const metrics = await httpGet(`${base}/metrics`);
      expect(metrics.status).toBe(200);
      expect(metrics.contentType).toMatch(/^text\/plain/);
      expect(metrics.body).toMatch(/^process_cpu_user_seconds_total\{service="[a-z]+"\} [\d.e+-]+$/m);

      service.child.kill('SIGTERM');
      const outcome = await exitWithin(service, 10_000);
      expect({ outcome, output: outcome === 0 ? '' : service.output() }).toEqual({ outcome: 0, output: '' });

      // Every line the service printed is one JSON object with the fixed keys (Node's own
      // warnings included: the services route them through the logger).
      const lines = service.output().split('\n').filter((line) => line.trim().length > 0);
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) {
        expect(JSON.parse(line)).toMatchObject({ level: expect.any(String), time: expect.any(String), service: suite.app });
      }
      expect(lines.some((line) => line.includes('"msg":"stopped"'))).toBe(true);
    });

    it('refuses PORT=abc at boot with exit code 1, naming PORT', async () => {
      const service = startApp(suite.app, { ...integrationEnv(), PORT: 'abc' });
      running = service;
      expect(await exitWithin(service, 30_000)).toBe(1);
      expect(service.output()).toMatch(/^\s+PORT: expected a port number \(1-65535\), got "abc"$/m);
      expect(service.output()).toContain(`${suite.app}: invalid configuration`);
    });
  });
}
