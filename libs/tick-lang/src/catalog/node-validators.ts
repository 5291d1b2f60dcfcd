import type { PipelineNode, PropertyCall } from '../pipeline';
import type { ValidationProblem } from './catalog-types';

/**
 * Cross-property checks that Kapacitor makes when a task is defined (the `validate()` methods of
 * `pipeline/*.go`). Per-argument checks live in the catalog itself.
 */

/** The last call of a property: a later call replaces an earlier one, as the Go setters do. */
export function lastCall(node: PipelineNode, name: string): PropertyCall | undefined {
  for (let i = node.properties.length - 1; i >= 0; i--) {
    const call = node.properties[i];
    if (call?.name === name) return call;
  }
  return undefined;
}

function intArg(call: PropertyCall | undefined): bigint {
  const value = call?.args[0];
  return value?.type === 'int' ? value.value : 0n;
}

function durationArg(call: PropertyCall | undefined): bigint {
  const value = call?.args[0];
  return value?.type === 'duration' ? value.ns : 0n;
}

/** `pipeline/window.go`: time and count windows do not mix. */
export function validateWindow(node: PipelineNode): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const periodCount = lastCall(node, 'periodCount');
  const period = lastCall(node, 'period');
  const align = lastCall(node, 'align');
  const everyCount = lastCall(node, 'everyCount');
  if (periodCount && intArg(periodCount) !== 0n) {
    if (period && durationArg(period) !== 0n) problems.push({ message: 'window: cannot use both period and periodCount', pos: period.pos });
    if (align) problems.push({ message: 'window: only time windows can be aligned, not count windows', pos: align.pos });
    if (intArg(everyCount) <= 0n) problems.push({ message: 'window: everyCount must be greater than zero when periodCount is set', pos: everyCount?.pos ?? periodCount.pos });
  }
  return problems;
}

/**
 * `pipeline/eval.go`: one name per lambda; tags must name results. A later `.as()` or `.tags()`
 * replaces an earlier one, as the Go setters do.
 */
export function validateEval(node: PipelineNode): ValidationProblem[] {
  const names = (lastCall(node, 'as')?.args ?? []).flatMap((value) => (value.type === 'string' ? [value.value] : []));
  const lambdas = node.args.length;
  const problems: ValidationProblem[] = [];
  if (names.length !== lambdas) {
    const asCall = lastCall(node, 'as');
    problems.push({
      message: `eval needs one name per expression via .as(): got ${names.length} name(s) for ${lambdas} expression(s)`,
      pos: asCall?.pos ?? node.pos,
    });
  }
  const tags = lastCall(node, 'tags');
  for (const value of tags?.args ?? []) {
    if (tags && value.type === 'string' && !names.includes(value.value)) {
      problems.push({ message: `eval: tag "${value.value}" is not one of the .as() names`, pos: tags.pos });
    }
  }
  return problems;
}

/** `pipeline/kapacitor_loopback.go`: points need somewhere to go. */
export function validateKapacitorLoopback(node: PipelineNode): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  for (const [property, label] of [['database', 'a database'], ['retentionPolicy', 'a retention policy']] as const) {
    const value = lastCall(node, property)?.args[0];
    if (value?.type !== 'string' || value.value === '') {
      problems.push({ message: `kapacitorLoopback must specify ${label} with .${property}()`, pos: node.pos });
    }
  }
  return problems;
}
