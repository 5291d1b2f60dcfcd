import { extname, join } from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { UdfFunctionConfig } from './udf-function-config';
import type { AgentRequest, AgentResponse } from './udf-messages';
import type { WorkerCommand, WorkerReport } from './udf-worker-messages';

/** What the agent sent while a command ran, in order. */
export interface AgentListener {
  data(response: Extract<AgentResponse, { kind: 'point' | 'begin' | 'end' }>): void;
  failed(reason: string): void;
  stderr(line: string): void;
}

/**
 * An agent the engine talks to synchronously: each call returns once the agent has answered, with
 * everything the agent sent meanwhile handed to the listener first. The engine runs points in
 * order and emits their results before the next point (the hosts give each event an id taken
 * from the point that caused it), so a udf node cannot let the agent's answers arrive later. The
 * conversation itself runs in a worker thread (udf-agent.worker.ts) while this thread waits on a
 * shared signal: `send` returns once the agent has echoed a keepalive sent after the messages,
 * which the protocol answers in order. An agent silent past its timeout is killed by the worker,
 * which then reports the failure; a worker silent past twice the timeout (or a minute, without
 * one) is taken as failed too.
 */
export class SyncUdfAgent {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly signal = new Int32Array(new SharedArrayBuffer(4));
  private readonly waitMs: number;
  private failure: string | undefined;
  private closed = false;
  /** The agent's process while it runs, as the worker told (a socket agent has none). */
  private pid: number | undefined;
  /** The worker failed or did not answer: it was ended without ending the agent's process. */
  private workerLost = false;

  constructor(
    name: string,
    config: UdfFunctionConfig,
    private readonly listener: AgentListener,
  ) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    // Specs run the TypeScript sources: the worker is then loaded through tsx, as the test agent is.
    const source = extname(__filename);
    this.worker = new Worker(join(__dirname, `udf-agent.worker${source}`), {
      workerData: { port: port2, signal: this.signal },
      transferList: [port2],
      ...(source === '.ts' ? { execArgv: ['--import', 'tsx'] } : {}),
    });
    this.worker.unref();
    // Seen once this thread is not waiting; without a listener it would end the whole process.
    this.worker.on('error', (error) => {
      this.workerLost = true;
      this.fail(`the agent's worker failed: ${error.message}`);
    });
    this.waitMs = config.timeoutMs > 0 ? config.timeoutMs * 2 : 60_000;
    this.call({ op: 'open', name, config });
  }

  /** Why the agent failed, once it has. */
  get failed(): string | undefined {
    return this.failure;
  }

  /** Sends requests that expect no answer (points, a batch) and returns once the agent handled them. */
  send(requests: readonly AgentRequest[]): void {
    this.call({ op: 'send', requests });
  }

  /** Asks and returns the agent's answer, or undefined when the agent failed (the listener was told why). */
  ask<K extends 'info' | 'init' | 'snapshot' | 'restore'>(request: Extract<AgentRequest, { kind: K }>): Extract<AgentResponse, { kind: K }> | undefined {
    return this.call({ op: 'ask', request }) as Extract<AgentResponse, { kind: K }> | undefined;
  }

  /** Lets the agent answer what it was sent, ends it and the worker. */
  close(): void {
    if (this.closed) return;
    if (this.failure === undefined) this.call({ op: 'close' });
    this.closed = true;
    void this.worker.terminate();
    this.endLostProcess();
  }

  /** Ends the agent and the worker without waiting (a worker ended from here would leave the agent's process running). */
  kill(): void {
    if (this.closed) return;
    this.closed = true;
    this.worker.postMessage({ op: 'kill' } satisfies WorkerCommand);
  }

  private call(command: WorkerCommand): AgentResponse | undefined {
    if (this.failure !== undefined || this.closed) return undefined;
    Atomics.store(this.signal, 0, 0);
    this.worker.postMessage(command);
    if (Atomics.wait(this.signal, 0, 0, this.waitMs) === 'timed-out') {
      this.workerLost = true;
      this.fail(`the agent's worker did not answer within ${this.waitMs} ms`);
      void this.worker.terminate();
      this.closed = true;
      this.endLostProcess();
      return undefined;
    }
    let answer: AgentResponse | undefined;
    for (let received = receiveMessageOnPort(this.port); received; received = receiveMessageOnPort(this.port)) {
      const report = received.message as WorkerReport;
      if (report.op === 'done') answer = report.answer;
      else if (report.op === 'data') this.listener.data(report.response);
      else if (report.op === 'stderr') this.listener.stderr(report.line);
      else if (report.op === 'started') this.pid = report.pid;
      else if (report.op === 'exited') this.pid = undefined;
      else this.fail(report.reason);
    }
    return answer;
  }

  /**
   * Ends the agent's process from this thread once its worker is lost: the worker owned it, and an
   * agent that ignores the end of its input (or is hung) would otherwise run on. SIGTERM first,
   * SIGKILL after a short grace. A worker that was not lost ended the process itself.
   */
  private endLostProcess(): void {
    if (!this.workerLost) return;
    // Reports not read yet may say that the process has exited already.
    for (let received = receiveMessageOnPort(this.port); received; received = receiveMessageOnPort(this.port)) {
      if ((received.message as WorkerReport).op === 'exited') this.pid = undefined;
    }
    const pid = this.pid;
    this.pid = undefined;
    if (pid === undefined) return;
    signalProcess(pid, 'SIGTERM');
    setTimeout(() => signalProcess(pid, 'SIGKILL'), AGENT_KILL_GRACE_MS).unref();
  }

  private fail(reason: string): void {
    if (this.failure !== undefined) return;
    this.failure = reason;
    this.listener.failed(reason);
  }
}

/** How long an agent whose worker was lost has to end after SIGTERM before it is killed. */
const AGENT_KILL_GRACE_MS = 1000;

/** Signals a process that may have ended already (then there is nothing to do). */
function signalProcess(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // ESRCH: it has ended.
  }
}
