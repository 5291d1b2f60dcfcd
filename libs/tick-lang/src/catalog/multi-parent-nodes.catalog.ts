import type { NodeSpec } from './catalog-types';
import { arg, str, valueProperty } from './spec-builders';

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
