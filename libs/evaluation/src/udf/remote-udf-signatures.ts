import { DECLARED_UDF_AGENTS, type UdfSocketConfig } from '@vigil/tick-engine';
import { declareUdfSignatures, type UdfSignature } from '@vigil/tick-lang';

/**
 * What a function declared elsewhere runs as here: nothing. Its node only starts an agent when it
 * is sent a point, which a host that checks tasks never does; were one sent, the node would fail
 * to connect to this empty socket path and report it. No program is ever started.
 */
const RUNS_ELSEWHERE: UdfSocketConfig = { kind: 'socket', socket: '', timeoutMs: 0 };

/**
 * Declares functions whose agents run in other processes, for a host that checks and shows tasks
 * without running them (ingest, from the signatures the evaluators publish): every compile checks
 * `@name()` against them and validateTask builds their nodes, but no agent program is declared,
 * so this process never starts one. Each call replaces the functions of the one before.
 */
export function declareRemoteUdfSignatures(signatures: Readonly<Record<string, UdfSignature>>): void {
  declareUdfSignatures(signatures);
  DECLARED_UDF_AGENTS.declare(Object.fromEntries(Object.keys(signatures).map((name) => [name, RUNS_ELSEWHERE])));
}
