import type { PipelineNode, PropertyCall } from '../pipeline';
import type { NodeSpec, ValidationProblem } from './catalog-types';
import { arg, duration, str, stringsProperty, valueProperty } from './spec-builders';

/** Nodes with several parents: the nodes given as arguments join the one the method is called on. */

export const UNION_NODE: NodeSpec = {
  name: 'union',
  kapacitorName: 'union',
  category: 'transform',
  args: [],
  rest: arg('node', 'node'),
  parentArguments: 'callerLast',
  wants: 'any',
  provides: 'same',
  doc:
    'Merges its parents into one stream, unchanged, in time order: a point is sent on once every ' +
    'parent has sent one at least as late, so a parent that stays quiet holds the others back. ' +
    "Parents are ordered as Kapacitor links them: the arguments first, the node written before `|union` last. Example: `logins|union(logouts).rename('user_actions')`.",
  properties: [valueProperty('rename', 'string', 'New measurement name of every point or batch. Default: each keeps its own.', str(''))],
};

export const JOIN_NODE: NodeSpec = {
  name: 'join',
  kapacitorName: 'join',
  category: 'transform',
  args: [],
  rest: arg('node', 'node'),
  parentArguments: 'callerFirst',
  // Kapacitor's join takes the edge of the node it is called on: points, or batches.
  wants: 'any',
  provides: 'same',
  validate: validateJoin,
  doc:
    'Joins the points of its parents that have the same group and the same time (rounded to ' +
    '`tolerance`) into one point whose fields are prefixed with the `as` names; its tags are the ' +
    'group tags. A set is sent once every parent has moved past its time; without `fill` a set ' +
    'that misses a parent is dropped (inner join). Batches join the same way, a batch as one ' +
    "message at its time, into one batch whose points are joined by time (an incomplete set's batch has only the filled points, so none without `fill`). Example: `errors|join(requests).as('errors', 'requests').tolerance(1s)`.",
  properties: [
    stringsProperty('as', 'One field prefix per parent, the node written before `|join` first (required).'),
    stringsProperty('on', 'Joins on these group tags only: a point grouped by just them joins every point of the other parents that has them and more.'),
    valueProperty('delimiter', 'string', 'Between prefix and field name; may be empty. Default: `.`.', str('.')),
    valueProperty('streamName', 'string', 'Measurement name of the joined points. Default: that of the first parent present in the set.', str('')),
    valueProperty('tolerance', 'duration', 'Points whose times round to the same multiple of it join; the joined time is that multiple. Default: 0 (exact times).', duration(0)),
    {
      name: 'fill',
      args: [arg('value', ['string', 'int', 'float'])],
      doc: "`'none'` (inner join), or a number that fills the fields of a missing parent (outer join; field names copied from the first point present). `'null'` is refused: vigil's points carry no null fields.",
      default: str('none'),
    },
  ],
};

function lastCall(node: PipelineNode, name: string): PropertyCall | undefined {
  for (let i = node.properties.length - 1; i >= 0; i--) {
    const call = node.properties[i];
    if (call?.name === name) return call;
  }
  return undefined;
}

/** `pipeline/join.go`: `JoinNode.validate`, plus the fill values `join.go`: `newJoinNode` accepts. */
function validateJoin(node: PipelineNode): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const as = lastCall(node, 'as');
  const names = (as?.args ?? []).flatMap((value) => (value.type === 'string' ? [value.value] : []));
  const delimiterValue = lastCall(node, 'delimiter')?.args[0];
  const delimiter = delimiterValue?.type === 'string' ? delimiterValue.value : '.';
  const at = as?.pos ?? node.pos;
  if (names.length === 0) problems.push({ message: 'a call to join.as() is required to specify the output stream prefixes', pos: node.pos });
  else if (names.length !== node.parents.length) {
    problems.push({ message: `number of prefixes specified by join.as() must match the number of joined streams: ${names.length} prefix(es) for ${node.parents.length} stream(s)`, pos: at });
  }
  for (const name of names) {
    if (name === '') problems.push({ message: 'must provide a prefix name for the join node, see .as() property method', pos: at });
    else if (delimiter !== '' && name.includes(delimiter)) problems.push({ message: `cannot use name ${name} as field prefix, it contains the delimiter "${delimiter}"`, pos: at });
  }
  if (new Set(names).size !== names.length) problems.push({ message: 'cannot use the same prefix name see .as() property method', pos: at });
  const fill = lastCall(node, 'fill');
  const value = fill?.args[0];
  if (fill && value?.type === 'string') {
    if (value.value === 'null') {
      problems.push({ message: "join.fill('null') is not supported by vigil: its points cannot carry null fields; fill with a number, or use fill('none')", pos: fill.pos });
    } else if (value.value !== 'none') problems.push({ message: `unexpected fill option ${value.value}: use 'none' or a number`, pos: fill.pos });
  }
  return problems;
}
