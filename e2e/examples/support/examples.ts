import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repositoryRoot, startProcess } from '@vigil/testing';

/** The URL the examples' `.post()` handlers name; the tests put their own receiver there. */
export const EXAMPLE_POST_URL = 'http://localhost:9000/alerts';

/** A file of examples/<name>/. */
export function exampleFile(example: string, file: string): string {
  return readFileSync(join(repositoryRoot(), 'examples', example, file), 'utf8');
}

/** The `.tick` files of an example, sorted by name. */
export function exampleTasks(example: string): string[] {
  return readdirSync(join(repositoryRoot(), 'examples', example))
    .filter((file) => file.endsWith('.tick'))
    .sort();
}

/** A task's script with its `.post()` handlers sent to `url`; fails when the script names no such handler. */
export function postingTo(script: string, url: string): string {
  const quoted = `'${EXAMPLE_POST_URL}'`;
  if (!script.includes(quoted)) throw new Error(`the task no longer posts to ${EXAMPLE_POST_URL}`);
  return script.split(quoted).join(`'${url}'`);
}

/** Runs the `vigil` CLI from the repository root to its end. */
export async function runVigil(...args: string[]): Promise<{ code: number | NodeJS.Signals; stdout: string; output: string }> {
  const root = repositoryRoot();
  const run = startProcess('bash', [join(root, 'tools/node24/run.sh'), join(root, 'tools/bin/vigil.cjs'), ...args], { cwd: root, env: { PATH: process.env['PATH'], HOME: process.env['HOME'] } });
  const code = await run.exited;
  return { code, stdout: run.stdout(), output: run.output() };
}

/** Non-empty lines of a text. */
export function lines(text: string): string[] {
  return text.split('\n').filter((line) => line !== '');
}
