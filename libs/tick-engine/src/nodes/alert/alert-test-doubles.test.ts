import type { AlertEvent, Point } from '@vigil/core';
import type { PipelineNode, PropertyCall, TickValue } from '@vigil/tick-lang';
import { LambdaError, type LambdaInstance } from '../../lambda/compiled-lambda';
import type { LogEntry, TaskContext } from '../../runtime/node-runtime';
import type { AlertTemplates } from './alert-templates';

/**
 * Test doubles for the alert node's specs: lambdas written as TypeScript predicates, and points.
 * Named `.test.ts` so that the library build leaves it out; only `*.spec.ts` files import it.
 */
export class PredicateLambda implements LambdaInstance {
  evaluations = 0;

  constructor(private readonly predicate: (point: Point) => boolean) {}

  evaluate(point: Point): boolean {
    return this.evaluateBool(point);
  }

  evaluateBool(point: Point): boolean {
    this.evaluations++;
    return this.predicate(point);
  }

  snapshot(): unknown {
    return { evaluations: this.evaluations };
  }

  restore(state: unknown): void {
    if (typeof state === 'object' && state !== null && 'evaluations' in state && typeof state.evaluations === 'number') {
      this.evaluations = state.evaluations;
    }
  }
}

/** A lambda over one numeric field that fails like Kapacitor when the field is missing. */
export function fieldLambda(field: string, test: (value: number) => boolean): PredicateLambda {
  return new PredicateLambda((point) => {
    const value = point.fields[field];
    if (value === undefined) throw new LambdaError(`no field or tag exists for ${field}`);
    return test(Number(value));
  });
}

export function testPoint(
  timeNs: bigint,
  fields: Point['fields'],
  tags: Point['tags'] = {},
  name = 'cpu',
): Point {
  return { database: 'vigil', retentionPolicy: 'autogen', name, tags, fields, time: timeNs };
}

/** A property call as the TICKscript compiler produces it. */
export function call(name: string, args: readonly TickValue[] = [], properties: readonly PropertyCall[] = []): PropertyCall {
  return { name, args, pos: { line: 1, column: 1, offset: 0 }, properties };
}

export const str = (value: string): TickValue => ({ type: 'string', value });
export const int = (value: number): TickValue => ({ type: 'int', value: BigInt(value) });
export const float = (value: number): TickValue => ({ type: 'float', value });
export const dur = (ns: bigint): TickValue => ({ type: 'duration', ns });
export const lambda = (): TickValue => ({ type: 'lambda', expr: { kind: 'Bool', value: true, pos: { line: 1, column: 1, offset: 0 } } });

export function alertPipelineNode(properties: readonly PropertyCall[], name = 'alert2'): PipelineNode {
  return { id: 2, type: 'alert', name, args: [], properties, parents: [1], children: [], pos: { line: 3, column: 4, offset: 20 } };
}

/** A TaskContext that records what the task hands out. */
export class RecordingTask implements TaskContext {
  readonly events: AlertEvent[] = [];
  readonly logs: LogEntry[] = [];
  readonly taskName: string;

  constructor(taskName = 'task') {
    this.taskName = taskName;
  }

  readonly now = (): bigint => 0n;
  readonly emitEvent = (event: AlertEvent): void => {
    this.events.push(event);
  };
  readonly emitPoint = (): void => undefined;
  readonly log = (entry: LogEntry): void => {
    this.logs.push(entry);
  };
  readonly publish = (): void => undefined;
}

/** Templates with Kapacitor's defaults for id and message and an empty details. */
export const plainTemplates: AlertTemplates = {
  renderId: ({ name, group }) => `${name}:${group === '' ? 'nil' : group}`,
  groupStableIdTags: undefined,
  idSource: '{{ .Name }}:{{ .Group }}',
  renderMessageAndDetails: ({ id, level }) => ({ message: `${id} is ${level}`, details: '' }),
};
