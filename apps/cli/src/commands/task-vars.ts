import { readFileSync } from 'node:fs';
import { parseTaskVars, type TaskVars } from '@vigil/evaluation';
import { UsageError } from '../args/parse-args';

/**
 * Reads the `--vars` file of `vigil check` and `vigil replay`: task vars as `kapacitor define
 * -vars` takes them, parsed as `vigil serve` and the evaluator parse a task's vars file.
 */
export function readTaskVars(path: string | undefined): TaskVars | undefined {
  if (!path) return undefined;
  try {
    return parseTaskVars(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`--vars ${path}: ${(error as Error).message}`);
  }
}
