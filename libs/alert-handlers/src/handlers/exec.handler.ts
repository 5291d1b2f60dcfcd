import { type AlertEvent, type HandlerInstruction, encodeAlertEvent } from '@vigil/core';
import { spawn } from 'node:child_process';
import type { DeliveryResult, Handler, SendContext } from '../handler';
import { delivered, failed } from '../handler';
import { HandlerOptionError, checkOptionNames } from '../handler-options';
import { checkExecAllowed } from '../allowlist/exec-allowlist';
import type { HandlerConfig } from '../handler-config';

/**
 * Kapacitor's `.exec(prog, args...)`: the program runs once per event with the alert JSON and a
 * newline on stdin. A non-zero exit is the program's verdict, so it is not retried; a program
 * that cannot start at all (missing, not executable) is not retried either, since that needs an
 * operator. Output is kept only to explain a failure.
 */
export class ExecHandler implements Handler {
  readonly kind = 'exec';

  constructor(
    private readonly program: string,
    private readonly args: readonly string[],
    private readonly timeoutMs: number,
  ) {}

  send(event: AlertEvent, context: SendContext): Promise<DeliveryResult> {
    const input = encodeAlertEvent(event) + '\n';
    return new Promise((resolve) => {
      let settled = false;
      const finish = (result: DeliveryResult): void => {
        if (!settled) {
          settled = true;
          resolve(result);
        }
      };
      const child = spawn(this.program, [...this.args], {
        stdio: ['pipe', 'ignore', 'pipe'],
        timeout: this.timeoutMs,
        ...(context.signal ? { signal: context.signal } : {}),
      });
      let stderr = '';
      child.stderr?.setEncoding('utf8');
      child.stderr?.on('data', (chunk: string) => {
        if (stderr.length < 1024) stderr += chunk;
      });
      child.once('error', (error) => {
        const code = (error as { code?: unknown }).code;
        if (error.name === 'AbortError') finish(failed(true, 'exec aborted'));
        else finish(failed(false, `exec could not start the program: ${typeof code === 'string' ? code : error.message}`));
      });
      // A program that exits without reading stdin closes the pipe; that is its business.
      child.stdin?.on('error', () => undefined);
      child.stdin?.end(input);
      child.once('close', (code, signal) => {
        if (code === 0) finish(delivered);
        else if (signal !== null) finish(failed(true, `exec program killed by ${signal}`));
        else finish(failed(false, `exec program exited with status ${code ?? 'unknown'}${stderr === '' ? '' : `: ${stderr.trim().slice(0, 200)}`}`));
      });
    });
  }
}

/** The program and arguments of an `.exec()` instruction; throws HandlerOptionError without a program. */
export function execCommandOf(instruction: HandlerInstruction): { program: string; args: string[] } {
  checkOptionNames(instruction);
  const [program, ...rest] = instruction.args;
  if (typeof program !== 'string' || program === '') throw new HandlerOptionError(".exec() needs a program, e.g. .exec('/usr/bin/notify', 'arg')");
  return { program, args: rest.map(String) };
}

/** Refuses a program, or arguments, that exec.allow does not list. */
export function checkExecInstruction(instruction: HandlerInstruction, config: HandlerConfig): void {
  const { program, args } = execCommandOf(instruction);
  checkExecAllowed(program, args, config.exec);
}

/**
 * The allowlist is checked here, where every path to a running program passes (the notifier
 * builds handlers from the instructions inside alert events, which a task definition check
 * alone cannot vouch for).
 */
export function buildExecHandler(instruction: HandlerInstruction, config: HandlerConfig, timeoutMs: number): ExecHandler {
  const { program, args } = execCommandOf(instruction);
  checkExecAllowed(program, args, config.exec);
  return new ExecHandler(program, args, timeoutMs);
}
