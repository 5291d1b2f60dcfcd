import { createTaskFromScript, createEngineRegistry, SideloadSources } from '@vigil/tick-engine';
import type { FieldValue } from '@vigil/core';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reloadEvaluatorSideloads } from './evaluator-sideload-reload';

function taskReading(dir: string, sources: SideloadSources, seen: FieldValue[]) {
  const script = `dbrp "db"."rp"\nstream|from()|sideload().source('file://${dir}').order('a.json').field('x', 0)|httpOut('out')`;
  return createTaskFromScript(script, {
    taskName: 't',
    registry: createEngineRegistry({}, undefined, undefined, sources),
    now: () => 0n,
    emitEvent: () => undefined,
    emitPoint: () => undefined,
    log: () => undefined,
    publish: (_endpoint, _group, message) => {
      if (message?.kind === 'point') seen.push(message.point.fields['x'] as FieldValue);
    },
  });
}

describe('reloadEvaluatorSideloads', () => {
  it("reads the running tasks' directories again and logs each one that failed, naming the file, with the request id", () => {
    const good = mkdtempSync(join(tmpdir(), 'vigil-evaluator-sideload-'));
    const bad = mkdtempSync(join(tmpdir(), 'vigil-evaluator-sideload-'));
    writeFileSync(join(good, 'a.json'), '{"x": 1}');
    writeFileSync(join(bad, 'a.json'), '{"x": 5}');
    const sources = new SideloadSources();
    const seen: FieldValue[] = [];
    const tasks = [taskReading(good, sources, seen), taskReading(bad, sources, seen)];
    writeFileSync(join(good, 'a.json'), '{"x": 2}');
    writeFileSync(join(bad, 'a.json'), 'not json');
    const lines: [string, object, string][] = [];
    reloadEvaluatorSideloads(sources, { id: 'req-1' }, { info: (fields, message) => lines.push(['info', fields, message]), error: (fields, message) => lines.push(['error', fields, message]) });
    for (const task of tasks) task.write({ database: 'db', retentionPolicy: 'rp', name: 'm', tags: {}, fields: { v: 1 }, time: 1n });
    expect(seen).toEqual([2n, 5n]);
    expect(lines).toEqual([
      ['error', { request: 'req-1', dir: bad, err: expect.stringContaining(`failed to unmarshal json values "${join(bad, 'a.json')}"`) }, 'sideload reload: the source keeps its old values'],
      ['info', { request: 'req-1', directories: 2, failed: 1 }, 'sideload sources read again'],
    ]);
  });
});
