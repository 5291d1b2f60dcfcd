import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { TaskSource } from '@vigil/evaluation';

/**
 * The `.tick` files of TASKS_DIR, in name order, each named after its file. Subfolders and
 * other files are ignored. A missing or unreadable folder is an error: a typo in TASKS_DIR must
 * not start an evaluator that silently evaluates nothing.
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
    .map((name) => ({ name: basename(name, '.tick'), script: readFileSync(join(dir, name), 'utf8') }));
}
