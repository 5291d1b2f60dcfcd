import type { Point } from '@vigil/core';
import type { Expr, PropertyCall, TickValue } from '@vigil/tick-lang';
import type { LambdaInstance } from '../../lambda/compiled-lambda';
import { ErrorReporter } from '../../runtime/error-reporter';
import { goRound, goTruncate } from '../../runtime/go-time';
import { Grouper, pointMessage } from '../../runtime/group-id';
import type { Message } from '../../runtime/message';
import { asLambda } from '../../runtime/node-definition';
import { member } from '../../runtime/snapshot-codec';
import type { Emit, NodeRuntime } from '../../runtime/node-runtime';
import { compileNodeLambda, type NodeBuilder } from '../../runtime/node-spec';
import { dimensionsFromArguments } from '../group-by/dimension-arguments';

interface FromOptions {
  readonly database: string;
  readonly retentionPolicy: string;
  readonly measurement: string;
  readonly truncate: bigint;
  readonly round: bigint;
}

/**
 * `stream|from()`: selects points by database, retention policy, measurement and `where`, rewrites
 * their time with `truncate`/`round`, and assigns their group.
 */
class FromNode implements NodeRuntime {
  constructor(
    readonly name: string,
    private readonly options: FromOptions,
    /** Kapacitor keeps one expression for the whole node: stateful functions see every group. */
    private readonly where: LambdaInstance | undefined,
    private readonly grouper: Grouper,
    private readonly errors: ErrorReporter,
  ) {}

  receive(message: Message, emit: Emit): void {
    if (message.kind !== 'point') return;
    let point = message.point;
    if (!this.matches(point)) return;
    const { truncate, round } = this.options;
    if (truncate > 0n) point = { ...point, time: goTruncate(point.time, truncate) };
    if (round > 0n) point = { ...point, time: goRound(point.time, round) };
    emit(pointMessage(point, this.grouper.groupOf(point)));
  }

  /** The group a point joins, for hosts that load a group's saved state before its points. */
  groupOf(point: Point): string {
    return this.grouper.groupOf(point).id;
  }

  private matches(point: Point): boolean {
    const { database, retentionPolicy, measurement } = this.options;
    if (database !== '' && point.database !== database) return false;
    if (retentionPolicy !== '' && point.retentionPolicy !== retentionPolicy) return false;
    if (measurement !== '' && point.name !== measurement) return false;
    if (!this.where) return true;
    try {
      return this.where.evaluateBool(point);
    } catch (error) {
      this.errors.lambdaFailed(error, 'WHERE expression');
      return false;
    }
  }

  snapshot(): unknown {
    return { where: this.where ? this.where.snapshot() : null };
  }

  restore(state: unknown): void {
    const where = member(state, 'where', this.name);
    if (this.where && where !== null) this.where.restore(where);
  }
}

/** Kapacitor's `FromNode.Where` ANDs the lambdas of repeated `.where()` calls together. */
function combinedWhere(calls: readonly PropertyCall[]): Expr | undefined {
  let combined: Expr | undefined;
  for (const call of calls) {
    const lambda = asLambda(call.args[0] as TickValue);
    const body = lambda.kind === 'Lambda' ? lambda.body : lambda;
    combined = combined ? { kind: 'Binary', op: 'AND', left: combined, right: body, pos: call.pos } : body;
  }
  return combined;
}

export const fromNodeBuilder: NodeBuilder = {
  type: 'from',
  build: (definition, context) => {
    const groupBy = definition.last('groupBy');
    const dimensions = dimensionsFromArguments(definition, groupBy?.args ?? [], definition.has('groupByMeasurement'), [], groupBy);
    const whereExpr = combinedWhere(definition.calls('where'));
    const where = whereExpr ? compileNodeLambda(definition, context, whereExpr).newInstance() : undefined;
    const options: FromOptions = {
      database: definition.string('database'),
      retentionPolicy: definition.string('retentionPolicy'),
      measurement: definition.string('measurement'),
      truncate: definition.duration('truncate'),
      round: definition.duration('round'),
    };
    return new FromNode(definition.name, options, where, new Grouper(dimensions), new ErrorReporter(context.task, definition.name));
  },
};
