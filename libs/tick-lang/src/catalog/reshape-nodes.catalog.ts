import type { PipelineNode } from '../pipeline';
import type { NodeSpec, ValidationProblem } from './catalog-types';
import { lastCall } from './node-validators';
import { arg, duration, int, optionalArg, str, stringsProperty, valueProperty } from './spec-builders';
import { validateSideload } from './sideload-validator';

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

export const COMBINE_NODE: NodeSpec = {
  name: 'combine',
  kapacitorName: 'combine',
  category: 'transform',
  args: [],
  rest: { ...arg('expression', 'lambda'), min: 1 },
  wants: 'any',
  provides: 'stream',
  validate: validateCombine,
  doc:
    'Combines the points of one group that have the same time (rounded to `tolerance`) with each ' +
    'other: for every way of choosing one point per lambda, in order, among them (each point used ' +
    'once) it sends one point whose fields, and tags other than the group-by tags, are prefixed with ' +
    "the `as` names. The points of a time are combined when a point of another time arrives, or at the end of a batch. Example: `|combine(lambda: \"cpu\" == 'total', lambda: \"cpu\" != 'total').as('total', 'cpu')`.",
  properties: [
    stringsProperty('as', 'One prefix per lambda, in order (required).'),
    valueProperty('delimiter', 'string', 'Between prefix and field or tag name. Default: `.`.', str('.')),
    valueProperty('tolerance', 'duration', 'Points whose times round to the same multiple of it are combined, at that time. Default: 0 (exact times).', duration(0)),
    valueProperty(
      'max',
      'int',
      'The most combinations of one time: with more, nothing is sent for that time and an error is logged (Kapacitor stops the task). Default: 1000000.',
      int(1_000_000),
    ),
  ],
};

export const FLATTEN_NODE: NodeSpec = {
  name: 'flatten',
  kapacitorName: 'flatten',
  category: 'transform',
  args: [],
  wants: 'any',
  provides: 'same',
  doc:
    'Flattens the points of one group that have the same time (rounded to `tolerance`) into one ' +
    'point: each field is renamed after the values of the `on` tags of its point, then its own ' +
    'name (`auth.server01.value`); the point has the group tags only. The points of a time are ' +
    'flattened when a point of another time arrives; in a batch, at the end of the batch too. A point ' +
    "without one of the `on` tags is left out and logged. Example: `|flatten().on('service', 'host').tolerance(1s)`.",
  properties: [
    stringsProperty('on', 'The tags whose values, in this order, name the fields.', 0),
    valueProperty('delimiter', 'string', 'Between the tag values and the field name. Default: `.`.', str('.')),
    valueProperty('tolerance', 'duration', 'Points whose times round to the same multiple of it are flattened together, at that time. Default: 0 (exact times).', duration(0)),
    {
      name: 'dropOriginalFieldName',
      args: [optionalArg('drop', 'bool')],
      doc: 'Names each field by the tag values alone, leaving out its own name (`auth.server01`). Default: false; no argument means true.',
      default: { type: 'bool', value: false },
    },
  ],
};

export const SIDELOAD_NODE: NodeSpec = {
  name: 'sideload',
  kapacitorName: 'sideload',
  category: 'transform',
  args: [],
  wants: 'any',
  provides: 'same',
  validate: validateSideload,
  doc:
    'Adds fields and tags to every point from YAML or JSON files under a directory, read when the task starts. Each ' +
    '`order` path is a Go template over the point\'s tags (`hosts/{{.host}}.yml`) naming a file relative to the ' +
    'directory; a key is taken from the first of those files that has it, else the default is used. A value is ' +
    'converted to the type of its default (a whole number for an int, text for a string); one that cannot be is ' +
    'logged and the default used. A point keeps its other fields and tags. Only `file://` sources are read: HTTP ' +
    'sources and named endpoints are refused. The directory must be under one of `sideload.allow` in the handler ' +
    'configuration (docs/handlers.md), and only its regular `.json`, `.yml` and `.yaml` files are read. ' +
    '`POST /kapacitor/v1/sideload/reload` makes running tasks read their files again without a task reload, ' +
    'keeping every node\'s state; a directory that fails to read keeps its old values (docs/control-plane.md, ' +
    '"Sideload reload"). ' +
    "Example: `|sideload().source('file:///etc/vigil/sideload').order('host/{{.host}}.yml').field('cpu_threshold', 90.0).tag('team', 'ops')`.",
  properties: [
    valueProperty('source', 'string', "The directory, as a `file://` URL with an absolute path (required)."),
    stringsProperty('order', 'The files to look in, first first: Go templates over the point\'s tags.', 0),
    {
      name: 'field',
      args: [arg('name', 'string'), arg('default', ['float', 'int', 'string', 'bool'])],
      doc: 'A field to set from the files, with the default that also fixes its type; call it once per field.',
    },
    { name: 'tag', args: [arg('name', 'string'), arg('default', 'string')], doc: 'A tag to set from the files, with its default; call it once per tag.' },
  ],
};

/** `pipeline/combine.go`: `CombineNode.validate`, with its messages. */
function validateCombine(node: PipelineNode): ValidationProblem[] {
  const as = lastCall(node, 'as');
  const names = (as?.args ?? []).flatMap((value) => (value.type === 'string' ? [value.value] : []));
  const delimiterValue = lastCall(node, 'delimiter')?.args[0];
  const delimiter = delimiterValue?.type === 'string' ? delimiterValue.value : '.';
  const at = as?.pos ?? node.pos;
  if (names.length === 0) return [{ message: 'a call to combine.as() is required to specify the output stream prefixes.', pos: node.pos }];
  if (names.length !== node.args.length) return [{ message: 'number of prefixes specified by combine.as() must match the number of combine expressions', pos: at }];
  for (const name of names) {
    if (name === '') return [{ message: 'must provide a prefix name for the combine node, see .as() property method', pos: at }];
    // Go's strings.Contains finds the empty string in every name, so an empty delimiter is refused.
    if (name.includes(delimiter)) return [{ message: `cannot use name ${name} as field prefix, it contains the delimiter character ${delimiter}`, pos: at }];
  }
  if (new Set(names).size !== names.length) return [{ message: 'cannot use the same prefix name see .as() property method', pos: at }];
  return [];
}
