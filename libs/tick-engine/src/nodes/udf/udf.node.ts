import type { PipelineNode } from '@vigil/tick-lang';
import { TaskDefinitionError } from '../../runtime/definition-error';
import type { Message } from '../../runtime/message';
import type { Emit, NodeBuildContext, NodeRuntime, TaskContext } from '../../runtime/node-runtime';
import { UdfAgentConnection } from './agent/udf-agent-connection';
import type { UdfFunctionConfig } from './agent/udf-function-config';
import type { AgentPoint, AgentResponse, BeginBatchMessage, OptionMessage } from './agent/udf-messages';
import { batchFromAgent, batchRequests, optionValue, pointFromAgent, pointRequest } from './udf-conversion';

/** The functions a deployment declares, by the name scripts call them with (`@movingAverage()`). */
export type UdfFunctions = Readonly<Record<string, UdfFunctionConfig>>;

/**
 * A deployment's user-defined functions and the agents its task nodes started. A host gives one
 * to createEngineRegistry and, when a task stops (or the host does), calls `close` so that the
 * agents answer what they were sent and end; an agent also ends by itself when vigil exits, since
 * its input closes.
 */
export class UdfAgents {
  private readonly running = new Set<UdfNode>();

  constructor(readonly functions: UdfFunctions = {}) {}

  /** The number of agents running now. */
  get size(): number {
    return this.running.size;
  }

  /** Waits for the agents (of one task, or all) to answer what they were sent, then stops them. */
  async close(task?: string): Promise<void> {
    const closing = [...this.running].filter((node) => task === undefined || node.taskName === task);
    await Promise.all(closing.map((node) => node.close()));
  }

  started(node: UdfNode): void {
    this.running.add(node);
  }

  stopped(node: UdfNode): void {
    this.running.delete(node);
  }
}

/** What the node keeps in a task snapshot: the agent's own snapshot, base64, if it gave one. */
interface UdfNodeState {
  readonly agent: string | null;
}

/**
 * `@name()` (Kapacitor's `udf.go`: `UDFNode`): one agent per task node, started with the first
 * message, initialised with the script's options (and given the saved snapshot, if the task was
 * restored), then sent every point, or every batch as begin, points and end. What the agent sends
 * back goes on to the children whenever it arrives, as Kapacitor forwards it from its own reader:
 * after the message that caused it, possibly after later ones. An Error from the agent, an agent
 * that does not answer keepalives within its timeout, or one that exits, stops the node: the
 * reason is logged with the agent's text and later messages are dropped, as Kapacitor's task
 * stops with that error.
 *
 * Checkpoints: the node asks the agent for a snapshot after each run of messages it sent (one
 * request at a time) and keeps the latest answer, which `snapshot()` gives; a checkpoint thus
 * holds the agent's state as of the messages sent before that request, possibly not the very last
 * ones. Kapacitor asks for it only when it saves the task.
 */
class UdfNode implements NodeRuntime {
  private connection: UdfAgentConnection | undefined;
  private emit: Emit | undefined;
  /** The snapshot to give the agent when it starts (from `restore`), then the agent's latest. */
  private saved: Uint8Array | undefined;
  private snapshotAsked = false;
  private failure: string | undefined;
  private batch: { begin: BeginBatchMessage; points: AgentPoint[] } | undefined;

  constructor(
    readonly name: string,
    private readonly functionName: string,
    private readonly config: UdfFunctionConfig,
    private readonly options: readonly OptionMessage[],
    private readonly task: TaskContext,
    private readonly agents: UdfAgents,
  ) {}

  get taskName(): string {
    return this.task.taskName;
  }

  receive(message: Message, emit: Emit): void {
    if (this.failure !== undefined) return;
    this.emit = emit;
    const connection = this.connection ?? this.start();
    if (message.kind === 'point') connection.send({ kind: 'point', point: pointRequest(message) });
    else {
      const { begin, points, end } = batchRequests(message);
      connection.send({ kind: 'begin', begin });
      for (const point of points) connection.send({ kind: 'point', point });
      connection.send({ kind: 'end', end });
    }
    this.askSnapshot(connection);
  }

  snapshot(): UdfNodeState {
    return { agent: this.saved === undefined ? null : Buffer.from(this.saved).toString('base64') };
  }

  restore(state: unknown): void {
    const agent = (state as Partial<UdfNodeState> | null)?.agent;
    if (agent !== null && typeof agent !== 'string') throw new Error(`${this.name}: the saved state holds no agent snapshot`);
    this.saved = agent === null ? undefined : new Uint8Array(Buffer.from(agent, 'base64'));
  }

  /** Waits for the agent to answer what it was sent (its outputs go on), then stops it. */
  async close(): Promise<void> {
    const connection = this.connection;
    if (!connection) return;
    if (this.failure === undefined) await this.refreshSnapshot(connection).catch(() => undefined);
    await connection.close();
    this.agents.stopped(this);
  }

  private start(): UdfAgentConnection {
    const connection = UdfAgentConnection.open(this.functionName, this.config, {
      data: (response) => this.output(response),
      failed: (reason) => this.fail(reason),
      stderr: (line) => this.task.log({ level: 'info', node: this.name, message: `UDF log: ${line}` }),
    });
    this.connection = connection;
    this.agents.started(this);
    // Init and Restore go out before any message: the agent answers requests in order.
    const initialised = connection.ask({ kind: 'init', options: this.options, taskID: this.task.taskName, nodeID: this.name }).then((answer) => {
      if (!answer.init.success) throw new Error(`failed to initialize processes ${answer.init.error}`);
    });
    const restored = this.saved === undefined ? Promise.resolve() : connection.ask({ kind: 'restore', snapshot: this.saved }).then((answer) => {
      if (!answer.restore.success) throw new Error(`error restoring snapshot: ${answer.restore.error}`);
    });
    Promise.all([initialised, restored]).catch((error: Error) => this.fail(error.message));
    return connection;
  }

  private askSnapshot(connection: UdfAgentConnection): void {
    if (this.snapshotAsked) return;
    this.snapshotAsked = true;
    // After the messages of this turn of the event loop: one snapshot for a burst of writes.
    setImmediate(() => {
      this.refreshSnapshot(connection)
        .catch(() => undefined)
        .finally(() => (this.snapshotAsked = false));
    });
  }

  private async refreshSnapshot(connection: UdfAgentConnection): Promise<void> {
    if (this.failure !== undefined) return;
    this.saved = (await connection.ask({ kind: 'snapshot' })).snapshot;
  }

  private output(response: Extract<AgentResponse, { kind: 'point' | 'begin' | 'end' }>): void {
    const emit = this.emit;
    if (!emit || this.failure !== undefined) return;
    if (response.kind === 'begin') this.batch = { begin: response.begin, points: [] };
    else if (response.kind === 'point') {
      if (this.batch) this.batch.points.push(response.point);
      else emit(pointFromAgent(response.point));
    } else {
      const batch = this.batch;
      this.batch = undefined;
      if (!batch) return this.fail('the agent ended a batch it had not begun');
      emit(batchFromAgent(batch.begin, batch.points, response.end));
    }
  }

  private fail(reason: string): void {
    if (this.failure !== undefined) return;
    this.failure = reason;
    this.connection?.kill();
    this.agents.stopped(this);
    const message = `UDF ${this.functionName} failed, the node stops: ${reason}`;
    this.task.log({ level: 'error', node: this.name, message });
    this.task.evaluationFailed?.({ node: this.name, message });
  }
}

/** The options of a udf pipeline node, in script order (repeated calls repeated, as Kapacitor appends them). */
function optionsOf(node: PipelineNode): OptionMessage[] {
  return node.properties.map((call) => ({ name: call.name, values: call.args.map(optionValue) }));
}

/**
 * The `udf` node type of a deployment: a node of a function the deployment does not declare
 * cannot be built (the compiler refuses it first when given the same functions).
 */
export function udfNodeFactory(agents: UdfAgents): (node: PipelineNode, context: NodeBuildContext) => NodeRuntime {
  const functions = agents.functions;
  return (node, context) => {
    const first = node.args[0];
    const functionName = first?.type === 'string' ? first.value : '';
    const config = Object.hasOwn(functions, functionName) ? functions[functionName] : undefined;
    if (!config) {
      const declared = Object.keys(functions).sort();
      throw new TaskDefinitionError(node.pos, node.name, `no user-defined function ${functionName} is declared (${declared.length > 0 ? `declared: ${declared.join(', ')}` : 'none is declared'})`);
    }
    return new UdfNode(node.name, functionName, config, optionsOf(node), context.task, agents);
  };
}
