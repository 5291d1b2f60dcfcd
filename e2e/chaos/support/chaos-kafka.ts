import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repositoryRoot, restartablePort } from '@vigil/testing';

const run = promisify(execFile);

function tail(path: string): string {
  return existsSync(path) ? readFileSync(path, 'utf8').slice(-1500) : '(none)';
}

/**
 * A second Kafka broker for the broker scenarios, so that stopping, killing or freezing it never
 * disturbs other test runs on the shared one. It is `npm run infra -- up kafka` itself (tools/infra/kafka:
 * the same jars, settings and warm-up), pointed at a state folder and ports of its own through
 * VIGIL_INFRA_STATE, VIGIL_KAFKA_PORT and VIGIL_KAFKA_CONTROLLER_PORT, with the shared servers'
 * addresses removed from its environment so infra.sh starts one rather than using them. A
 * restart keeps its data folder, as a broker restart does.
 */
export class ChaosKafka {
  private readonly state = mkdtempSync(join(tmpdir(), 'vigil-chaos-kafka-'));
  private frozen = false;

  private constructor(
    readonly port: number,
    private readonly controllerPort: number,
  ) {}

  static async create(): Promise<ChaosKafka> {
    const port = await restartablePort();
    let controllerPort = await restartablePort();
    while (controllerPort === port) controllerPort = await restartablePort();
    return new ChaosKafka(port, controllerPort);
  }

  get brokers(): string {
    return `127.0.0.1:${this.port}`;
  }

  async up(): Promise<void> {
    await this.infra('up');
  }

  /** A clean stop (SIGTERM, the broker closes its logs), as a rolling restart does. */
  async down(): Promise<void> {
    await this.infra('down');
  }

  /**
   * Sends a signal to the broker process: SIGKILL as a crash or an OOM kill (requests in flight
   * get no answer, although what the broker had appended stays in the page cache and is on the
   * log after the restart); SIGSTOP and SIGCONT as a broker frozen by a long GC pause or a
   * stalled disk, which answers the requests it holds once it runs again.
   */
  signal(signal: 'SIGKILL' | 'SIGSTOP' | 'SIGCONT'): void {
    const pid = Number(readFileSync(join(this.state, 'kafka', 'kafka.pid'), 'utf8').trim());
    if (!Number.isInteger(pid) || pid <= 0) throw new Error(`no broker pid in ${this.state}/kafka/kafka.pid`);
    process.kill(pid, signal);
    this.frozen = signal === 'SIGSTOP';
  }

  /** Up and answering, whatever the last scenario left: thawed if it froze it, started if it stopped or killed it. */
  async ensureRunning(): Promise<void> {
    this.thaw();
    await this.up();
  }

  async remove(): Promise<void> {
    this.thaw();
    await this.infra('down').catch(() => undefined);
    rmSync(this.state, { recursive: true, force: true });
  }

  /** Resumes a broker left frozen (a scenario that failed between SIGSTOP and SIGCONT); one that died meanwhile needs nothing. */
  private thaw(): void {
    if (!this.frozen) return;
    try {
      this.signal('SIGCONT');
    } catch {
      this.frozen = false;
    }
  }

  private async infra(command: 'up' | 'down'): Promise<void> {
    const root = repositoryRoot();
    const env: Record<string, string | undefined> = { ...process.env, VIGIL_INFRA_STATE: this.state, VIGIL_KAFKA_PORT: String(this.port), VIGIL_KAFKA_CONTROLLER_PORT: String(this.controllerPort) };
    delete env['KAFKA_BROKERS'];
    delete env['REDIS_URL'];
    delete env['SCHEMA_REGISTRY_URL'];
    try {
      await run('bash', [join(root, 'tools/infra/infra.sh'), command, 'kafka'], { cwd: root, env, maxBuffer: 4 * 1024 * 1024 });
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr ?? '';
      // The state folder goes with remove(), so the broker's own words travel in the error.
      const logs = ['format.log', 'console.log', 'server.log'].map((file) => `${file}: ${tail(join(this.state, 'kafka', 'logs', file))}`);
      throw new Error(`infra.sh ${command} kafka (state ${this.state}) failed:\n${stderr}\n${logs.join('\n')}`);
    }
  }
}

let shared: Promise<ChaosKafka> | undefined;

/**
 * The broker the Kafka scenarios of one run share: created by the first that asks and left
 * running between them (each scenario has topics and groups of its own, so what one did to the
 * broker's log does not reach the next), so a run pays for one broker start (about 30 s on two
 * busy cores) instead of one per scenario. The run removes it with removeSharedChaosKafka.
 */
export async function sharedChaosKafka(): Promise<ChaosKafka> {
  shared ??= ChaosKafka.create();
  const kafka = await shared;
  await kafka.ensureRunning();
  return kafka;
}

/** Stops the shared broker and deletes its state folder; nothing happens when none was started. */
export async function removeSharedChaosKafka(): Promise<void> {
  const kafka = await shared?.catch(() => undefined);
  shared = undefined;
  await kafka?.remove();
}
