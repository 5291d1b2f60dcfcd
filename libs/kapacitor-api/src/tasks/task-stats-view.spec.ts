import type { NodeStatistics } from '@vigil/evaluation';
import { compileTickScript } from '@vigil/tick-lang';
import { EMPTY_TASK_RECORD, type KapacitorTask } from './kapacitor-task';
import { executingDot, nodeStatsOf, withStatistics } from './task-stats-view';
import { taskObject } from './task-view';

const SCRIPT = `dbrp "telegraf"."autogen"\nstream|from().measurement('cpu')|alert().crit(lambda: "usage" > 90).log('/tmp/cpu.log')`;
const NODES: NodeStatistics[] = [
  { node: 'stream0', type: 'stream', collected: 3, emitted: 3, processed: 3, errors: 0, avgExecTimeNs: 0, workingCardinality: 0 },
  { node: 'from1', type: 'from', collected: 3, emitted: 2, processed: 2, errors: 0, avgExecTimeNs: 1500, workingCardinality: 0 },
  { node: 'alert2', type: 'alert', collected: 2, emitted: 0, processed: 0, errors: 1, avgExecTimeNs: 2_500_000, workingCardinality: 2, alerts: { triggered: 1, inhibited: 0, ok: 0, info: 0, warning: 0, critical: 1 } },
];
const task: KapacitorTask = { name: 'cpu', script: SCRIPT, status: 'enabled', record: EMPTY_TASK_RECORD };

describe('executing task statistics', () => {
  const { pipeline } = compileTickScript(SCRIPT);

  it('writes the DOT as ExecutingTask.EDot does, attributes and labels', () => {
    expect(executingDot(pipeline, 'cpu', NODES, false)).toBe(
      'digraph cpu {\n' +
        '\nstream0 [avg_exec_time_ns="0s" errors="0" working_cardinality="0" ];\nstream0 -> from1 [processed="3"];\n' +
        '\nfrom1 [avg_exec_time_ns="1.5µs" errors="0" working_cardinality="0" ];\nfrom1 -> alert2 [processed="2"];\n' +
        '\nalert2 [alerts_inhibited="0" alerts_triggered="1" avg_exec_time_ns="2.5ms" crits_triggered="1" errors="1" infos_triggered="0" oks_triggered="0" warns_triggered="0" working_cardinality="2" ];\n' +
        '}',
    );
    expect(executingDot(pipeline, 'cpu', NODES, true)).toBe(
      'digraph cpu {\n' +
        '\nstream0 [xlabel="avg_exec_time_ns=0s\\rerrors=0\\rworking_cardinality=0"];\nstream0 -> from1 [label="processed=3"];\n' +
        '\nfrom1 [xlabel="avg_exec_time_ns=1.5µs\\rerrors=0\\rworking_cardinality=0"];\nfrom1 -> alert2 [label="processed=2"];\n' +
        '\nalert2 [xlabel="alerts_inhibited=0\\ralerts_triggered=1\\ravg_exec_time_ns=2.5ms\\rcrits_triggered=1\\rerrors=1\\rinfos_triggered=0\\roks_triggered=0\\rwarns_triggered=0\\rworking_cardinality=2"];\n' +
        '}',
    );
  });

  it('gives node-stats as ExecutionStats does: the statMap with collected and emitted, in ns', () => {
    expect(nodeStatsOf(NODES)).toEqual({
      stream0: { avg_exec_time_ns: 0, collected: 3, emitted: 3, errors: 0, working_cardinality: 0 },
      from1: { avg_exec_time_ns: 1500, collected: 3, emitted: 2, errors: 0, working_cardinality: 0 },
      alert2: { alerts_inhibited: 0, alerts_triggered: 1, avg_exec_time_ns: 2_500_000, collected: 2, crits_triggered: 1, emitted: 0, errors: 1, infos_triggered: 0, oks_triggered: 0, warns_triggered: 0, working_cardinality: 2 },
    });
    expect(Object.keys(nodeStatsOf(NODES)['alert2'] ?? {})).toEqual(['alerts_inhibited', 'alerts_triggered', 'avg_exec_time_ns', 'collected', 'crits_triggered', 'emitted', 'errors', 'infos_triggered', 'oks_triggered', 'warns_triggered', 'working_cardinality']);
  });

  it('puts them in the views of an enabled task only, and only in the fields the view has', async () => {
    const source = { statistics: async (name: string) => (name === 'cpu' ? NODES : undefined) };
    const shown = await withStatistics(task, taskObject(task), source, false);
    expect(shown.stats).toEqual({ 'node-stats': nodeStatsOf(NODES) });
    expect(shown.dot).toBe(executingDot(pipeline, 'cpu', NODES, false));
    expect(await withStatistics(task, { id: 'cpu' }, source, false)).toEqual({ id: 'cpu' });
    const disabled = { ...task, status: 'disabled' as const };
    expect(await withStatistics(disabled, taskObject(disabled), source, false)).toEqual(taskObject(disabled));
    expect(await withStatistics({ ...task, name: 'other' }, taskObject({ ...task, name: 'other' }), source, false)).toEqual(taskObject({ ...task, name: 'other' }));
  });
});
