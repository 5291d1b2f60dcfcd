import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProcess, waitFor, type RunningProcess } from '@vigil/testing';

/**
 * A redis-server of the test's own, without persistence (`--save ''`, no AOF, as `npm run infra`
 * runs the shared one), on a port below the ephemeral range. Unlike the shared server it may be
 * stopped and started again: it then comes back empty, as a Redis restart without persistence does,
 * or with the data of its last `snapshot()`, as a replica that missed the writes since does.
 */
export class OwnRedis {
  private process: RunningProcess | undefined;
  private readonly dir = mkdtempSync(join(tmpdir(), 'vigil-own-redis-'));

  private constructor(readonly port: number) {}

  /** Picks a free port in 20000..31999 (the shared servers and the ephemeral range lie elsewhere). */
  static async create(): Promise<OwnRedis> {
    for (let attempt = 0; attempt < 50; attempt++) {
      const port = 20_000 + Math.floor(Math.random() * 12_000);
      if (await portFree(port)) return new OwnRedis(port);
    }
    throw new Error('no free port for an own redis-server in 20000..31999');
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const running = startProcess(
      'redis-server',
      ['--bind', '127.0.0.1', '--port', String(this.port), '--save', '', '--appendonly', 'no', '--dir', this.dir, '--daemonize', 'no'],
      { cwd: this.dir, env: { PATH: process.env['PATH'] } },
    );
    this.process = running;
    await waitFor(() => running.output().includes('Ready to accept connections') || running.child.exitCode !== null, { timeoutMs: 20_000, intervalMs: 50, what: `redis-server on ${this.port}` });
    if (running.child.exitCode !== null) throw new Error(`redis-server on ${this.port} exited:\n${running.output()}`);
  }

  /** Writes the data as it is now to dump.rdb, which the next start loads. */
  snapshot(): void {
    execFileSync('redis-cli', ['-h', '127.0.0.1', '-p', String(this.port), 'SAVE'], { stdio: 'pipe' });
  }

  /** SIGTERM, as a restart does; without persistence the data since the last snapshot is gone. */
  async stop(): Promise<void> {
    const running = this.process;
    this.process = undefined;
    if (!running || running.child.exitCode !== null) return;
    running.child.kill('SIGTERM');
    await running.exited;
  }

  async remove(): Promise<void> {
    this.process?.kill();
    await this.process?.exited.catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
