import type { PipelineNode } from '@vigil/tick-lang';
import { TaskDefinitionError } from '../../runtime/definition-error';
import type { Message } from '../../runtime/message';
import type { Emit, NodeBuildContext, NodeRuntime, TaskContext } from '../../runtime/node-runtime';
import { SyncUdfAgent } from './agent/udf-sync-agent';
import type { UdfFunctionConfig } from './agent/udf-function-config';
import type { AgentPoint, AgentResponse, BeginBatchMessage, OptionMessage } from './agent/udf-messages';
import { batchFromAgent, batchRequests, optionValue, pointFromAgent, pointRequest } from './udf-conversion';

/** The functions a deployment declares, by the name scripts call them with (`@movingAverage()`). */
export type UdfFunctions = Readonly<Record<string, UdfFunctionConfig>>;

/**
 * A deployment's user-defined functions and the agents its task nodes started. A host gives one
 * to createEngineRegistry; a task's agents end when the host closes the task (Task.close, when it
 * drops it) or when a restore replaces its nodes, and all of them with `close` when the host
 * stops; an agent also ends by itself when vigil exits, since its input closes.
 */
export class UdfAgents {
  /**
   * The nodes whose agent runs, held weakly: a node no task holds any more (a task deleted,
   * redefined or rebuilt from a checkpoint) is collected, and its agent is then stopped.
   */
  private readonly running = new Set<WeakRef<UdfNode>>();
  private readonly refs = new WeakMap<UdfNode, WeakRef<UdfNode>>();
  private readonly orphans = new FinalizationRegistry<{ agent: SyncUdfAgent; ref: WeakRef<UdfNode> }>(({ agent, ref }) => {
    this.running.delete(ref);
    agent.kill();
  });

  constructor(private declared: UdfFunctions = {}) {}

  get functions(): UdfFunctions {
    return this.declared;
  }

  /** Replaces the functions (DECLARED_UDF_AGENTS, at a host's boot); running agents go on. */
  declare(functions: UdfFunctions): void {
    this.declared = { ...functions };
  }

  /** The number of agents running now. */
  get size(): number {
    return this.running.size;
  }

  /** Stops the agents (of one task, or all), each once it has answered what it was sent. */
  async close(task?: string): Promise<void> {
    for (const ref of [...this.running]) {
      const node = ref.deref();
      if (node && (task === undefined || node.taskName === task)) node.close();
    }
    return Promise.resolve();
  }

  started(node: UdfNode, agent: SyncUdfAgent): void {
    const ref = new WeakRef(node);
    this.refs.set(node, ref);
    this.running.add(ref);
    this.orphans.register(node, { agent, ref }, ref);
  }

  stopped(node: UdfNode): void {
    const ref = this.refs.get(node);
    if (!ref) return;
    this.running.delete(ref);
    this.orphans.unregister(ref);
    this.refs.delete(node);
  }
}

/**
 * The functions this process declared (declareUdfFunctions) and their agents: what
 * createEngineRegistry and the default registry run when given no other UdfAgents.
 */
export const DECLARED_UDF_AGENTS = new UdfAgents();

/** What the node keeps in a task snapshot: the agent's own snapshot, base64, if it gave one. */
interface UdfNodeState {
  readonly agent: string | null;
}

/**
 * `@name()` (Kapacitor's `udf.go`: `UDFNode`): one agent per task node, started with the first
 * message, initialised with the script's options (and given the saved snapshot, if the task was
 * restored), then sent every point, or every batch as begin, points and end. The node waits for
 * the agent to handle each message (SyncUdfAgent) and emits what the agent sent back before the
 * next message, so the task's outputs stay in the order of its points, as the engine's other
 * nodes keep them. An Error from the agent, a refused Init or Restore, an agent that does not
 * answer keepalives within its timeout, or one that exits, stops the node: the reason is logged
 * once with the agent's text and later messages are dropped, as Kapacitor's task stops with that
 * error.
 *
 * `snapshot()` asks the agent for its snapshot then and there (Kapacitor asks when it saves the
 * task), so a checkpoint holds the agent's state as of the last message it was sent.
 */
class UdfNode implements NodeRuntime {
  private agent: SyncUdfAgent | undefined;
  private emit: Emit | undefined;
  /** The snapshot to give the agent when it starts (from `restore`), then the agent's latest. */
  private saved: Uint8Array | undefined;
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
    const agent = this.agent ?? this.start();
    if (message.kind === 'point') agent.send([{ kind: 'point', point: pointRequest(message) }]);
    else {
      const { begin, points, end } = batchRequests(message);
      agent.send([{ kind: 'begin', begin }, ...points.map((point) => ({ kind: 'point' as const, point })), { kind: 'end', end }]);
    }
  }

  snapshot(): UdfNodeState {
    if (this.agent && this.failure === undefined) {
      const answer = this.agent.ask({ kind: 'snapshot' });
      if (answer) this.saved = answer.snapshot;
    }
    return { agent: this.saved === undefined ? null : Buffer.from(this.saved).toString('base64') };
  }

  restore(state: unknown): void {
    const agent = (state as Partial<UdfNodeState> | null)?.agent;
    if (agent !== null && typeof agent !== 'string') throw new Error(`${this.name}: the saved state holds no agent snapshot`);
    this.saved = agent === null ? undefined : new Uint8Array(Buffer.from(agent, 'base64'));
  }

  /** Keeps the agent's last snapshot (Kapacitor snapshots a task when it stops), then stops the agent. */
  close(): void {
    if (this.agent && this.failure === undefined) this.snapshot();
    this.agent?.close();
    this.agents.stopped(this);
  }

  private start(): SyncUdfAgent {
    // The agent holds the node only weakly, so that a node no task holds can be collected (UdfAgents).
    const node = new WeakRef<UdfNode>(this);
    const agent = new SyncUdfAgent(this.functionName, this.config, {
      data: (response) => node.deref()?.output(response),
      failed: (reason) => node.deref()?.fail(reason),
      stderr: (line) => node.deref()?.logAgentLine(line),
    });
    this.agent = agent;
    this.agents.started(this, agent);
    const init = agent.ask({ kind: 'init', options: this.options, taskID: this.task.taskName, nodeID: this.name });
    if (init && !init.init.success) this.fail(`failed to initialize processes ${init.init.error}`);
    if (this.saved !== undefined && this.failure === undefined) {
      const restored = agent.ask({ kind: 'restore', snapshot: this.saved });
      if (restored && !restored.restore.success) this.fail(`error restoring snapshot: ${restored.restore.error}`);
    }
    return agent;
  }

  private logAgentLine(line: string): void {
    this.task.log({ level: 'info', node: this.name, message: `UDF log: ${line}` });
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
    this.agent?.close();
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
  return (node, context) => {
    const functions = agents.functions;
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
