import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineTasks, SERIES_PARTITION_KEYS } from '@vigil/evaluation';
import { createTask } from '@vigil/tick-engine';
import { readTaskFiles } from './task-files';

const LIMIT_TASK = ['dbrp "db"."autogen"', 'var limit = 10.0', 'stream', "  |from().measurement('cpu')", '  |where(lambda: "v" > limit)', "  |httpOut('out')", ''].join('\n');

/** The values the task's httpOut published after one point with v = 2. */
function publishedFor(dir: string): unknown[] {
  const [definition] = defineTasks(readTaskFiles(dir), SERIES_PARTITION_KEYS);
  if (!definition) throw new Error('no task');
  const published: unknown[] = [];
  const task = createTask(definition.pipeline, { taskName: definition.name, now: () => 0n, emitEvent: () => undefined, emitPoint: () => undefined, log: () => undefined, publish: (_endpoint, _group, message) => void published.push(message) });
  task.write({ database: 'db', retentionPolicy: 'autogen', name: 'cpu', tags: {}, fields: { v: 2 }, time: 1n });
  return published;
}

describe('readTaskFiles', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-tasks-'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the .tick files in name order, named after their files', () => {
    writeFileSync(join(dir, 'b.tick'), 'B');
    writeFileSync(join(dir, 'a.tick'), 'A');
    writeFileSync(join(dir, 'notes.txt'), 'ignored');
    mkdirSync(join(dir, 'sub.tick'));
    expect(readTaskFiles(dir)).toEqual([
      { name: 'a', script: 'A' },
      { name: 'b', script: 'B' },
    ]);
  });

  it('gives a task the vars of its <name>.vars.json, which override the script\'s var defaults', () => {
    writeFileSync(join(dir, 'limit.tick'), LIMIT_TASK);
    expect(readTaskFiles(dir)).toEqual([{ name: 'limit', script: LIMIT_TASK }]);
    expect(publishedFor(dir)).toHaveLength(0);
    writeFileSync(join(dir, 'limit.vars.json'), JSON.stringify({ limit: { type: 'float', value: 1.5 } }));
    expect(readTaskFiles(dir)).toEqual([{ name: 'limit', script: LIMIT_TASK, vars: { limit: { type: 'float', value: 1.5 } } }]);
    expect(publishedFor(dir)).toHaveLength(1);
  });

  it('refuses a vars file that is not Kapacitor\'s vars JSON, naming it', () => {
    writeFileSync(join(dir, 'limit.tick'), LIMIT_TASK);
    writeFileSync(join(dir, 'limit.vars.json'), JSON.stringify({ limit: 1.5 }));
    expect(() => readTaskFiles(dir)).toThrow(/limit\.vars\.json: var "limit" needs "type" and "value"/);
  });

  it('refuses a folder that does not exist', () => {
    expect(() => readTaskFiles(join(dir, 'missing'))).toThrow(/TASKS_DIR .*missing: ENOENT/);
  });
});
