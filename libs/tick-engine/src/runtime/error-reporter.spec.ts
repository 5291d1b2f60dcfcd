import { LambdaError } from '../lambda/compiled-lambda';
import type { EvaluationFailure, LogEntry, TaskContext } from './node-runtime';
import { ErrorReporter } from './error-reporter';

function recordingTask(logs: LogEntry[]): TaskContext {
  return {
    taskName: 't',
    now: () => 0n,
    emitEvent: () => undefined,
    emitPoint: () => undefined,
    log: (entry) => logs.push(entry),
    publish: () => undefined,
  };
}

describe('ErrorReporter', () => {
  it('logs the 1st, 10th and 100th occurrence of a message', () => {
    const logs: LogEntry[] = [];
    const reporter = new ErrorReporter(recordingTask(logs), 'where2');
    for (let i = 0; i < 150; i++) reporter.report('boom', 'host=a');
    expect(logs.map((entry) => entry.message)).toEqual(['boom', 'boom (10 times)', 'boom (100 times)']);
    expect(logs[0]).toEqual({ level: 'error', node: 'where2', group: 'host=a', message: 'boom' });
  });

  it('tells evaluationFailed of every occurrence, also those it does not log', () => {
    const logs: LogEntry[] = [];
    const failures: EvaluationFailure[] = [];
    const reporter = new ErrorReporter({ ...recordingTask(logs), evaluationFailed: (failure) => failures.push(failure) }, 'eval3');
    for (let i = 0; i < 12; i++) reporter.report('boom', 'host=a');
    reporter.lambdaFailed(new LambdaError('missing field'), 'lambda');
    expect(failures).toHaveLength(13);
    expect(failures[0]).toEqual({ node: 'eval3', group: 'host=a', message: 'boom' });
    expect(failures[12]).toEqual({ node: 'eval3', message: 'error evaluating lambda: missing field' });
    expect(logs).toHaveLength(3);
  });

  it('reports lambda errors and rethrows other errors', () => {
    const logs: LogEntry[] = [];
    const reporter = new ErrorReporter(recordingTask(logs), 'eval3');
    reporter.lambdaFailed(new LambdaError('missing field'), 'lambda');
    expect(logs[0]?.message).toBe('error evaluating lambda: missing field');
    expect(() => reporter.lambdaFailed(new TypeError('bug'), 'lambda')).toThrow(TypeError);
  });
});
