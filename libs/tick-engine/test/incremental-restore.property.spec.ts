import fc from 'fast-check';
import type { AlertEvent, FieldValue, Point } from '@vigil/core';
import { compileTickScript, type Pipeline } from '@vigil/tick-lang';
import { createTask, type IncrementalTask, type Task } from '../src/task/task';

const SECOND = 1_000_000_000n;
const START = 1_709_287_200n * SECOND;
const DBRP = 'dbrp "vigil"."autogen"\n';

/** Tasks whose state splits by group; their points and events are compared. */
const TASKS: Record<string, string> = {
  stateCount: `stream|from().measurement('m').groupBy('host')|stateCount(lambda: "v" > 50.0)|influxDBOut().database('o')`,
  stateDuration: `stream|from().measurement('m').groupBy('host')|stateDuration(lambda: "v" > 50.0).unit(1s)|log()`,
  statefulLambda: `stream|from().measurement('m').groupBy('host')|stateCount(lambda: count() % 2 == 0)|log()`,
  stateCountAlert: `stream|from().measurement('m').groupBy('host')|stateCount(lambda: "v" > 50.0)|alert().id('{{ index .Tags "host" }}').crit(lambda: "state_count" >= 2).warn(lambda: "state_count" >= 1).stateChangesOnly().topic('t').log('/dev/null')`,
  sharedId: `stream|from().measurement('m').groupBy('host')|alert().id('one').crit(lambda: "v" > 70.0).info(lambda: "v" > 20.0).log('/dev/null')`,
  seedLike: `stream|from().measurement('m').groupBy('host')|stateCount(lambda: "v" < 30.0).as('e')|alert().id('x{{ index .Tags "host" }}').info(lambda: "v" >= 30.0).crit(lambda: "e" >= 2).stateChangesOnly().noRecoveries().log('/dev/null')`,
};

const pointsArbitrary = fc
  .array(
    fc.record({
      host: fc.constantFrom('a', 'b', 'c', 'd', 'e'),
      advance: fc.integer({ min: -1, max: 4 }),
      value: fc.integer({ min: 0, max: 100 }).map((v) => v as FieldValue),
      save: fc.boolean(),
    }),
    { minLength: 1, maxLength: 80 },
  )
  .map((draws) => {
    let time = START;
    return draws.map((draw) => {
      time += BigInt(draw.advance) * SECOND;
      const point: Point = { database: 'vigil', retentionPolicy: 'autogen', name: 'm', tags: { host: draw.host }, fields: { v: draw.value }, time };
      return { point, save: draw.save };
    });
  });

/** A store of entries as a host keeps them: task-level entry, groups and keys, all through JSON. */
class EntryStore {
  shared: string | undefined;
  readonly groups = new Map<string, string>();
  readonly keys = new Map<string, string>();

  save(task: IncrementalTask): void {
    const delta = task.takeDelta();
    if (delta.replace) {
      this.groups.clear();
      this.keys.clear();
    }
    this.shared = JSON.stringify(delta.shared);
    for (const [group, entry] of delta.groups) {
      if (entry === undefined) this.groups.delete(group);
      else this.groups.set(group, JSON.stringify(entry));
    }
    for (const [key, state] of delta.keys) this.keys.set(key, JSON.stringify(state));
  }

  /** Loads the group of a point when it is saved and not in memory: what a host does per batch. */
  admit(task: IncrementalTask, point: Point): void {
    const group = task.groupOf(point);
    if (task.isResident(group) || task.isExpired(group)) return;
    const saved = this.groups.get(group);
    if (saved !== undefined) task.admit([[group, JSON.parse(saved) as unknown]]);
  }

  restore(task: IncrementalTask): void {
    task.restoreEntries(JSON.parse(this.shared as string) as unknown, [...this.keys].map(([key, text]) => [key, JSON.parse(text) as unknown] as const));
  }
}

function build(pipeline: Pipeline, outputs: string[]): Task {
  return createTask(pipeline, {
    taskName: 'property',
    now: () => 0n,
    emitEvent: (event: AlertEvent) => outputs.push(`event ${event.id} ${event.level} ${event.previousLevel} ${event.message}`),
    emitPoint: (sink, point) => outputs.push(`point ${sink.node} ${JSON.stringify(point.fields, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}i` : v))}`),
    log: (entry) => (entry.node.startsWith('log') ? outputs.push(`log ${entry.message}`) : undefined),
    publish: () => undefined,
  });
}

function run(pipeline: Pipeline, steps: readonly { point: Point; save: boolean }[], plan?: { idle: number; expire: boolean; cutAt: number }): string[] {
  const outputs: string[] = [];
  let task = build(pipeline, outputs);
  const store = new EntryStore();
  steps.forEach((step, index) => {
    if (plan) {
      const incremental = task.incremental as IncrementalTask;
      if (index === plan.cutAt) {
        store.save(incremental);
        task = build(pipeline, outputs);
        store.restore(task.incremental as IncrementalTask);
      }
      store.admit(task.incremental as IncrementalTask, step.point);
    }
    task.write(step.point);
    if (plan && step.save) {
      const incremental = task.incremental as IncrementalTask;
      store.save(incremental);
      incremental.evictIdle(plan.idle, plan.expire);
    }
  });
  return outputs;
}

describe('incremental checkpoints', () => {
  it.each(Object.entries(TASKS))('%s: saved by group, evicted, reloaded and restored from entries gives the uninterrupted outputs', (_name, script) => {
    const { pipeline } = compileTickScript(DBRP + script);
    expect(build(pipeline, []).incremental).toBeDefined();
    fc.assert(
      fc.property(pointsArbitrary, fc.nat(), fc.integer({ min: 0, max: 3 }), fc.boolean(), (steps, cut, idle, expire) => {
        const plan = { idle, expire, cutAt: cut % (steps.length + 1) };
        expect(run(pipeline, steps, plan)).toEqual(run(pipeline, steps));
      }),
      { numRuns: 150 },
    );
  });

  it('does not forget a quiet group whose alert id another group shares (expiry would restart it from the id\'s new level)', () => {
    // Found by the property above: a expires at OK, e moves the shared id 'one' to INFO, and a
    // recreated a would start at INFO and send a recovery the uninterrupted run never sends.
    const { pipeline } = compileTickScript(DBRP + (TASKS['sharedId'] as string));
    const point = (host: string, v: number): Point => ({ database: 'vigil', retentionPolicy: 'autogen', name: 'm', tags: { host }, fields: { v }, time: START });
    const steps = [
      { point: point('a', 0), save: true },
      { point: point('e', 21), save: false },
      { point: point('a', 0), save: false },
    ];
    expect(run(pipeline, steps, { idle: 0, expire: true, cutAt: 0 })).toEqual(run(pipeline, steps));
  });

  it.each(Object.entries(TASKS))('%s: the entries of every delta, restored with all groups, give the whole snapshot', (_name, script) => {
    const { pipeline } = compileTickScript(DBRP + script);
    fc.assert(
      fc.property(pointsArbitrary, (steps) => {
        const task = build(pipeline, []);
        const store = new EntryStore();
        for (const step of steps) {
          task.write(step.point);
          if (step.save) store.save(task.incremental as IncrementalTask);
        }
        store.save(task.incremental as IncrementalTask);
        const restored = build(pipeline, []);
        store.restore(restored.incremental as IncrementalTask);
        (restored.incremental as IncrementalTask).admit([...store.groups].map(([group, text]) => [group, JSON.parse(text) as unknown] as const));
        expect(JSON.stringify(restored.snapshot())).toBe(JSON.stringify(task.snapshot()));
      }),
      { numRuns: 100 },
    );
  });

  it('moves a task restored whole (the old checkpoint format) to entries: its first delta replaces and holds every group', () => {
    const { pipeline } = compileTickScript(DBRP + (TASKS['seedLike'] as string));
    const task = build(pipeline, []);
    for (const host of ['a', 'b', 'c']) task.write({ database: 'vigil', retentionPolicy: 'autogen', name: 'm', tags: { host }, fields: { v: 10 }, time: START });
    const restored = build(pipeline, []);
    restored.restore(JSON.parse(JSON.stringify(task.snapshot())));
    const delta = (restored.incremental as IncrementalTask).takeDelta();
    expect(delta.replace).toBe(true);
    expect([...delta.groups.keys()]).toEqual(['host=a', 'host=b', 'host=c']);
    expect(delta.shared.groups).toBe(3);
  });

  it('refuses points of new groups past the limit and keeps the existing groups working', () => {
    const { pipeline } = compileTickScript(DBRP + (TASKS['stateCount'] as string));
    const outputs: string[] = [];
    const task = build(pipeline, outputs);
    const incremental = task.incremental as IncrementalTask;
    incremental.maxGroups = 2;
    const write = (host: string, v: number, s: bigint) => task.write({ database: 'vigil', retentionPolicy: 'autogen', name: 'm', tags: { host }, fields: { v }, time: START + s * SECOND });
    write('a', 60, 1n);
    write('b', 60, 2n);
    write('c', 60, 3n);
    write('a', 60, 4n);
    write('c', 60, 5n);
    expect(outputs).toEqual(['point influxdb_out3 {"v":60,"state_count":"1i"}', 'point influxdb_out3 {"v":60,"state_count":"1i"}', 'point influxdb_out3 {"v":60,"state_count":"2i"}']);
    expect(incremental.refused).toBe(2);
    expect(incremental.heldGroups).toBe(2);
  });

  it('does not split tasks whose state is not per group', () => {
    for (const script of [
      `stream|from().groupBy('host')|window().period(10s)|mean('v')|log()`,
      `stream|from().groupBy('host')|deadman(1.0, 5s)`,
      `stream|from().groupBy('host')|stateCount(lambda: TRUE)|groupBy('dc')|log()`,
    ]) {
      expect(build(compileTickScript(DBRP + script).pipeline, []).incremental).toBeUndefined();
    }
  });
});
