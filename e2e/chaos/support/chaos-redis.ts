import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { restartablePort, startProcess, waitFor, type RunningProcess } from '@vigil/testing';

/** Whether a restarted server keeps its data: an append-only file (as `npm run infra` runs Redis) or nothing. */
export type RedisPersistence = 'aof' | 'none';

/**
 * A redis-server a chaos scenario owns and restarts, so the shared one is never disturbed. With
 * `aof` it runs as `npm run infra` runs the shared server (appendonly, fsync every second) and a
 * restart keeps what it held; with `none` it comes back empty. Unlike e2e/evaluator's OwnRedis
 * (always without persistence, restarted by snapshots) it takes the persistence as a choice.
 */
export class ChaosRedis {
  private process: RunningProcess | undefined;
  private readonly dir = mkdtempSync(join(tmpdir(), 'vigil-chaos-redis-'));

  private constructor(
    readonly port: number,
    readonly persistence: RedisPersistence,
  ) {}

  static async create(persistence: RedisPersistence): Promise<ChaosRedis> {
    return new ChaosRedis(await restartablePort(), persistence);
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const persistence = this.persistence === 'aof' ? ['--appendonly', 'yes', '--appendfsync', 'everysec'] : ['--appendonly', 'no'];
    const running = startProcess('redis-server', ['--bind', '127.0.0.1', '--port', String(this.port), '--save', '', ...persistence, '--dir', this.dir, '--daemonize', 'no'], {
      cwd: this.dir,
      env: { PATH: process.env['PATH'] },
    });
    this.process = running;
    await waitFor(() => running.output().includes('Ready to accept connections') || running.child.exitCode !== null, { timeoutMs: 20_000, intervalMs: 50, what: `redis-server on ${this.port}` });
    if (running.child.exitCode !== null) throw new Error(`redis-server on ${this.port} exited:\n${running.output()}`);
  }

  /** SIGTERM and start again, as an operator's restart does. */
  async restart(downMs: number): Promise<void> {
    const running = this.process;
    if (running && running.child.exitCode === null) {
      running.child.kill('SIGTERM');
      await running.exited;
    }
    await new Promise((resolve) => setTimeout(resolve, downMs));
    await this.start();
  }

  async remove(): Promise<void> {
    this.process?.kill();
    await this.process?.exited.catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
