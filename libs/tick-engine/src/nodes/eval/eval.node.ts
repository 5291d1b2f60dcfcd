import type { FieldValue, Point } from '@vigil/core';
import { LambdaError, type LambdaInstance } from '../../lambda/compiled-lambda';
import { GroupLambda } from '../../runtime/group-lambda';
import { ErrorReporter } from '../../runtime/error-reporter';
import { GroupStates } from '../../runtime/group-states';
import { regroupedMessage, withPoints } from '../../runtime/group-id';
import type { Message } from '../../runtime/message';
import type { Emit, NodeRuntime } from '../../runtime/node-runtime';
import { compileNodeLambda, type NodeBuilder } from '../../runtime/node-spec';
import { expectArray, member, SnapshotError } from '../../runtime/snapshot-codec';
import { EvalScope, shadowedNames } from './eval-scope';

interface EvalOptions {
  readonly as: readonly string[];
  readonly tags: ReadonlySet<string>;
  /** null without `.keep()`; [] for `.keep()` (all fields); the names for `.keep('a', 'b')`. */
  readonly keep: readonly string[] | null;
  readonly quiet: boolean;
}

/**
 * `|eval(lambda, ...)` (`eval.go`): evaluates the lambdas in order, each result named by `.as()`.
 * Without `.keep()` the point keeps only the results (its other fields are dropped); `.keep()`
 * keeps every field, `.keep('a', ...)` exactly the listed ones. `.tags('x')` turns a string
 * result into a tag. Any error drops the point (logged unless `.quiet()`).
 */
class EvalNode implements NodeRuntime {
  private readonly groups = new GroupStates<LambdaInstance[]>();

  private readonly shadowed: readonly (readonly string[])[];

  constructor(
    readonly name: string,
    private readonly lambdas: readonly GroupLambda[],
    private readonly options: EvalOptions,
    private readonly errors: ErrorReporter,
  ) {
    this.shadowed = shadowedNames(
      lambdas.map((lambda) => lambda.compiled),
      options.as,
    );
  }

  receive(message: Message, emit: Emit): void {
    let instances = this.groups.get(message.group);
    if (!instances) {
      instances = this.lambdas.map((lambda) => lambda.create());
      this.groups.set(message.group, instances);
    }
    if (message.kind === 'point') {
      const point = this.evaluate(instances, message.point, message.group);
      if (point) emit(regroupedMessage(message, point));
      return;
    }
    const points: Point[] = [];
    for (const point of message.points) {
      const evaluated = this.evaluate(instances, point, message.group);
      if (evaluated) points.push(evaluated);
    }
    emit(withPoints(message, points));
  }

  private evaluate(instances: readonly LambdaInstance[], point: Point, group: string): Point | undefined {
    try {
      const scope = new EvalScope(point);
      instances.forEach((instance, i) => scope.set(this.options.as[i] as string, scope.evaluate(instance, this.shadowed[i] as readonly string[])));
      return { ...point, tags: this.tagsOf(scope, point), fields: this.fieldsOf(scope, point) };
    } catch (error) {
      if (!(error instanceof LambdaError)) throw error;
      if (!this.options.quiet) this.errors.report(error.message, group);
      return undefined;
    }
  }

  private tagsOf(scope: EvalScope, point: Point): Point['tags'] {
    if (this.options.tags.size === 0) return point.tags;
    const tags: Record<string, string> = { ...point.tags };
    for (const tag of this.options.tags) {
      const value = scope.raw(tag);
      if (typeof value !== 'string') throw new LambdaError(`result of a tag expression must be of type string, got ${describe(scope.field(tag))}`);
      tags[tag] = value;
    }
    return tags;
  }

  private fieldsOf(scope: EvalScope, point: Point): Point['fields'] {
    const fields: Record<string, FieldValue> = {};
    const { keep, as, tags } = this.options;
    if (keep === null) {
      for (const name of as) if (!tags.has(name)) fields[name] = scope.field(name) as FieldValue;
    } else if (keep.length === 0) {
      Object.assign(fields, point.fields);
      for (const name of as) fields[name] = scope.field(name) as FieldValue;
    } else {
      for (const name of keep) {
        const value = scope.has(name) ? scope.field(name) : point.fields[name];
        if (value === undefined) throw new LambdaError(`cannot keep field "${name}", field does not exist`);
        fields[name] = value;
      }
    }
    return fields;
  }

  /** A group deletion (`|barrier().delete(TRUE)`): the group starts afresh with its next point. */
  forgetGroup(group: string): void {
    this.groups.delete(group);
  }

  /** Kapacitor's `working_cardinality`: the groups this node holds. */
  workingCardinality(): number {
    return this.groups.size;
  }

  snapshot(): unknown {
    return { groups: this.groups.snapshot((instances) => instances.map((instance, i) => (this.lambdas[i] as GroupLambda).snapshot(instance))) };
  }

  restore(state: unknown): void {
    this.groups.restore(member(state, 'groups', this.name), (encoded) => {
      const states = expectArray(encoded, 'eval group');
      if (states.length !== this.lambdas.length) throw new SnapshotError('eval group: wrong number of expressions');
      return this.lambdas.map((lambda, i) => lambda.restore(states[i]));
    });
  }
}

function describe(value: FieldValue | undefined): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'bigint') return 'int64';
  if (typeof value === 'number') return 'float64';
  return typeof value === 'boolean' ? 'bool' : 'uint64';
}

export const evalNodeBuilder: NodeBuilder = {
  type: 'eval',
  build: (definition, context) => {
    const as = definition.strings('as') ?? [];
    const lambdas = definition.node.args.map((_, i) => new GroupLambda(compileNodeLambda(definition, context, definition.argLambda(i))));
    // One name per lambda and tags among the names: the catalog's validateEval checked both.
    // Like `.as()` and `.keep()`, a later `.tags()` replaces an earlier one (Go setters).
    const tags = definition.strings('tags') ?? [];
    const keep = definition.has('keep') ? (definition.strings('keep') ?? []) : null;
    for (const name of keep ?? []) if (tags.includes(name)) definition.fail(`cannot keep field "${name}" since it is also a tag`);
    const options: EvalOptions = { as, tags: new Set(tags), keep, quiet: definition.has('quiet') };
    return new EvalNode(definition.name, lambdas, options, new ErrorReporter(context.task, definition.name));
  },
};
