import type { FieldValue, Point } from '@vigil/core';
import type { LambdaInstance } from '../../lambda/compiled-lambda';
import { ErrorReporter } from '../../runtime/error-reporter';
import { goRound } from '../../runtime/go-time';
import { GroupLambda } from '../../runtime/group-lambda';
import { GroupStates } from '../../runtime/group-states';
import type { Message, PointMessage } from '../../runtime/message';
import type { Emit, NodeRuntime } from '../../runtime/node-runtime';
import { compileNodeLambda, type NodeBuilder } from '../../runtime/node-spec';
import { expectArray, member } from '../../runtime/snapshot-codec';
import { decodeTimeBuffer, encodeTimeBuffer, type TimeBuffer } from '../time-buffer/time-buffer';
import type { WindowGroupInfo } from '../window/window-group';
import { assignPoints, combinationCount, forEachCombination } from './combinations';

/** What a group of a combine keeps (`combine.go`: `combineBuffer`): its points of one time and one expression instance per lambda. */
interface CombineGroup extends TimeBuffer {
  readonly lambdas: LambdaInstance[];
}

interface CombineOptions {
  readonly names: readonly string[];
  readonly delimiter: string;
  readonly tolerance: bigint;
  readonly max: bigint;
}

/**
 * `|combine(l1, l2, ...)` (`combine.go`: `CombineNode`): holds the points of one group and one
 * rounded time; when a point of another time arrives (or a batch ends) it sends every
 * combination of them that gives each lambda a point it matched, as one point with prefixed
 * fields. A point's time is rounded to the tolerance before anything else (Go's `Time.Round`),
 * also for the lambdas. Kapacitor takes the group's first time unrounded and cannot start a group
 * whose first point is not on the tolerance (its buffer is empty then and slicing it panics);
 * vigil starts it at the rounded time. Points still held when the input ends are not sent, as in
 * Kapacitor (`combineBuffer` has nothing to send at `Done`).
 */
class CombineNode implements NodeRuntime {
  private readonly groups = new GroupStates<CombineGroup>();

  constructor(
    readonly name: string,
    private readonly lambdas: readonly GroupLambda[],
    private readonly options: CombineOptions,
    private readonly errors: ErrorReporter,
  ) {}

  receive(message: Message, emit: Emit): void {
    const group = this.bufferOf(message);
    if (message.kind === 'point') {
      this.add(group, message.point, emit);
      return;
    }
    group.info = { ...group.info, name: message.name };
    group.time = null;
    for (const point of message.points) this.add(group, point, emit);
    this.combine(group, emit);
    group.points = [];
  }

  private bufferOf(message: Message): CombineGroup {
    let group = this.groups.get(message.group);
    if (!group) {
      const name = message.kind === 'point' ? message.point.name : message.name;
      group = { info: { name, group: message.group, tags: message.groupTags, dimensions: message.dimensions }, time: null, points: [], lambdas: this.lambdas.map((lambda) => lambda.create()) };
      this.groups.set(message.group, group);
    }
    return group;
  }

  /** `combineBuffer.addPoint`. */
  private add(group: CombineGroup, point: Point, emit: Emit): void {
    const time = goRound(point.time, this.options.tolerance);
    const rounded = time === point.time ? point : { ...point, time };
    if (time === group.time) {
      group.points.push(rounded);
      return;
    }
    this.combine(group, emit);
    group.time = time;
    group.points = [rounded];
  }

  /** `combineBuffer.combine`: every combination of the held points that each lambda matched, in order. */
  private combine(group: CombineGroup, emit: Emit): void {
    const points = group.points;
    if (points.length === 0) return;
    const matches = group.lambdas.map((lambda) => points.map((point) => this.matches(lambda, point, group.info.group)));
    const k = this.lambdas.length;
    const count = combinationCount(points.length, k);
    if (count > this.options.max) {
      this.errors.report(`refusing to perform combination as total combinations ${count} exceeds max combinations ${this.options.max}`, group.info.group);
      return;
    }
    const dimensionTags = new Set(Object.keys(group.info.tags));
    forEachCombination(points.length, k, (indices) => {
      const chosen = assignPoints(indices, matches);
      if (chosen) emit(this.merge(group.info, chosen.map((index) => points[index] as Point), dimensionTags));
    });
  }

  private matches(lambda: LambdaInstance, point: Point, group: string): boolean {
    try {
      return lambda.evaluateBool(point);
    } catch (error) {
      this.errors.lambdaFailed(error, 'lambda expression', group);
      return false;
    }
  }

  /** `combineBuffer.merge`: prefixed fields and non-group tags, the first point's time, no database. */
  private merge(info: WindowGroupInfo, set: readonly Point[], dimensionTags: ReadonlySet<string>): PointMessage {
    const fields: Record<string, FieldValue> = {};
    const tags: Record<string, string> = {};
    set.forEach((point, i) => {
      const prefix = `${this.options.names[i] as string}${this.options.delimiter}`;
      for (const [field, value] of Object.entries(point.fields)) fields[prefix + field] = value;
      for (const [tag, value] of Object.entries(point.tags)) tags[dimensionTags.has(tag) ? tag : prefix + tag] = value;
    });
    const point: Point = { database: '', retentionPolicy: '', name: info.name, tags, fields, time: (set[0] as Point).time };
    return { kind: 'point', point, group: info.group, groupTags: info.tags, dimensions: info.dimensions };
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
    return {
      groups: this.groups.snapshot((group) => ({
        ...encodeTimeBuffer(group),
        lambdas: group.lambdas.map((instance, i) => (this.lambdas[i] as GroupLambda).snapshot(instance)),
      })),
    };
  }

  restore(state: unknown): void {
    this.groups.restore(member(state, 'groups', this.name), (encoded, group) => {
      const lambdas = expectArray(member(encoded, 'lambdas', this.name), 'combine lambdas');
      return {
        ...decodeTimeBuffer(encoded, group, this.name),
        lambdas: this.lambdas.map((lambda, i) => lambda.restore(lambdas[i] ?? null)),
      };
    });
  }
}

export const combineNodeBuilder: NodeBuilder = {
  type: 'combine',
  build: (definition, context) => {
    const lambdas = definition.node.args.map((_, i) => new GroupLambda(compileNodeLambda(definition, context, definition.argLambda(i))));
    const options = {
      names: definition.strings('as') ?? [],
      delimiter: definition.string('delimiter'),
      tolerance: definition.duration('tolerance'),
      max: definition.int('max'),
    };
    return new CombineNode(definition.name, lambdas, options, new ErrorReporter(context.task, definition.name));
  },
};
