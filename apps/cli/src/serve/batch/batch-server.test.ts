import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { BatchSources } from '@vigil/evaluation';
import { accessFromSettings } from '@vigil/http-access';
import { createLogger } from '@vigil/observability';
import { withDataFolderAllowlists } from '../../commands/serve-folders';
import { startStandalone, type StandaloneServer } from '../standalone-server';
import { DataFolder } from '@vigil/standalone';
import { startInfluxd, type RunningInfluxd } from '@vigil/testing';

/**
 * What the batch int specs share: a `vigil serve` on loopback whose clock the test moves, a task
 * defined over the task API, and the events a `.log()` handler wrote. Named `.test.ts` so that
 * the library build leaves it out; only specs import it.
 */
export async function startBatchServer(options: { dir: string; sources: BatchSources; nowMs: () => number; logs?: string[] }): Promise<StandaloneServer> {
  const { logs } = options;
  const destination = logs
    ? new Writable({
        write(chunk: Buffer, _encoding, done) {
          logs.push(chunk.toString('utf8'));
          done();
        },
      })
    : undefined;
  const data = join(options.dir, 'data');
  return startStandalone({
    folder: await DataFolder.open(data),
    host: '127.0.0.1',
    port: 0,
    access: accessFromSettings({ server: 'test', host: '127.0.0.1', credentialsFile: undefined, insecure: false, metricsRequireCredentials: false, howToConfigure: { credentials: '', insecure: '' } }),
    tasks: [],
    handlerConfig: withDataFolderAllowlists({}, data),
    logger: createLogger({ service: 'standalone', level: logs ? 'debug' : 'error', ...(destination ? { destination } : {}) }),
    tuning: { tickIntervalMs: 20, retryDelayMs: 50 },
    nowMs: options.nowMs,
    batchSources: options.sources,
  });
}

/** Defines an enabled batch task over Kapacitor's task API; answers the HTTP status. */
export async function defineBatchTask(server: StandaloneServer, id: string, script: string): Promise<number> {
  const response = await fetch(`${server.url}/kapacitor/v1/tasks`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ id, type: 'batch', script, status: 'enabled' }),
  });
  return response.status;
}

/**
 * A `.log()` file below the data folder's logs/ (of startBatchServer's `<dir>/data` unless another
 * folder is given), where vigil serve lets tasks append without a log.allow list.
 */
export function servedLogFile(dir: string, name: string, data = 'data'): string {
  return join(dir, data, 'logs', name);
}

/** An event of a `.log()` file as Kapacitor's JSON writes it, with the data of its first series. */
export interface LoggedEvent {
  readonly id: string;
  readonly level: string;
  readonly time: string;
  readonly data: { readonly series: readonly { readonly columns: readonly string[]; readonly values: readonly (readonly unknown[])[] }[] };
}

/** The events a `.log()` handler wrote so far, in order (none before the file exists). */
export function loggedEvents(file: string): LoggedEvent[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as LoggedEvent);
}

/** The admin user of the InfluxDB that startCpuInfluxd starts with authentication on. */
export const INFLUX_ADMIN = { username: 'vigil-admin', password: 's3cret-Pa55' };

/**
 * A real InfluxDB with authentication, an admin user and a `telegraf` database holding host a's
 * cpu usage: 50, then 95 in the minute to 10:02 on 2024-03-01, 97 in the next, 10 in the one to
 * 10:04 (recovers), 99 after.
 */
export async function startCpuInfluxd(): Promise<RunningInfluxd> {
  const influxd = await startInfluxd({ auth: true });
  await influxd.statement(`CREATE USER "${INFLUX_ADMIN.username}" WITH PASSWORD '${INFLUX_ADMIN.password}' WITH ALL PRIVILEGES`);
  await influxd.statement('CREATE DATABASE telegraf', INFLUX_ADMIN);
  await influxd.write(
    'telegraf',
    [
      'cpu,host=a usage=50 1709287230000000000',
      'cpu,host=a usage=95 1709287290000000000',
      'cpu,host=a usage=97 1709287350000000000',
      'cpu,host=a usage=10 1709287410000000000',
      'cpu,host=a usage=99 1709287470000000000',
    ],
    INFLUX_ADMIN,
  );
  return influxd;
}
