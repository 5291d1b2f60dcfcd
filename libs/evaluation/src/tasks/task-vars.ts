import type { TaskVar } from '@vigil/tick-lang';

/** Task vars as `kapacitor define -vars` takes them: `{"limit": {"type": "float", "value": 1.5}}`. */
export type TaskVars = Readonly<Record<string, TaskVar>>;

/**
 * Parses the text of a vars file (`<task>.vars.json`). Only the shape is checked here; each
 * value is checked against its type when the script compiles, at the `var` it replaces.
 * Throws an Error saying what is wrong, for the caller to prefix with the file.
 */
export function parseTaskVars(text: string): TaskVars {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error((error as Error).message, { cause: error });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error('expected a JSON object of {"name": {"type": ..., "value": ...}}');
  }
  for (const [name, entry] of Object.entries(parsed)) {
    const typed = entry as { type?: unknown } | null;
    if (typeof typed !== 'object' || typed === null || typeof typed.type !== 'string' || !('value' in typed)) {
      throw new Error(`var ${JSON.stringify(name)} needs "type" and "value"`);
    }
  }
  return parsed as TaskVars;
}
