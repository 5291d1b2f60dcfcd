import { SERIES_PARTITION_KEYS } from '@vigil/evaluation';
import { encodeTaskRecord, type KapacitorTask } from '@vigil/kapacitor-api';
import type { Logger } from '@vigil/observability';
import { EvaluatorTasks } from './evaluator-tasks';

const TIME = '2024-05-01T10:00:00.000Z';
const GOOD = "dbrp \"telegraf\".\"autogen\"\nstream\n    |from()\n        .measurement('cpu')\n    |alert()\n        .crit(lambda: \"usage\" > 90.0)\n";
/** Written by an older vigil, or restored from a backup: this vigil knows no such node. */
const BROKEN = "dbrp \"telegraf\".\"autogen\"\nstream\n    |from()\n        .measurement('cpu')\n    |nosuchnode()\n";

const record = (name: string, script: string, offset: bigint): { key: string; value: Buffer; offset: bigint } => {
  const task: KapacitorTask = { name, script, status: 'enabled', record: { dbrps: [], created: TIME, modified: TIME, lastEnabled: TIME } };
  return { key: name, value: Buffer.from(encodeTaskRecord(task)), offset };
};

/** A logger that keeps the error lines, so a test can count them. */
function errorLines(): { logger: Logger; errors: { task: unknown; message: string }[] } {
  const errors: { task: unknown; message: string }[] = [];
  const ignore = (): void => undefined;
  const logger = { error: (fields: { task?: unknown }, message: string) => errors.push({ task: fields.task, message }), warn: ignore, info: ignore, debug: ignore } as unknown as Logger;
  return { logger, errors };
}

describe('EvaluatorTasks over a tasks topic holding a task that no longer compiles', () => {
  it('runs the others and leaves it out with one error line, also when later records arrive', () => {
    const { logger, errors } = errorLines();
    const tasks = new EvaluatorTasks([], SERIES_PARTITION_KEYS, () => undefined, logger);
    const change = tasks.apply([record('old', BROKEN, 1n), record('new', GOOD, 2n)]);
    expect(change?.definitions.map((definition) => definition.name)).toEqual(['new']);
    expect([...(change?.changed ?? [])]).toEqual(['new']);
    expect(tasks.apply([record('other', GOOD, 3n)])?.definitions.map((definition) => definition.name)).toEqual(['new', 'other']);
    expect(errors).toEqual([{ task: 'old', message: 'a task of the task API cannot run on this evaluator; it is left out' }]);
  });
});
