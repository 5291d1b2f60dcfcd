import { Registry } from 'prom-client';
import type { StepResult } from '../runtime/step-result';
import { EvaluationMetrics } from './evaluation-metrics';

/** A step that evaluated `points` points of task cpu, wrote `groupsWritten` groups and refused 2 points. */
function step(points: number, groupsWritten: number): StepResult {
  return {
    events: [],
    forwards: [],
    offset: 10n,
    write: { fields: {}, sections: new Map() },
    checkpointBytes: 100,
    groupsWritten,
    refusedByTask: new Map([['cpu', 2]]),
    changed: true,
    points,
    pointsByTask: new Map([['cpu', points]]),
    eventsByLevel: new Map([['CRITICAL', 1]]),
    undecodable: 0,
    repeats: 0,
    retried: 0,
    unforwardable: 0,
    skippedMessages: 0,
    quietEvents: 0,
  };
}

describe('EvaluationMetrics', () => {
  it('counts evaluation errors and dropped events per task and node', async () => {
    const registry = new Registry();
    const metrics = new EvaluationMetrics(registry);
    metrics.evaluationFailed('cpu', { node: 'eval2' });
    metrics.evaluationFailed('cpu', { node: 'eval2' });
    metrics.evaluationFailed('disk', { node: 'alert3' });
    metrics.eventDropped('cpu', { node: 'alert4' });
    const text = await registry.metrics();
    expect(text).toContain('vigil_evaluation_errors_total{task="cpu",node="eval2"} 2');
    expect(text).toContain('vigil_evaluation_errors_total{task="disk",node="alert3"} 1');
    expect(text).toContain('vigil_evaluation_events_dropped_total{task="cpu",node="alert4"} 1');
  });

  it('counts events per task and level and observes the delay of each task that evaluated points', async () => {
    const registry = new Registry();
    const metrics = new EvaluationMetrics(registry);
    const event = (task: string, level: string) => ({ event: { task, level } });
    metrics.stepEvaluated({ pointsByTask: new Map([['cpu', 3], ['disk', 0]]), events: [event('cpu', 'CRITICAL'), event('cpu', 'CRITICAL'), event('cpu', 'OK')] }, 10_000, 12_500);
    metrics.stepEvaluated({ pointsByTask: new Map([['cpu', 1]]), events: [] }, undefined, 20_000);
    const text = await registry.metrics();
    expect(text).toContain('vigil_evaluation_events_total{task="cpu",level="CRITICAL"} 2');
    expect(text).toContain('vigil_evaluation_events_total{task="cpu",level="OK"} 1');
    expect(text).toContain('vigil_evaluation_delay_seconds_sum{task="cpu"} 2.5');
    expect(text).toContain('vigil_evaluation_delay_seconds_count{task="cpu"} 1');
    expect(text).not.toContain('vigil_evaluation_delay_seconds_count{task="disk"}');
  });

  it('counts batch runs and failed runs per task, and the points of each successful run', async () => {
    const registry = new Registry();
    const metrics = new EvaluationMetrics(registry);
    metrics.batchRun('cpu_batch', { points: 3, failed: false });
    metrics.batchRun('cpu_batch', { points: 0, failed: true });
    metrics.batchRun('cpu_batch', { points: 0, failed: false });
    metrics.batchRun('disk_batch', { points: 20, failed: false });
    const text = await registry.metrics();
    expect(text).toContain('vigil_evaluation_batch_runs_total{task="cpu_batch"} 3');
    expect(text).toContain('vigil_evaluation_batch_run_failures_total{task="cpu_batch"} 1');
    expect(text).not.toContain('vigil_evaluation_batch_run_failures_total{task="disk_batch"}');
    expect(text).toContain('vigil_evaluation_batch_run_points_count{task="cpu_batch"} 2');
    expect(text).toContain('vigil_evaluation_batch_run_points_sum{task="cpu_batch"} 3');
    expect(text).toContain('vigil_evaluation_batch_run_points_bucket{le="0",task="cpu_batch"} 1');
    expect(text).toContain('vigil_evaluation_batch_run_points_bucket{le="10",task="cpu_batch"} 2');
    expect(text).toContain('vigil_evaluation_batch_run_points_sum{task="disk_batch"} 20');
  });

  it('reads the checkpoint age of each partition from its last confirmed save, until the partition is forgotten', async () => {
    let now = 100_000;
    const registry = new Registry();
    const metrics = new EvaluationMetrics(registry, () => now);
    metrics.checkpointSaved('vigil.points', 0, 90_000);
    metrics.checkpointSaved('vigil.points', 1);
    now = 104_000;
    let text = await registry.metrics();
    expect(text).toContain('vigil_evaluation_checkpoint_age_seconds{topic="vigil.points",partition="0"} 14');
    expect(text).toContain('vigil_evaluation_checkpoint_age_seconds{topic="vigil.points",partition="1"} 4');
    metrics.forget('vigil.points', 0);
    text = await registry.metrics();
    expect(text).not.toContain('partition="0"');
  });

  it("counts a step's points, events, refused and moved groups, and its save, the same for both modes", async () => {
    const registry = new Registry();
    const metrics = new EvaluationMetrics(registry, () => 50_000);
    metrics.stepDone('points', 3, { step: step(5, 4), unencodable: 0, checkpointSaved: true, groups: { loaded: 7, evicted: 0, expired: 1 } });
    // A step that was not saved wrote no group to the store.
    metrics.stepDone('points', 3, { step: step(1, 9), unencodable: 0, checkpointSaved: false });
    const text = await registry.metrics();
    expect(text).toContain('vigil_evaluator_task_points_total{task="cpu"} 6');
    expect(text).toContain('vigil_evaluator_events_total{level="CRITICAL"} 2');
    expect(text).toContain('vigil_evaluator_groups_refused_total{task="cpu"} 4');
    expect(text).toContain('vigil_evaluator_groups_moved_total{direction="written"} 4');
    expect(text).toContain('vigil_evaluator_groups_moved_total{direction="loaded"} 7');
    expect(text).toContain('vigil_evaluator_groups_moved_total{direction="expired"} 1');
    expect(text).not.toContain('direction="evicted"');
    expect(text).toContain('vigil_evaluation_checkpoint_age_seconds{topic="points",partition="3"} 0');
  });

  it('counts rebuilds of lost state by partition, reason and coverage', async () => {
    const registry = new Registry();
    const metrics = new EvaluationMetrics(registry);
    const partition = { topic: 'points', partition: 1 };
    metrics.stateRebuilt({ partition, reason: 'missing', held: 40n, found: undefined, from: 0n, quietUntil: 40n, logStart: 0n, coverage: 'complete' });
    metrics.stateRebuilt({ partition, reason: 'missing', held: 80n, found: undefined, from: 0n, quietUntil: 80n, logStart: 0n, coverage: 'complete' });
    expect(await registry.metrics()).toContain('vigil_evaluator_state_rebuilds_total{topic="points",partition="1",reason="missing",coverage="complete"} 2');
  });
});
