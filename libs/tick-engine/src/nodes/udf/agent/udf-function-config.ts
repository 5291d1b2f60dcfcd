/**
 * One user-defined function the operator declared (Kapacitor's `[udf.functions.NAME]`): a program
 * vigil starts, one process per task node, talking the agent protocol on its stdin and stdout, or
 * a unix socket an agent already listens on, one connection per task node.
 */
export type UdfFunctionConfig = UdfProcessConfig | UdfSocketConfig;

export interface UdfProcessConfig {
  readonly kind: 'process';
  readonly prog: string;
  readonly args: readonly string[];
  /** The process's environment, beside PATH, HOME, LANG, LC_ALL, TZ and TMPDIR of vigil's (agentEnvironment). */
  readonly env: Readonly<Record<string, string>>;
  /** Keepalive timeout in ms: an agent silent this long is killed. 0: no keepalives. */
  readonly timeoutMs: number;
}

export interface UdfSocketConfig {
  readonly kind: 'socket';
  readonly socket: string;
  readonly timeoutMs: number;
}
