import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Point } from '@vigil/core';
import { compileTickScript, type UdfSignature } from '@vigil/tick-lang';
import { Recorder } from '../../testing/script-harness.test';
import { createTask, type Task } from '../../task/task';
import { createEngineRegistry } from '../node-registry';
import { testAgentConfig } from './agent/test-agent.fixture';
import { UdfAgents } from './udf.node';
import { loadUdfSignatures } from './udf-signatures';

const STREAM_SCRIPT = `dbrp "db"."rp"
stream
  |from().measurement('cpu').groupBy('host')
  @sum().field('value').scale(10.0).as('total')
  |httpOut('out')
`;

function point(host: string, value: number, second: number): Point {
  return { database: 'db', retentionPolicy: 'rp', name: 'cpu', tags: { host }, fields: { value }, time: BigInt(second) * 1_000_000_000n };
}

let signatures: Record<string, UdfSignature>;
const agents: UdfAgents[] = [];

beforeAll(async () => {
  signatures = await loadUdfSignatures({ sum: testAgentConfig('stream'), batchCount: testAgentConfig('batch') });
});

afterEach(async () => {
  await Promise.all(agents.splice(0).map((set) => set.close()));
});

function udfTask(script: string, recorder: Recorder, timeoutMs = 10_000): { task: Task; agents: UdfAgents } {
  const set = new UdfAgents({ sum: testAgentConfig('stream', timeoutMs), batchCount: testAgentConfig('batch', timeoutMs) });
  agents.push(set);
  const { pipeline } = compileTickScript(script, { udfs: signatures });
  return { task: createTask(pipeline, { ...recorder, registry: createEngineRegistry({}, set) }), agents: set };
}

/** The pid the test agent put in its last answer. */
const agentPid = (recorder: Recorder): number => Number(recorder.outPoints().at(-1)?.fields['pid']);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Whether the process runs: a process ended but not reaped (its worker thread is gone) does not. */
function running(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

const totals = (recorder: Recorder): [string, unknown][] => recorder.outPoints().map((p) => [p.tags['host'] ?? '', p.fields['total']]);

describe('the udf node with vigil\'s test agent', () => {
  it('sends each point with its group and emits what the agent answers, grouped again by its dimensions', async () => {
    const recorder = new Recorder();
    const { task, agents: set } = udfTask(STREAM_SCRIPT, recorder);
    task.write(point('a', 1, 1));
    task.write(point('b', 2, 1));
    task.write(point('a', 3, 2));
    // Each answer is emitted before write returns, as every other node's output is.
    expect(totals(recorder)).toEqual([['a', 10], ['b', 20], ['a', 40]]);
    expect(set.size).toBe(1);
    await set.close();
    const last = recorder.out()[2];
    expect(last).toMatchObject({ kind: 'point', group: 'host=a', groupTags: { host: 'a' }, point: { name: 'cpu', time: 2_000_000_000n, database: 'db' } });
    expect(set.size).toBe(0);
  });

  it('keeps the agent\'s snapshot in the task\'s and gives it to the agent of a restored task', async () => {
    const first = new Recorder();
    const { task, agents: set } = udfTask(STREAM_SCRIPT, first);
    task.write(point('a', 1, 1));
    task.write(point('a', 2, 2));
    // A checkpoint while the agent runs holds its state as of the last point.
    const saved = JSON.parse(JSON.stringify(task.snapshot())) as unknown;
    task.write(point('a', 100, 3));
    await set.close();

    const second = new Recorder();
    const restored = udfTask(STREAM_SCRIPT, second);
    restored.task.restore(saved);
    restored.task.write(point('a', 4, 3));
    expect(totals(second)).toEqual([['a', 70]]);
    await restored.agents.close();
  });

  it('stops the node with the agent\'s error text, logged once, and drops what follows', async () => {
    const recorder = new Recorder();
    const { task, agents: set } = udfTask(STREAM_SCRIPT.replace(".as('total')", ".as('total').failAbove(5.0)"), recorder);
    task.write(point('a', 1, 1));
    task.write(point('a', 9, 2));
    await set.close();
    task.write(point('a', 1, 3));
    await set.close();
    expect(totals(recorder)).toEqual([['a', 10]]);
    expect(recorder.logs.filter((entry) => entry.level === 'error')).toEqual([{ level: 'error', node: 'sum2', message: 'UDF sum failed, the node stops: value 9 is above 5' }]);
  });

  it('fails a node whose agent refuses its options at Init, with the agent\'s text', async () => {
    const recorder = new Recorder();
    const { task, agents: set } = udfTask(STREAM_SCRIPT.replace(".as('total')", ".as('')"), recorder);
    task.write(point('a', 1, 1));
    await set.close();
    expect(recorder.logs.filter((entry) => entry.level === 'error').map((entry) => entry.message)).toEqual(['UDF sum failed, the node stops: failed to initialize processes as must not be empty']);
  });

  it('sends batches as begin, points and end, and emits the batches the agent answers', async () => {
    const recorder = new Recorder();
    const script = `dbrp "db"."rp"
stream
  |from().measurement('cpu').groupBy('host')
  |window().period(10s).every(10s).align()
  @batchCount()
  |httpOut('out')
`;
    const { task, agents: set } = udfTask(script, recorder);
    for (const [host, second] of [['a', 1], ['a', 2], ['b', 3], ['a', 11], ['b', 12]] as const) task.write(point(host, 1, second));
    await set.close();
    const batches = recorder.out().map((message) => (message.kind === 'batch' ? [message.group, message.tmax, message.points.map((p) => p.fields['count'])] : []));
    expect(batches).toEqual([
      ['host=a', 10_000_000_000n, [2n]],
      ['host=b', 10_000_000_000n, [1n]],
    ]);
  });

  it('stops the agent of a node no task holds any more, once the node is collected', () => {
    // In a process of its own, where garbage collection can be asked for (udf-orphan.fixture.ts).
    const run = spawnSync(process.execPath, ['--expose-gc', '--conditions=@vigil/source', '--import', 'tsx', join(__dirname, 'udf-orphan.fixture.ts')], { encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).toBe('');
    const outcome = JSON.parse(run.stdout) as { pid: number; runningBefore: number; aliveBefore: boolean; aliveAfter: boolean; runningAfter: number };
    expect(outcome).toEqual({ pid: expect.any(Number) as number, runningBefore: 1, aliveBefore: true, aliveAfter: false, runningAfter: 0 });
  });

  it('ends the agent of a task that is closed, and that of the nodes a restore replaces', () => {
    const recorder = new Recorder();
    const { task, agents: set } = udfTask(STREAM_SCRIPT, recorder);
    task.write(point('a', 1, 1));
    const first = agentPid(recorder);
    expect(alive(first)).toBe(true);
    // A restored checkpoint runs fresh nodes: the replaced node's agent ends at once.
    task.restore(task.snapshot());
    expect(alive(first)).toBe(false);
    task.write(point('a', 2, 2));
    const second = agentPid(recorder);
    expect(second).not.toBe(first);
    expect(totals(recorder)).toEqual([['a', 10], ['a', 30]]);
    expect(set.size).toBe(1);
    task.close();
    expect(alive(second)).toBe(false);
    expect(set.size).toBe(0);
  });

  it('kills a hung agent whose worker did not answer in time, though it ignores the end of its input', async () => {
    const recorder = new Recorder();
    const { task } = udfTask(STREAM_SCRIPT, recorder, 300);
    task.write(point('a', 1, 1));
    const pid = agentPid(recorder);
    // -2: the test agent answers nothing more yet keeps its connection's keepalive check content.
    task.write(point('a', -2, 2));
    // Which side gives up first depends on scheduling (a clean-clone CI run saw the worker's own
    // keepalive check win): either way the node stops once, and the agent must end.
    const errors = recorder.logs.filter((entry) => entry.level === 'error').map((entry) => entry.message);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^UDF sum failed, the node stops: (the agent's worker did not answer within 600 ms|keepalive timed out, last keepalive received was: )/);
    // Killed from this thread with SIGTERM (SIGKILL after a grace): polled, since the signal is asynchronous.
    for (let i = 0; i < 50 && running(pid); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(running(pid)).toBe(false);
  });

  it('refuses a node of a function the deployment does not declare', () => {
    const { pipeline } = compileTickScript(STREAM_SCRIPT, { udfs: signatures });
    expect(() => createTask(pipeline, { ...new Recorder(), registry: createEngineRegistry() })).toThrow('4:4: sum2: no user-defined function sum is declared (none is declared)');
  });
});
