import type { UdfFunctionConfig } from './udf-function-config';
import type { AgentRequest, AgentResponse } from './udf-messages';

/** What the engine's thread asks the agent's worker thread to do; each command is answered by `done`. */
export type WorkerCommand =
  | { readonly op: 'open'; readonly name: string; readonly config: UdfFunctionConfig }
  /** Sends the requests, then waits until the agent answered a keepalive sent after them. */
  | { readonly op: 'send'; readonly requests: readonly AgentRequest[] }
  | { readonly op: 'ask'; readonly request: Extract<AgentRequest, { kind: 'info' | 'init' | 'snapshot' | 'restore' }> }
  | { readonly op: 'close' }
  /** Ends the agent at once and the worker with it; nobody waits for an answer. */
  | { readonly op: 'kill' };

/** What the worker tells the engine's thread, in order. */
export type WorkerReport =
  | { readonly op: 'data'; readonly response: Extract<AgentResponse, { kind: 'point' | 'begin' | 'end' }> }
  | { readonly op: 'stderr'; readonly line: string }
  | { readonly op: 'failed'; readonly reason: string }
  /** The agent's process started (told once, after `open`), and later when it has exited. */
  | { readonly op: 'started'; readonly pid: number }
  | { readonly op: 'exited' }
  | { readonly op: 'done'; readonly answer?: AgentResponse };
