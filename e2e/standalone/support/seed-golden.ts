import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repositoryRoot } from '@vigil/testing';

/**
 * The seed's provider-health golden case (libs/tick-engine/test/golden/seed-provider-health):
 * the task, the seed's points as line protocol, and the events Kapacitor 1.6.6 sent, one JSON per
 * line (the 3rd and 5th are the seed's two payloads byte for byte).
 */
export function seedGolden(postUrl: string): { task: string; lines: string; expected: string[] } {
  const folder = join(repositoryRoot(), 'libs/tick-engine/test/golden/seed-provider-health');
  const task = readFileSync(join(folder, 'task.tick'), 'utf8');
  const url = "'http://localhost:9000/alerts'";
  if (!task.includes(url)) throw new Error(`the seed task no longer posts to ${url}`);
  return {
    task: task.replace(url, `'${postUrl}'`),
    lines: readFileSync(join(folder, 'input.lp'), 'utf8'),
    expected: readFileSync(join(folder, 'expected.jsonl'), 'utf8').split('\n').filter((line) => line !== ''),
  };
}
