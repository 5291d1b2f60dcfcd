import type { ExecConfig, ExecPermit } from '../handler-config';
import { HandlerOptionError } from '../handler-options';

/** An argument pattern as the allowlist means it: matched against the whole argument. */
export function wholeArgumentPattern(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})$`);
}

function permits(permit: ExecPermit, program: string, args: readonly string[]): boolean {
  if (permit.program !== program) return false;
  const patterns = permit.args ?? [];
  return patterns.length === args.length && patterns.every((pattern, i) => wholeArgumentPattern(pattern).test(args[i] ?? ''));
}

/**
 * Refuses a program the handler configuration does not list under exec.allow, or arguments that
 * no entry for it matches. Kapacitor runs whatever a task names; vigil refuses by default, since
 * whoever can define a task (or write an alert event) would otherwise run commands as vigil.
 * The message names the program (a path the script wrote) but never an argument value, which
 * may be a secret.
 */
export function checkExecAllowed(program: string, args: readonly string[], exec: ExecConfig | undefined): void {
  const entries = (exec?.allow ?? []).filter((permit) => permit.program === program);
  if (entries.length === 0) {
    throw new HandlerOptionError(
      `.exec('${program}') is not allowed: vigil runs only programs listed in the handler configuration; add {"program": ${JSON.stringify(program)}} to exec.allow (with "args" patterns if it takes arguments)`,
    );
  }
  if (entries.some((permit) => permits(permit, program, args))) return;
  const counts = [...new Set(entries.map((permit) => permit.args?.length ?? 0))].sort((a, b) => a - b).join(' or ');
  throw new HandlerOptionError(
    `.exec('${program}') with ${args.length} argument(s) is not allowed: exec.allow lets it take ${counts} argument(s), each matching its pattern; add an entry whose "args" patterns match these arguments`,
  );
}
