import { spawn, type ChildProcess } from 'node:child_process';
import { createConnection, type Socket } from 'node:net';
import { createInterface } from 'node:readline';
import { decodeResponse, encodeRequest, FrameSplitter } from './udf-codec';
import type { UdfFunctionConfig } from './udf-function-config';
import type { AgentRequest, AgentResponse } from './udf-messages';

/** The variables of vigil's environment an agent process is given; the rest may hold secrets (handler tokens, passwords). */
const PASSED_VARIABLES = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TZ', 'TMPDIR'] as const;

/**
 * An agent process's environment: a few variables of vigil's own (the program's search path,
 * locale, time zone) and the function's `env`. Kapacitor gives the process its whole environment;
 * vigil's may hold handler secrets, which an agent has no use for.
 */
export function agentEnvironment(env: Readonly<Record<string, string>>): Record<string, string> {
  const passed: Record<string, string> = {};
  for (const name of PASSED_VARIABLES) {
    const value = process.env[name];
    if (value !== undefined) passed[name] = value;
  }
  return { ...passed, ...env };
}

/** What a connection tells its owner. */
export interface AgentListener {
  /** A point, or a batch's begin or end, in the order the agent sent them. */
  data(response: Extract<AgentResponse, { kind: 'point' | 'begin' | 'end' }>): void;
  /** The agent failed (its error message, a keepalive timeout, an exit): the connection is closed. */
  failed(reason: string): void;
  /** A line the agent's process wrote to its stderr. */
  stderr(line: string): void;
}

type Answer = Extract<AgentResponse, { kind: 'info' | 'init' | 'snapshot' | 'restore' | 'keepalive' }>;
type AnswerKind = Answer['kind'];

interface Waiter {
  readonly resolve: (answer: Answer) => void;
  readonly reject: (error: Error) => void;
}

/**
 * One conversation with a UDF agent (Kapacitor's `udf/server.go`: `Server`): requests go out in
 * order; points and batches the agent sends are handed to the listener; each answer (info, init,
 * snapshot, restore, keepalive) settles the oldest request of its kind. With a timeout, a
 * keepalive goes out every half timeout and an agent that sends nothing for a whole timeout is
 * killed and reported failed, as Kapacitor's `watchKeepalive` does. Keepalives carry the wall
 * clock: they are about the agent process, not about the task's time.
 */
export class UdfAgentConnection {
  private readonly splitter = new FrameSplitter();
  private readonly waiting = new Map<AnswerKind, Waiter[]>();
  /** Keepalives someone waits for, by the time they carry (the agent sends it back). */
  private readonly keepalives = new Map<string, Waiter>();
  private sequence = 0n;
  private lastHeard = Date.now();
  private timer: NodeJS.Timeout | undefined;
  private failure: string | undefined;
  private closing = false;
  private readonly exited: Promise<void>;

  private constructor(
    readonly name: string,
    private readonly timeoutMs: number,
    private readonly output: NodeJS.WritableStream & { destroy(): void },
    input: NodeJS.ReadableStream,
    private readonly stop: () => void,
    exited: Promise<string | undefined>,
    private readonly listener: AgentListener,
    /** The agent's process id, for a process agent. */
    readonly pid?: number,
  ) {
    input.on('data', (chunk: Buffer) => this.receive(chunk));
    output.on('error', (error: Error) => this.fail(`write error: ${error.message}`));
    this.exited = exited.then((reason) => {
      if (!this.closing) this.fail(reason ?? 'the agent closed its output');
      this.clearTimer();
    });
    if (timeoutMs > 0) {
      this.timer = setInterval(() => this.keepalive(), Math.max(1, Math.floor(timeoutMs / 2)));
      this.timer.unref();
    }
  }

  /** Starts the agent's process, or connects to its socket. */
  static open(name: string, config: UdfFunctionConfig, listener: AgentListener): UdfAgentConnection {
    return config.kind === 'process' ? UdfAgentConnection.spawnProcess(name, config, listener) : UdfAgentConnection.connectSocket(name, config.socket, config.timeoutMs, listener);
  }

  private static spawnProcess(name: string, config: Extract<UdfFunctionConfig, { kind: 'process' }>, listener: AgentListener): UdfAgentConnection {
    const child: ChildProcess = spawn(config.prog, [...config.args], { env: agentEnvironment(config.env), stdio: ['pipe', 'pipe', 'pipe'] });
    const exited = new Promise<string | undefined>((resolve) => {
      child.once('error', (error) => resolve(`cannot start ${config.prog}: ${error.message}`));
      child.once('close', (code, signal) => resolve(signal ? `the agent process was ended by ${signal}` : `the agent process exited with code ${String(code)}`));
    });
    if (!child.stdin || !child.stdout || !child.stderr) throw new Error(`UDF ${name}: the agent process has no pipes`);
    createInterface({ input: child.stderr }).on('line', (line) => listener.stderr(line));
    return new UdfAgentConnection(name, config.timeoutMs, child.stdin, child.stdout, () => child.kill('SIGKILL'), exited, listener, child.pid);
  }

  private static connectSocket(name: string, path: string, timeoutMs: number, listener: AgentListener): UdfAgentConnection {
    const socket: Socket = createConnection(path);
    const exited = new Promise<string | undefined>((resolve) => {
      socket.once('error', (error) => resolve(`socket ${path}: ${error.message}`));
      socket.once('close', () => resolve(`the agent closed socket ${path}`));
    });
    return new UdfAgentConnection(name, timeoutMs, socket, socket, () => socket.destroy(), exited, listener);
  }

  /** Settles once the agent's process has exited (or its socket closed). */
  get ended(): Promise<void> {
    return this.exited;
  }

  /** Why the agent failed, once it has. */
  get failed(): string | undefined {
    return this.failure;
  }

  /** Sends a request that expects no answer (a point, a batch's begin or end). */
  send(request: AgentRequest): void {
    if (this.failure !== undefined || this.closing) return;
    this.output.write(encodeRequest(request));
  }

  /** Sends a request and resolves with the agent's answer of the same kind. */
  ask<K extends Exclude<AnswerKind, 'keepalive'>>(request: Extract<AgentRequest, { kind: K }>): Promise<Extract<Answer, { kind: K }>> {
    if (this.failure !== undefined || this.closing) return Promise.reject(new Error(this.failure ?? 'the agent was stopped'));
    const kind: AnswerKind = (request as AgentRequest & { kind: K }).kind;
    const answer = new Promise<Answer>((resolve, reject) => {
      const queue = this.waiting.get(kind) ?? [];
      queue.push({ resolve, reject });
      this.waiting.set(kind, queue);
    });
    this.send(request);
    return answer as Promise<Extract<Answer, { kind: K }>>;
  }

  /** Resolves once the agent has answered everything sent before: a keepalive comes back after them. */
  async drain(): Promise<void> {
    if (this.failure !== undefined || this.closing) throw new Error(this.failure ?? 'the agent was stopped');
    const time = this.keepaliveTime();
    const answered = new Promise<Answer>((resolve, reject) => this.keepalives.set(time, { resolve, reject }));
    this.send({ kind: 'keepalive', time });
    await answered;
  }

  /** The wall clock in ns, made unique so that each keepalive's answer is told apart. */
  private keepaliveTime(): string {
    this.sequence += 1n;
    return String(BigInt(Date.now()) * 1_000_000n + (this.sequence % 1_000_000n));
  }

  /**
   * Waits for the agent to answer what it was sent, then closes its input and waits for it to end;
   * one that does not end within the timeout (or a second) is killed.
   */
  async close(): Promise<void> {
    if (!this.closing) await this.drain().catch(() => undefined);
    this.closing = true;
    this.clearTimer();
    this.output.end();
    const grace = setTimeout(() => this.stop(), this.timeoutMs > 0 ? this.timeoutMs : 1000);
    grace.unref();
    await this.exited;
    clearTimeout(grace);
  }

  /** Ends the agent at once; requests still waiting for an answer are rejected with the reason. */
  kill(reason = 'the agent was stopped'): void {
    this.closing = true;
    this.clearTimer();
    this.stop();
    this.rejectWaiting(reason);
  }

  private rejectWaiting(reason: string): void {
    for (const queue of this.waiting.values()) for (const waiter of queue.splice(0)) waiter.reject(new Error(reason));
    for (const waiter of this.keepalives.values()) waiter.reject(new Error(reason));
    this.keepalives.clear();
  }

  private keepalive(): void {
    if (Date.now() - this.lastHeard > this.timeoutMs) {
      this.fail(`keepalive timed out, last keepalive received was: ${new Date(this.lastHeard).toISOString()}`);
      return;
    }
    this.send({ kind: 'keepalive', time: this.keepaliveTime() });
  }

  private receive(chunk: Buffer): void {
    if (this.failure !== undefined) return;
    this.lastHeard = Date.now();
    let bodies: Uint8Array[];
    try {
      bodies = this.splitter.push(chunk);
    } catch (error) {
      this.fail(`read error: ${(error as Error).message}`);
      return;
    }
    for (const body of bodies) {
      let response: AgentResponse;
      try {
        response = decodeResponse(body);
      } catch (error) {
        this.fail(`read error: ${(error as Error).message}`);
        return;
      }
      this.handle(response);
      if (this.failure !== undefined) return;
    }
  }

  private handle(response: AgentResponse): void {
    switch (response.kind) {
      case 'point':
      case 'begin':
      case 'end':
        this.listener.data(response);
        return;
      case 'error':
        this.fail(response.error);
        return;
      case 'keepalive': {
        // Keepalives of the timer are answered without anyone waiting.
        const waiter = this.keepalives.get(response.time);
        this.keepalives.delete(response.time);
        waiter?.resolve(response);
        return;
      }
      default: {
        const waiter = this.waiting.get(response.kind)?.shift();
        if (!waiter) this.listener.stderr(`received a ${response.kind} response without requesting it`);
        waiter?.resolve(response);
      }
    }
  }

  private fail(reason: string): void {
    if (this.failure !== undefined) return;
    this.failure = reason;
    this.kill(reason);
    this.listener.failed(reason);
  }

  private clearTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
