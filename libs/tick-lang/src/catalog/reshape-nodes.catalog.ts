import type { NodeSpec } from './catalog-types';
import { valueProperty } from './spec-builders';

/** Nodes that change the shape of points: which fields and tags they carry, or how many points there are. */

export const DELETE_NODE: NodeSpec = {
  name: 'delete',
  kapacitorName: 'delete',
  category: 'transform',
  args: [],
  wants: 'any',
  provides: 'same',
  doc:
    'Removes fields and tags from every point (and from the points of every batch). Removing a ' +
    'tag the data is grouped by takes it out of the grouping too, so the groups that differed only ' +
    "by it become one. Example: `|delete().field('anothervalue').tag('type')`.",
  properties: [
    valueProperty('field', 'string', 'A field to remove; call it once per field.'),
    valueProperty('tag', 'string', 'A tag to remove; call it once per tag. A group-by tag leaves the grouping as well.'),
  ],
};
