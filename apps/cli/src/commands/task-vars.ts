import { readFileSync } from 'node:fs';
import { UsageError } from '../args/parse-args';

/** Task vars as `kapacitor define -vars` reads them: `{"name": {"type": "int", "value": 10}}`. */
export type TaskVars = Record<string, { type: string; value: unknown }>;

export function readTaskVars(path: string | undefined): TaskVars | undefined {
  if (!path) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`--vars ${path}: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UsageError(`--vars ${path}: expected a JSON object of {"name": {"type": ..., "value": ...}}`);
  }
  for (const [name, entry] of Object.entries(parsed)) {
    if (typeof entry !== 'object' || entry === null || typeof (entry as { type?: unknown }).type !== 'string' || !('value' in entry)) {
      throw new UsageError(`--vars ${path}: var "${name}" needs "type" and "value"`);
    }
  }
  return parsed as TaskVars;
}
