import { findNodeSpec, type Expr, type Pipeline, type PipelineNode, type PropertyCall, type TickValue } from '@vigil/tick-lang';

/**
 * How one grouping node (`from` or `groupBy`) groups points: the tag names (or '*' with the
 * excluded tags) and whether the measurement is part of the group.
 */
export interface Grouping {
  readonly tags: readonly string[] | '*';
  readonly exclude: readonly string[];
  readonly byMeasurement: boolean;
}

/**
 * A grouping node together with what flows through it: the measurement its `from()` selects
 * ('' for any) and whether any node before the next regrouping keeps per-group state. A scope
 * without state can be split across partitions freely.
 */
export interface GroupingScope {
  readonly node: string;
  readonly grouping: Grouping;
  readonly measurement: string;
  readonly stateful: boolean;
  /**
   * For a node with several parents (`join`, `union`): the measurements of every `from()` that
   * feeds it ('' for one of any measurement). Its points must meet on one partition, so each of
   * these measurements must be keyed alike.
   */
  readonly measurements?: readonly string[];
}

/**
 * Nodes that keep nothing per group between points. `httpOut` keeps the last value per group, but
 * only to serve it over HTTP, so a split group there changes no alert. Every other node type
 * (window, aggregates, stateCount, alert, derivative, sample, stats, ...) is treated as stateful.
 */
const STATELESS_TYPES = new Set(['stream', 'from', 'where', 'eval', 'default', 'delete', 'log', 'shift', 'noop', 'noOp', 'httpOut', 'httpPost', 'influxDBOut', 'kapacitorLoopback']);

/** Lambda functions whose value depends on earlier points of the group (Kapacitor's stateful functions). */
const STATEFUL_FUNCTIONS = new Set(['sigma', 'count', 'spread']);

/** Node types with several parents, whose state spans what their parents send. */
const SEVERAL_PARENT_TYPES = new Set(['join', 'union']);

const SINGLE_GROUP: Grouping = { tags: [], exclude: [], byMeasurement: false };

/**
 * The grouping scopes of a pipeline, one per grouping node reachable from each `from()`, and one
 * per node with several parents (see meetingScope).
 */
export function groupingScopes(pipeline: Pipeline): GroupingScope[] {
  const children = childrenWithObservers(pipeline);
  const batches = receivesBatches(pipeline);
  const scopes: GroupingScope[] = [];
  for (const node of pipeline.nodes) {
    if (node.type !== 'from') continue;
    const measurement = lastString(node, 'measurement') ?? '';
    const visited = new Set<number>();
    const visit = (scopeNode: PipelineNode, grouping: Grouping): void => {
      if (visited.has(scopeNode.id)) return;
      visited.add(scopeNode.id);
      const { stateful, regroupings } = walkScope(pipeline, children, scopeNode, grouping, batches);
      scopes.push({ node: scopeNode.name, grouping, measurement, stateful });
      for (const next of regroupings) visit(next.node, next.grouping);
    };
    visit(node, fromGrouping(node));
  }
  for (const node of pipeline.nodes) if (SEVERAL_PARENT_TYPES.has(node.type)) scopes.push(meetingScope(pipeline, node));
  return scopes;
}

/**
 * The scope of a node with several parents, which needs the points of all its parents that it
 * brings together on one partition:
 *
 * - `join` without `.on`: a point meets the points of the other parents in its own group
 *   (`join.go`: `getOrCreateGroup(m.GroupID())`), so the tags common to the parents' groupings
 *   must key every measurement that feeds it alike.
 * - `join` with `.on` and `union`: their state spans groups. Kapacitor's join handles a more
 *   specific point by whether every parent has sent anything at all (`JoinNode.allReported`), and
 *   its union sends nothing until every parent has sent something and then only up to the
 *   slowest parent's time (`UnionNode.emitReady`); a partition that sees only some of the points
 *   would send other points at other times, or none. Both run as a single group: on one
 *   partition, unless the key of every measurement is empty.
 */
function meetingScope(pipeline: Pipeline, node: PipelineNode): GroupingScope {
  const measurements = [...new Set(sourcesOf(pipeline, node).map((from) => lastString(from, 'measurement') ?? ''))].sort();
  const groupedWithin = node.type === 'join' && lastCall(node, 'on') === undefined;
  const grouping = groupedWithin ? commonGrouping(node.parents.map((parent) => groupingAt(pipeline, parent))) : SINGLE_GROUP;
  return { node: node.name, grouping, measurement: measurements.length === 1 ? (measurements[0] as string) : '', stateful: true, measurements };
}

/** The `from()` nodes upstream of a node. */
function sourcesOf(pipeline: Pipeline, node: PipelineNode): PipelineNode[] {
  const found = new Map<number, PipelineNode>();
  const stack = [...node.parents];
  const seen = new Set<number>();
  while (stack.length > 0) {
    const id = stack.pop() as number;
    if (seen.has(id)) continue;
    seen.add(id);
    const parent = pipeline.nodes[id];
    if (!parent) continue;
    if (parent.type === 'from') found.set(parent.id, parent);
    else stack.push(...parent.parents);
  }
  return [...found.values()];
}

/** How the messages a node emits are grouped: by the nearest grouping node upstream. */
function groupingAt(pipeline: Pipeline, id: number): Grouping {
  const node = pipeline.nodes[id];
  if (!node) return SINGLE_GROUP;
  if (node.type === 'from') return fromGrouping(node);
  if (node.type === 'groupBy') return groupByGrouping(node);
  if (SEVERAL_PARENT_TYPES.has(node.type)) return commonGrouping(node.parents.map((parent) => groupingAt(pipeline, parent)));
  const parent = node.parents[0];
  const upstream = parent === undefined ? SINGLE_GROUP : groupingAt(pipeline, parent);
  return (node.type === 'delete' ? groupingAfterDelete(node, upstream) : undefined) ?? upstream;
}

/** The grouping made of the tags all groupings share ('*' only when all are '*'). */
function commonGrouping(groupings: readonly Grouping[]): Grouping {
  const listed = groupings.flatMap((grouping) => (grouping.tags === '*' ? [] : [grouping.tags]));
  const byMeasurement = groupings.every((grouping) => grouping.byMeasurement);
  if (listed.length === 0) return { tags: '*', exclude: [...new Set(groupings.flatMap((grouping) => grouping.exclude))].sort(), byMeasurement };
  const [first, ...rest] = listed as [readonly string[], ...(readonly string[])[]];
  return { tags: first.filter((tag) => rest.every((tags) => tags.includes(tag))), exclude: [], byMeasurement };
}

/**
 * Whether each node receives batches (after a `window()`), from the catalog's edge types: a node
 * that `provides: 'same'` passes on what its first parent gives it.
 */
function receivesBatches(pipeline: Pipeline): boolean[] {
  const gives: ('stream' | 'batch' | 'none')[] = [];
  const receives: boolean[] = [];
  for (const node of pipeline.nodes) {
    const parent = node.parents[0];
    const incoming = parent === undefined ? 'stream' : (gives[parent] ?? 'stream');
    receives[node.id] = incoming === 'batch';
    const provides = findNodeSpec(node.type)?.provides ?? 'same';
    gives[node.id] = provides === 'same' ? incoming : provides;
  }
  return receives;
}

/**
 * Walks from a grouping node to the next regroupings, reporting whether any node on the way
 * (the grouping node included, for its own lambdas) keeps per-group state.
 */
function walkScope(
  pipeline: Pipeline,
  children: readonly number[][],
  start: PipelineNode,
  grouping: Grouping,
  batches: readonly boolean[],
): { stateful: boolean; regroupings: { node: PipelineNode; grouping: Grouping }[] } {
  // A groupBy that receives batches holds them, merged per new group, until a batch of another
  // time arrives (`group_by.go`: `GroupByNode.BeginBatch`): state of its own scope's groups.
  let stateful = start.type === 'groupBy' ? batches[start.id] === true : nodeIsStateful(start);
  const regroupings: { node: PipelineNode; grouping: Grouping }[] = [];
  const stack = [...(children[start.id] ?? [])];
  const seen = new Set<number>();
  while (stack.length > 0) {
    const id = stack.pop() as number;
    if (seen.has(id)) continue;
    seen.add(id);
    const node = pipeline.nodes[id];
    if (!node) continue;
    if (node.type === 'groupBy') {
      regroupings.push({ node, grouping: groupByGrouping(node) });
      continue;
    }
    const narrowed = node.type === 'delete' ? groupingAfterDelete(node, grouping) : undefined;
    if (narrowed) {
      regroupings.push({ node, grouping: narrowed });
      continue;
    }
    if (nodeIsStateful(node)) stateful = true;
    stack.push(...(children[id] ?? []));
  }
  return { stateful, regroupings };
}

function nodeIsStateful(node: PipelineNode): boolean {
  if (node.type === 'groupBy') return false;
  if (!STATELESS_TYPES.has(node.type)) return true;
  return node.args.some(valueIsStateful) || node.properties.some(propertyIsStateful);
}

function propertyIsStateful(call: PropertyCall): boolean {
  return call.args.some(valueIsStateful) || call.properties.some(propertyIsStateful);
}

function valueIsStateful(value: TickValue): boolean {
  if (value.type === 'lambda') return exprIsStateful(value.expr);
  if (value.type === 'list') return value.items.some(valueIsStateful);
  return false;
}

function exprIsStateful(expr: Expr): boolean {
  switch (expr.kind) {
    case 'Call':
      return STATEFUL_FUNCTIONS.has(expr.name) || expr.args.some(exprIsStateful);
    case 'Lambda':
      return exprIsStateful(expr.body);
    case 'Unary':
      return exprIsStateful(expr.operand);
    case 'Binary':
      return exprIsStateful(expr.left) || exprIsStateful(expr.right);
    case 'List':
      return expr.items.some(exprIsStateful);
    default:
      return false;
  }
}

/** Pipeline children plus, for a node observed by `stats` (deadman), that stats node. */
function childrenWithObservers(pipeline: Pipeline): number[][] {
  const children = pipeline.nodes.map((node) => [...node.children]);
  for (const node of pipeline.nodes) if (node.source !== undefined) children[node.source]?.push(node.id);
  return children;
}

function fromGrouping(node: PipelineNode): Grouping {
  const groupBy = lastCall(node, 'groupBy');
  return groupingOf(groupBy?.args ?? [], [], node.properties.some((call) => call.name === 'groupByMeasurement'));
}

function groupByGrouping(node: PipelineNode): Grouping {
  const exclude = node.properties.filter((call) => call.name === 'exclude').flatMap((call) => call.args.flatMap(stringOf));
  return groupingOf(node.args, exclude, node.properties.some((call) => call.name === 'byMeasurement'));
}

/**
 * The grouping after a `|delete()` that removes group-by tags (`delete.go`: `deleteDimensions`):
 * the groups that differed only by them are one from there on, so the delete starts a scope of
 * its own. Undefined when it removes none of them ('*' groups lose every removed tag).
 */
function groupingAfterDelete(node: PipelineNode, grouping: Grouping): Grouping | undefined {
  const deleted = node.properties.filter((call) => call.name === 'tag').flatMap((call) => call.args.flatMap(stringOf));
  if (grouping.tags === '*') {
    const added = deleted.filter((tag) => !grouping.exclude.includes(tag));
    return added.length === 0 ? undefined : { ...grouping, exclude: [...grouping.exclude, ...added].sort() };
  }
  const tags = grouping.tags;
  if (!tags.some((tag) => deleted.includes(tag))) return undefined;
  return { ...grouping, tags: tags.filter((tag) => !deleted.includes(tag)) };
}

function groupingOf(args: readonly TickValue[], exclude: readonly string[], byMeasurement: boolean): Grouping {
  const star = args.some((arg) => arg.type === 'star');
  return { tags: star ? '*' : args.flatMap(stringOf), exclude, byMeasurement };
}

function stringOf(value: TickValue): string[] {
  return value.type === 'string' ? [value.value] : [];
}

function lastCall(node: PipelineNode, name: string): PropertyCall | undefined {
  for (let i = node.properties.length - 1; i >= 0; i--) {
    const call = node.properties[i];
    if (call?.name === name) return call;
  }
  return undefined;
}

function lastString(node: PipelineNode, name: string): string | undefined {
  const arg = lastCall(node, name)?.args[0];
  return arg?.type === 'string' ? arg.value : undefined;
}
