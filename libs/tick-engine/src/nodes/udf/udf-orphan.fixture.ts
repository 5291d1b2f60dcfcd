/**
 * Run by udf.node.spec with `node --expose-gc --import tsx`: builds a task with a udf node, lets
 * its agent start, drops the task without closing it, collects garbage, and prints the agent's pid
 * and whether that process is still there.
 */
import { compileTickScript } from '@vigil/tick-lang';
import { createTask } from '../../task/task';
import { createEngineRegistry } from '../node-registry';
import { testAgentConfig } from './agent/test-agent.fixture';
import { UdfAgents } from './udf.node';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function main(): Promise<void> {
  const agents = new UdfAgents({ sum: testAgentConfig('stream') });
  let pid = 0;
  (() => {
    const { pipeline } = compileTickScript('dbrp "db"."rp"\nstream|from()@sum()|httpOut(\'out\')', { udfs: { sum: { wants: 'stream', provides: 'stream', options: {} } } });
    const task = createTask(pipeline, {
      taskName: 'orphan',
      now: () => 0n,
      emitEvent: () => undefined,
      emitPoint: () => undefined,
      publish: (_endpoint, _group, message) => {
        if (message?.kind === 'point') pid = Number(message.point.fields['pid']);
      },
      log: () => undefined,
      registry: createEngineRegistry({}, agents),
    });
    task.write({ database: 'db', retentionPolicy: 'rp', name: 'm', tags: {}, fields: { value: 1 }, time: 1n });
  })();
  const runningBefore = agents.size;
  const aliveBefore = alive(pid);
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let i = 0; i < 50 && alive(pid); i++) {
    gc?.();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  process.stdout.write(`${JSON.stringify({ pid, runningBefore, aliveBefore, aliveAfter: alive(pid), runningAfter: agents.size })}\n`);
}

void main();
