import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '@vigil/testing';
import { OwnRedis } from './own-redis';

const SCRIPT = join(__dirname, '../../../tools/infra/redis-cluster/redis-cluster.sh');

/**
 * A Redis Cluster of the test's own, started by tools/infra/redis-cluster/redis-cluster.sh: three
 * masters, each with one replica, on ports 20000..31999 (the first free of a random base). A
 * master can be killed; its replica is then promoted (cluster-node-timeout 1 s).
 */
export class OwnRedisCluster {
  private readonly dir = mkdtempSync(join(tmpdir(), 'vigil-own-redis-cluster-'));
  private nodeList = '';

  private constructor(readonly firstPort: number) {}

  static async start(): Promise<OwnRedisCluster> {
    // OwnRedis picks a free port; the cluster takes it and the five above (and +100 for the bus).
    const cluster = new OwnRedisCluster(Math.min((await OwnRedis.create()).port, 31_600));
    cluster.nodeList = execFileSync('bash', [SCRIPT, 'up', cluster.dir, String(cluster.firstPort), '1'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
    return cluster;
  }

  /** REDIS_CLUSTER_NODES: every node as host:port,... */
  get nodes(): string {
    return this.nodeList;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.firstPort}`;
  }

  /** The ports of the nodes that are masters now, from CLUSTER NODES as a live node sees it. */
  masters(): number[] {
    const ports = this.nodeList.split(',').map((node) => Number(node.split(':')[1]));
    for (const port of ports) {
      try {
        const text = execFileSync('redis-cli', ['-p', String(port), 'cluster', 'nodes'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
        return text
          .split('\n')
          .filter((line) => / master /.test(line.replace(/myself,/, '')) && !line.includes('fail'))
          .map((line) => Number(/:(\d+)@/.exec(line)?.[1]));
      } catch {
        // That node is down; ask the next.
      }
    }
    throw new Error('no node of the cluster answers');
  }

  /** The keys matching `pattern` on every master: SCAN on a cluster covers one node only, so it runs on each. */
  keysOnMasters(pattern: string): string[] {
    return this.masters().flatMap((port) => this.scan(port, pattern));
  }

  /** How many keys matching `pattern` each master holds, by port. */
  keyCountsByMaster(pattern: string): Record<number, number> {
    return Object.fromEntries(this.masters().map((port) => [port, this.scan(port, pattern).length]));
  }

  private scan(port: number, pattern: string): string[] {
    const text = execFileSync('redis-cli', ['-p', String(port), '--scan', '--pattern', pattern], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return text.split('\n').filter((key) => key.length > 0);
  }

  /** SIGKILLs the master on `port`, as a crashed machine; its replica takes over after the node timeout. */
  killMaster(port: number): void {
    const pid = Number(readFileSync(join(this.dir, String(port), 'redis.pid'), 'utf8').trim());
    process.kill(pid, 'SIGKILL');
  }

  /** Resolves once the cluster again has three masters, all alive, and reports `cluster_state:ok`. */
  async waitUntilHealed(timeoutMs = 90_000): Promise<void> {
    await waitFor(
      () => {
        const masters = this.masters();
        if (masters.length !== 3) return false;
        return masters.every((port) => {
          try {
            return execFileSync('redis-cli', ['-p', String(port), 'cluster', 'info'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).includes('cluster_state:ok');
          } catch {
            return false;
          }
        });
      },
      { timeoutMs, intervalMs: 100, what: 'a replica promoted and the cluster ok' },
    );
  }

  remove(): void {
    execFileSync('bash', [SCRIPT, 'down', this.dir], { stdio: 'ignore' });
    rmSync(this.dir, { recursive: true, force: true });
  }
}
