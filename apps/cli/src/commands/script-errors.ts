import { LambdaError, TaskDefinitionError } from '@vigil/tick-engine';
import { TickScriptError } from '@vigil/tick-lang';

/**
 * Errors a task definition can raise, as one positioned TickScriptError: the language's own,
 * the engine's (bad property values, templates) and lambda compile errors all carry a position.
 */
export function asScriptError(error: unknown, source: string): TickScriptError | undefined {
  if (error instanceof TickScriptError) return error.withSource(source);
  if (error instanceof TaskDefinitionError) return new TickScriptError(`${error.node}: ${error.reason}`, error.pos, source);
  if (error instanceof LambdaError && error.position) return new TickScriptError(error.message.replace(/^\d+:\d+: /, ''), error.position, source);
  return undefined;
}

/** Runs a definition step and rethrows its script errors bound to the file they came from. */
export function withScriptErrors<T>(path: string, source: string, step: () => T): T {
  try {
    return step();
  } catch (error) {
    const scriptError = asScriptError(error, source);
    if (scriptError) throw new ScriptFileError(path, scriptError);
    throw error;
  }
}

/** A script error together with the file it is in, for `path:line:column: message` output. */
export class ScriptFileError extends Error {
  override readonly name = 'ScriptFileError';

  constructor(readonly path: string, readonly scriptError: TickScriptError) {
    super(`${path}:${scriptError.line}:${scriptError.column}: ${scriptError.message}`);
  }

  format(): string {
    return `${this.path}:${this.scriptError.format()}`;
  }
}
