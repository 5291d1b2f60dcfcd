import { spawn, type ChildProcess } from 'node:child_process';

/** A running Node program whose output is collected, for tests that boot a service. */
export interface RunningProcess {
  readonly child: ChildProcess;
  /** Everything written to stdout and stderr so far, interleaved as it arrived. */
  output(): string;
  /** Only what was written to stdout. */
  stdout(): string;
  /** Resolves with the exit code (or the signal name) once the process has ended. */
  readonly exited: Promise<number | NodeJS.Signals>;
  /** Sends SIGKILL if the process is still running; for test cleanup. */
  kill(): void;
}

export interface StartOptions {
  readonly cwd: string;
  readonly env: Record<string, string | undefined>;
}

/** Starts `command args...` with exactly the given environment (nothing inherited implicitly). */
export function startProcess(command: string, args: readonly string[], options: StartOptions): RunningProcess {
  const child = spawn(command, [...args], { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const chunks: string[] = [];
  const stdoutChunks: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => {
    chunks.push(chunk.toString('utf8'));
    stdoutChunks.push(chunk.toString('utf8'));
  });
  child.stderr?.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  const exited = new Promise<number | NodeJS.Signals>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve(code ?? signal ?? 'SIGKILL'));
  });
  return {
    child,
    output: () => chunks.join(''),
    stdout: () => stdoutChunks.join(''),
    exited,
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

/** Resolves with the exit outcome, or with 'timeout' if the process is still running after timeoutMs. */
export async function exitWithin(running: RunningProcess, timeoutMs: number): Promise<number | NodeJS.Signals | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    return await Promise.race([running.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
