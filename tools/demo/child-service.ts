import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Every service started and not yet ended, so a demo that must leave at once can kill them all. */
export const liveServices = new Set<ChildService>();

export interface ChildServiceOptions {
  /** Short name used in messages and as the log file's name (`<name>.log`). */
  readonly name: string;
  /** Script run under Node 24 through tools/node24/run.sh, relative to the root, and its arguments. */
  readonly script: string;
  readonly args?: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly root: string;
  readonly logDir: string;
}

/**
 * A vigil process the demo started. It runs in a process group of its own, so a Ctrl-C in the
 * terminal reaches only the demo, which then stops its services in order (SIGTERM to the process,
 * which drains and exits 0) instead of all of them at once; stdout and stderr go to a log file.
 */
export class ChildService {
  readonly logFile: string;
  readonly exited: Promise<number | NodeJS.Signals>;
  private readonly child: ChildProcess;
  private readonly log: WriteStream;
  private readonly lineListeners: ((line: string) => void)[] = [];
  private partial = '';

  constructor(private readonly options: ChildServiceOptions) {
    this.logFile = join(options.logDir, `${options.name}.log`);
    this.log = createWriteStream(this.logFile, { flags: 'a' });
    this.child = spawn('bash', [join(options.root, 'tools/node24/run.sh'), join(options.root, options.script), ...(options.args ?? [])], {
      cwd: options.root,
      env: options.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (chunk: Buffer) => this.output(chunk, true));
    this.child.stderr?.on('data', (chunk: Buffer) => this.output(chunk, false));
    liveServices.add(this);
    this.exited = new Promise((resolve) => {
      this.child.once('error', (error) => {
        this.log.write(`demo: could not start: ${error.message}\n`);
        resolve('SIGKILL');
      });
      this.child.once('close', (code, signal) => resolve(code ?? signal ?? 'SIGKILL'));
    });
    void this.exited.then(() => liveServices.delete(this));
  }

  get name(): string {
    return this.options.name;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Calls `listener` with every complete line the process writes to stdout from now on. */
  onLine(listener: (line: string) => void): void {
    this.lineListeners.push(listener);
  }

  /**
   * SIGTERM, then up to `graceMs` for the process to drain and exit; past that, SIGKILL to its
   * whole process group (a launcher and the service it started). Resolves with how it ended.
   */
  async stop(graceMs: number): Promise<number | NodeJS.Signals> {
    if (this.running() && this.child.pid !== undefined) {
      this.child.kill('SIGTERM');
      const outcome = await Promise.race([this.exited, sleep(graceMs, 'timeout' as const)]);
      if (outcome === 'timeout') this.killGroup();
    }
    const outcome = await this.exited;
    await new Promise<void>((resolve) => this.log.end(() => resolve()));
    return outcome;
  }

  /** SIGKILL to the process group, for a demo that has to leave at once. Synchronous, so it works in an 'exit' handler. */
  killGroup(): void {
    if (this.child.pid === undefined) return;
    try {
      process.kill(-this.child.pid, 'SIGKILL');
    } catch {
      // The group is gone already.
    }
  }

  /** The last `lines` lines of the log, to show why a service failed. */
  tail(lines = 30): string {
    try {
      return readFileSync(this.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }

  private output(chunk: Buffer, stdout: boolean): void {
    this.log.write(chunk);
    if (!stdout || this.lineListeners.length === 0) return;
    const lines = (this.partial + chunk.toString('utf8')).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) for (const listener of this.lineListeners) listener(line);
  }
}

/** Polls `check` every 200 ms until it returns a value; fails when the service dies or `timeoutMs` passes. */
export async function waitUntil<T>(service: ChildService, what: string, timeoutMs: number, check: () => Promise<T | undefined>, signal: AbortSignal): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    signal.throwIfAborted();
    if (!service.running()) throw new ServiceFailedError(service, `${service.name} exited before ${what}`);
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new ServiceFailedError(service, `${service.name} not ${what} within ${Math.round(timeoutMs / 1000)} s`);
    await sleep(200, undefined, { signal });
  }
}

/** A service that died or did not become ready; the message carries the end of its log. */
export class ServiceFailedError extends Error {
  constructor(service: ChildService, reason: string) {
    super(`${reason}; the end of ${service.logFile}:\n${service.tail()}`);
  }
}

/** True when GET `url` answers 200 within 2 s. */
export async function answers200(url: string): Promise<true | undefined> {
  const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
  await response.arrayBuffer();
  return response.status === 200 ? true : undefined;
}
