import type { Expr, Pipeline, PipelineNode, PropertyCall, TickValue } from '@vigil/tick-lang';

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
}

/**
 * Nodes that keep nothing per group between points. `httpOut` keeps the last value per group, but
 * only to serve it over HTTP, so a split group there changes no alert. Every other node type
 * (window, aggregates, stateCount, alert, derivative, sample, stats, ...) is treated as stateful.
 */
const STATELESS_TYPES = new Set(['stream', 'from', 'where', 'eval', 'default', 'delete', 'log', 'shift', 'noop', 'noOp', 'httpOut', 'httpPost', 'influxDBOut', 'kapacitorLoopback']);

/** Lambda functions whose value depends on earlier points of the group (Kapacitor's stateful functions). */
const STATEFUL_FUNCTIONS = new Set(['sigma', 'count', 'spread']);

/** The grouping scopes of a pipeline, one per grouping node reachable from each `from()`. */
export function groupingScopes(pipeline: Pipeline): GroupingScope[] {
  const children = childrenWithObservers(pipeline);
  const scopes: GroupingScope[] = [];
  for (const node of pipeline.nodes) {
    if (node.type !== 'from') continue;
    const measurement = lastString(node, 'measurement') ?? '';
    const visited = new Set<number>();
    const visit = (scopeNode: PipelineNode, grouping: Grouping): void => {
      if (visited.has(scopeNode.id)) return;
      visited.add(scopeNode.id);
      const { stateful, regroupings } = walkScope(pipeline, children, scopeNode);
      scopes.push({ node: scopeNode.name, grouping, measurement, stateful });
      for (const next of regroupings) visit(next, groupByGrouping(next));
    };
    visit(node, fromGrouping(node));
  }
  return scopes;
}

/**
 * Walks from a grouping node to the next regroupings, reporting whether any node on the way
 * (the grouping node included, for its own lambdas) keeps per-group state.
 */
function walkScope(pipeline: Pipeline, children: readonly number[][], start: PipelineNode): { stateful: boolean; regroupings: PipelineNode[] } {
  let stateful = nodeIsStateful(start);
  const regroupings: PipelineNode[] = [];
  const stack = [...(children[start.id] ?? [])];
  const seen = new Set<number>();
  while (stack.length > 0) {
    const id = stack.pop() as number;
    if (seen.has(id)) continue;
    seen.add(id);
    const node = pipeline.nodes[id];
    if (!node) continue;
    if (node.type === 'groupBy') {
      regroupings.push(node);
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
