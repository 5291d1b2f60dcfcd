import { compileTickScript } from '@vigil/tick-lang';
import { DBRP, lines, Recorder } from '../testing/script-harness.test';
import type { EvaluationFailure } from '../runtime/node-runtime';
import { createTask } from './task';
import { TaskStatistics } from './task-statistics';

const SCRIPT = `${DBRP}var data = stream|from().measurement('cpu')
data|where(lambda: "value" > 1)|alert().crit(lambda: "value" > 2).warn(lambda: "value" / "zero" > 0).topic('t')
data|httpOut('out')`;

/** A clock that moves 100 ns per reading, so every timed delivery takes a known time. */
function steppingClock(): () => number {
  let ns = 0;
  return () => (ns += 100);
}

function statisticsTask(options: ConstructorParameters<typeof TaskStatistics>[1] = {}) {
  const { pipeline } = compileTickScript(SCRIPT);
  const statistics = new TaskStatistics(pipeline, options);
  const recorder = new Recorder();
  const failures: EvaluationFailure[] = [];
  const task = createTask(pipeline, { ...recorder, statistics, evaluationFailed: (failure) => failures.push(failure) });
  return { task, statistics, recorder, failures };
}

describe('TaskStatistics', () => {
  it('counts what each node collected and emitted, and what each edge carried, as Kapacitor does', () => {
    const { task } = statisticsTask();
    for (const point of lines(`cpu value=1 1
      mem value=5 2
      cpu value=3 3
      cpu value=4 4`)) {
      task.write(point);
    }
    const byNode = Object.fromEntries(task.statistics.nodes().map((node) => [node.node, node]));
    // stream0 gets every point of its dbrp; from1 passes the three cpu points to both children.
    expect(byNode['stream0']).toMatchObject({ collected: 4, processed: 4, emitted: 4 });
    expect(byNode['from1']).toMatchObject({ collected: 4, processed: 3, emitted: 6 });
    expect(byNode['where2']).toMatchObject({ collected: 3, processed: 2, emitted: 2 });
    // A leaf has no out edges, so it emits nothing, whatever it does with its messages.
    expect(byNode['alert3']).toMatchObject({ collected: 2, emitted: 0 });
    expect(byNode['http_out4']).toMatchObject({ collected: 3, emitted: 0 });
  });

  it("reads each node's groups as Kapacitor's working_cardinality: grouped nodes count them, the others show 0", () => {
    const script = `${DBRP}var data = stream|from().measurement('cpu').groupBy('host')
data|where(lambda: "value" > 1)|alert().crit(lambda: "value" > 2).topic('t')
data|window().period(10s).every(10s)|mean('value')|httpOut('out')
data|barrier().idle(1m).delete(TRUE)|log()`;
    const { pipeline } = compileTickScript(script);
    const recorder = new Recorder();
    const task = createTask(pipeline, { ...recorder });
    // Hosts a and b reach every node; c's only point is under the where threshold; the 20 s
    // points close each host's first window, so mean and httpOut see a and b only.
    for (const point of lines(`cpu,host=a value=3 1000000000
      cpu,host=b value=2 2000000000
      cpu,host=c value=1 3000000000
      cpu,host=a value=3 20000000000
      cpu,host=b value=3 21000000000
      mem,host=d value=9 22000000000`)) {
      task.write(point);
    }
    const groups = task.groupCounts();
    const byNode = Object.fromEntries(task.statistics.nodes(groups).map((node) => [node.node, node.workingCardinality]));
    expect(byNode).toEqual({ stream0: 0, from1: 0, where2: 3, alert3: 2, window4: 3, mean5: 2, http_out6: 2, barrier7: 3, log8: 0 });
    // Without the counts (a host that reads none) every node shows 0.
    expect(task.statistics.nodes().every((node) => node.workingCardinality === 0)).toBe(true);
  });

  it('counts the groups a task checkpointed by group evicted to the store as still held', () => {
    const { pipeline } = compileTickScript(`${DBRP}stream|from().measurement('cpu').groupBy('host')|stateCount(lambda: "value" > 1)|alert().crit(lambda: "state_count" > 2).topic('t')`);
    const task = createTask(pipeline, { ...new Recorder() });
    const incremental = task.incremental;
    if (!incremental) throw new Error('the pipeline should checkpoint by group');
    for (const point of lines('cpu,host=a value=2 1\ncpu,host=b value=2 2\ncpu,host=c value=2 3')) task.write(point);
    incremental.takeDelta();
    for (const point of lines('cpu,host=a value=2 4')) task.write(point);
    incremental.takeDelta();
    // b and c were idle for a saved step: they leave memory, their state in the store.
    expect(incremental.evictIdle(1, false)).toEqual({ evicted: 2, expired: 0 });
    expect(incremental.residentGroups).toBe(1);
    expect(task.groupCounts()).toEqual([0, 0, 3, 3]);
  });

  it('counts alert events by level and evaluation errors per node', () => {
    const { task, recorder, failures } = statisticsTask();
    for (const point of lines(`cpu value=3,zero=0 1
      cpu value=3,zero=0 2
      cpu value=2,zero=1 3
      cpu value=2 4
      cpu value=2 5`)) {
      task.write(point);
    }
    const alert = task.statistics.nodes().find((node) => node.node === 'alert3');
    // An alert node sends every non-OK event, not only changes, unless stateChangesOnly.
    // A point whose level cannot be decided is OK, and the first OK after an alert is sent.
    expect(recorder.events.map((event) => event.level)).toEqual(['CRITICAL', 'CRITICAL', 'WARNING', 'OK']);
    expect(alert?.alerts).toEqual({ triggered: 4, inhibited: 0, ok: 1, info: 0, warning: 1, critical: 2 });
    // The warn lambda reads a field the last two points lack: each failed evaluation the node
    // reports counts (what vigil_evaluation_errors_total counts too).
    expect(failures.length).toBeGreaterThanOrEqual(2);
    expect(alert?.errors).toBe(failures.filter((failure) => failure.node === 'alert3').length);
    expect(task.statistics.nodes().find((node) => node.node === 'where2')).not.toHaveProperty('alerts');
  });

  it('counts an alert once whether it goes to no topic, one or two', () => {
    for (const [calls, events] of [['', 0], [".topic('t')", 1], [".log('/tmp/alerts.log').topic('t')", 2]] as const) {
      const { pipeline } = compileTickScript(`${DBRP}stream|from()|alert().crit(lambda: TRUE)${calls}`);
      const recorder = new Recorder();
      const task = createTask(pipeline, recorder);
      for (const point of lines('cpu value=1 1\ncpu value=1 2')) task.write(point);
      expect(recorder.events).toHaveLength(2 * events);
      expect(task.statistics.nodes()[2]?.alerts).toEqual({ triggered: 2, inhibited: 0, ok: 0, info: 0, warning: 0, critical: 2 });
    }
  });

  it("times a node's own work without its children's, one message in sampleEvery", () => {
    const { task } = statisticsTask({ clockNs: steppingClock(), sampleEvery: 2 });
    for (const point of lines(`cpu value=1 1
      cpu value=1 2`)) {
      task.write(point);
    }
    const times = Object.fromEntries(task.statistics.nodes().map((node) => [node.node, node.avgExecTimeNs]));
    // The second point is stream0's sampled one; every delivery below it is timed too (the
    // where drops it before alert3). Each clock reading moves 100 ns, so a node's own time is
    // what was read in its own frame: a leaf 100, from1 500 less where2's and http_out4's 100
    // each, stream0 700 less from1's 500.
    expect(times['http_out4']).toBe(100);
    expect(times['where2']).toBe(100);
    expect(times['from1']).toBe(300);
    expect(times['stream0']).toBe(200);
    expect(times['alert3']).toBe(0);
  });

  it('keeps counting across a restore, and refuses counters made for another pipeline', () => {
    const { task, statistics } = statisticsTask();
    const [point] = lines('cpu value=3 1');
    task.write(point!);
    task.restore(task.snapshot());
    task.write(point!);
    expect(task.statistics).toBe(statistics);
    expect(statistics.nodes()[0]?.collected).toBe(2);
    const other = compileTickScript(`${DBRP}stream|from()|httpOut('out')`).pipeline;
    expect(() => createTask(other, { ...new Recorder(), statistics })).toThrow('task test: the statistics given were made for another pipeline');
  });
});
