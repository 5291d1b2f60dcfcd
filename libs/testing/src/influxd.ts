import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Debian's InfluxDB 1.x server (package influxdb); batch task tests skip without it. */
export const INFLUXD = '/usr/bin/influxd';
export const HAVE_INFLUXD = existsSync(INFLUXD);

/** A real InfluxDB 1.x on a port below 32768, with a scratch data folder removed on stop. */
export interface RunningInfluxd {
  readonly url: string;
  /** POSTs a form-encoded InfluxQL statement (CREATE DATABASE, CREATE USER, ...). */
  statement(query: string, auth?: { username: string; password: string }): Promise<void>;
  /** Writes line protocol to a database (ns precision). */
  write(database: string, lines: readonly string[], auth?: { username: string; password: string }): Promise<void>;
  stop(): void;
}

/**
 * Starts influxd with its HTTP port random in [20000, 30000) and waits for `/ping`. `auth`
 * turns InfluxDB's authentication on (the first user must then be created as an admin).
 */
export async function startInfluxd(options: { auth?: boolean } = {}): Promise<RunningInfluxd> {
  // A port taken by another process (another test's influxd on this machine) makes ours exit while
  // the other one answers /ping: try other ports rather than talk to a stranger.
  for (let attempt = 1; ; attempt++) {
    const started = await startInfluxdOnce(options);
    if (started !== undefined) return started;
    if (attempt >= 5) throw new Error('influxd exited at start on 5 random ports (each taken by another process?)');
  }
}

async function startInfluxdOnce(options: { auth?: boolean }): Promise<RunningInfluxd | undefined> {
  const folder = mkdtempSync(join(tmpdir(), 'vigil-influxd-'));
  const httpPort = 20_000 + Math.floor(Math.random() * 10_000);
  const url = `http://127.0.0.1:${httpPort}`;
  writeFileSync(
    join(folder, 'influxdb.conf'),
    [
      'reporting-disabled = true',
      `bind-address = "127.0.0.1:${httpPort + 1}"`,
      `[meta]\n  dir = "${folder}/meta"`,
      `[data]\n  dir = "${folder}/data"\n  wal-dir = "${folder}/wal"\n  query-log-enabled = false`,
      `[http]\n  bind-address = "127.0.0.1:${httpPort}"\n  log-enabled = false\n  auth-enabled = ${options.auth === true}`,
    ].join('\n'),
  );
  const influxd: ChildProcess = spawn(INFLUXD, ['-config', join(folder, 'influxdb.conf')], { stdio: 'ignore' });
  const stop = () => {
    influxd.kill('SIGTERM');
    rmSync(folder, { recursive: true, force: true });
  };
  const exited = (): boolean => influxd.exitCode !== null || influxd.signalCode !== null;
  for (let attempt = 0; ; attempt++) {
    if (exited()) {
      stop();
      return undefined;
    }
    const ok = await fetch(`${url}/ping`).then((response) => response.status === 204, () => false);
    if (ok) {
      // influxd exits at once when a port is taken: still running a moment after the ping, it is ours.
      await sleep(300);
      if (!exited()) break;
      stop();
      return undefined;
    }
    if (attempt > 150) {
      stop();
      throw new Error(`influxd did not answer on ${url}`);
    }
    await sleep(100);
  }
  const post = async (path: string, body: string, auth?: { username: string; password: string }) => {
    const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' };
    if (auth) headers['Authorization'] = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
    const response = await fetch(`${url}${path}`, { method: 'POST', body, headers });
    const text = await response.text();
    if (response.status >= 300) throw new Error(`influxd ${path}: ${response.status} ${text}`);
    // InfluxQL answers a failed statement with 200 and the error inside its results.
    const failed = path === '/query' ? (JSON.parse(text) as { results?: { error?: string }[] }).results?.find((result) => result.error !== undefined) : undefined;
    if (failed) throw new Error(`influxd ${path}: ${failed.error}`);
  };
  return {
    url,
    statement: (query, auth) => post('/query', new URLSearchParams({ q: query }).toString(), auth),
    write: (database, lines, auth) => post(`/write?db=${encodeURIComponent(database)}`, lines.join('\n'), auth),
    stop,
  };
}
