import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DBRP, lines, Recorder } from '../../testing/script-harness.test';
import { createTaskFromScript } from '../../task/create-task-from-script';
import { validateTask } from '../../task/validate-task';
import { compileTickScript } from '@vigil/tick-lang';
import { createEngineRegistry } from '../node-registry';
import { SideloadSources, sideloadReloadMessage } from './sideload-sources';

function directoryWith(file: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-sideload-reload-'));
  writeFileSync(join(dir, file), text);
  return dir;
}

function taskOf(script: string, sources: SideloadSources) {
  const recorder = new Recorder();
  const task = createTaskFromScript(DBRP + script, { ...recorder, registry: createEngineRegistry({}, undefined, undefined, sources) });
  return { task, recorder };
}

describe('sideload reload', () => {
  it('gives the next point the new value and leaves the state of the nodes upstream as it was', () => {
    const dir = directoryWith('limits.json', '{"limit": 10}');
    const sources = new SideloadSources();
    const script = `stream|from().measurement('m')|stateCount(lambda: "v" > 0).as('n')|sideload().source('file://${dir}').order('limits.json').field('limit', 0)|httpOut('out')`;
    const { task, recorder } = taskOf(script, sources);
    for (const point of lines('m v=1 1\nm v=1 2')) task.write(point);
    const before = JSON.stringify(task.snapshot());

    writeFileSync(join(dir, 'limits.json'), '{"limit": 20}');
    expect(sources.reload()).toEqual([]);
    // The reload touched no node's state: the stateCount's count of 2 is still there.
    expect(JSON.stringify(task.snapshot())).toBe(before);

    for (const point of lines('m v=1 3')) task.write(point);
    expect(recorder.outPoints().map((point) => [point.fields['n'], point.fields['limit']])).toEqual([
      [1n, 10n],
      [2n, 10n],
      [3n, 20n],
    ]);
  });

  it('keeps the old values of a source whose file no longer reads, reports it naming the file, and reloads the others', () => {
    const broken = directoryWith('a.json', '{"x": 1}');
    const fine = directoryWith('b.json', '{"y": 1}');
    const sources = new SideloadSources();
    const { task, recorder } = taskOf(
      `stream|from()|sideload().source('file://${broken}').order('a.json').field('x', 0)|sideload().source('file://${fine}').order('b.json').field('y', 0)|httpOut('out')`,
      sources,
    );
    writeFileSync(join(broken, 'a.json'), '{"x": ');
    writeFileSync(join(fine, 'b.json'), '{"y": 2}');
    const failures = sources.reload();
    expect(failures.map((failure) => failure.dir)).toEqual([broken]);
    expect(sideloadReloadMessage(failures)).toContain(`failed to update source "${broken}": failed to update sideload cache for source file "${broken}": failed to unmarshal json values "${join(broken, 'a.json')}"`);
    for (const point of lines('m v=1 1')) task.write(point);
    expect(recorder.outPoints()[0]?.fields).toEqual({ v: 1, x: 1n, y: 2n });
  });

  it('forgets the sources of a closed task and of a task only validated', () => {
    const dir = directoryWith('a.json', '{"x": 1}');
    const sources = new SideloadSources();
    const script = `stream|from()|sideload().source('file://${dir}').order('a.json').field('x', 0)|httpOut('out')`;
    const { task } = taskOf(script, sources);
    validateTask(compileTickScript(DBRP + script).pipeline, 'checked', createEngineRegistry({}, undefined, undefined, sources));
    expect(sources.directories).toEqual([dir]);
    task.close();
    expect(sources.directories).toEqual([]);
    // A reload after the task went reads nothing, so a removed folder fails nothing.
    rmSync(dir, { recursive: true });
    expect(sources.reload()).toEqual([]);
  });

  it('forgets the sources a task built before another node of it failed', () => {
    const dir = directoryWith('a.json', '{"x": 1}');
    const sources = new SideloadSources();
    expect(() => taskOf(`stream|from()|sideload().source('file://${dir}').field('x', 0)|sideload().source('file://${dir}').order('{{').field('x', 0)`, sources)).toThrow(/invalid order template/);
    expect(sources.directories).toEqual([]);
  });
});
