import { LambdaError } from '../lambda/compiled-lambda';
import type { TaskContext } from './node-runtime';

const MAX_DISTINCT_MESSAGES = 100;

/**
 * Reports a node's per-point errors (lambda errors, missing fields) without flooding the log:
 * each distinct message is logged the 1st, 10th, 100th, ... time it occurs, with its count.
 * Kapacitor logs every occurrence; vigil keeps the first and the growth, one line per decade.
 */
export class ErrorReporter {
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly task: TaskContext,
    private readonly node: string,
  ) {}

  report(message: string, group?: string): void {
    this.task.evaluationFailed?.({ node: this.node, ...(group === undefined ? {} : { group }), message });
    let count = (this.counts.get(message) ?? 0) + 1;
    if (this.counts.size >= MAX_DISTINCT_MESSAGES && !this.counts.has(message)) count = 0;
    else this.counts.set(message, count);
    if (count !== 0 && isPowerOfTen(count)) {
      const suffix = count === 1 ? '' : ` (${count} times)`;
      this.task.log({ level: 'error', node: this.node, ...(group === undefined ? {} : { group }), message: `${message}${suffix}` });
    }
  }

  /** Reports a lambda error; rethrows anything else, which is a bug rather than bad data. */
  lambdaFailed(error: unknown, what: string, group?: string): void {
    if (!(error instanceof LambdaError)) throw error;
    this.report(`error evaluating ${what}: ${error.message}`, group);
  }
}

function isPowerOfTen(n: number): boolean {
  while (n >= 10 && n % 10 === 0) n /= 10;
  return n === 1;
}
