import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseTaskVars, type TaskSource } from '@vigil/evaluation';

const VARS_SUFFIX = '.vars.json';

/**
 * The `.tick` files of TASKS_DIR, in name order, each named after its file, with the task vars
 * of a `<name>.vars.json` beside it (the JSON `kapacitor define -vars` takes). Subfolders and
 * other files are ignored. A missing or unreadable folder, or an unreadable vars file, is an
 * error: a typo must not start an evaluator that silently evaluates nothing, or other values.
 */
export function readTaskFiles(dir: string): TaskSource[] {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a folder');
    names = readdirSync(dir);
  } catch (error) {
    throw new Error(`TASKS_DIR ${dir}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return names
    .filter((name) => name.endsWith('.tick') && statSync(join(dir, name)).isFile())
    .sort()
    .map((file) => {
      const name = basename(file, '.tick');
      const script = readFileSync(join(dir, file), 'utf8');
      const varsPath = join(dir, `${name}${VARS_SUFFIX}`);
      if (!existsSync(varsPath)) return { name, script };
      try {
        return { name, script, vars: parseTaskVars(readFileSync(varsPath, 'utf8')) };
      } catch (error) {
        throw new Error(`TASKS_DIR ${varsPath}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
    });
}
