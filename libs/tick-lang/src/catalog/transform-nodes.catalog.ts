import type { NodeSpec } from './catalog-types';
import { validateEval, validateWindow } from './node-validators';
import { arg, duration, flagProperty, str, stringsProperty, valueProperty } from './spec-builders';

const asProperty = (defaultName: string, doc = 'Name of the output field.') =>
  valueProperty('as', 'string', `${doc} Default: ${defaultName || 'the input field name'}.`, defaultName ? str(defaultName) : undefined);

export const WHERE_NODE: NodeSpec = {
  name: 'where',
  kapacitorName: 'where',
  category: 'filter',
  args: [arg('expression', 'lambda')],
  properties: [],
  wants: 'any',
  provides: 'same',
  doc: 'Passes on only the points (or batch points) for which the lambda is true; false or an evaluation error drops the point. State of stateful functions is kept per group.',
};

export const GROUP_BY_NODE: NodeSpec = {
  name: 'groupBy',
  kapacitorName: 'groupby',
  category: 'transform',
  args: [],
  rest: arg('tag', ['string', 'star']),
  wants: 'any',
  provides: 'same',
  doc: "Regroups the data by tags (sorted), by all tags with `*`, or back to a single group with no argument. Points keep all their tags; only their group changes. Example: `|groupBy('host', 'region')`.",
  properties: [
    flagProperty('byMeasurement', 'Adds the measurement name to the group.'),
    stringsProperty('exclude', 'Tags left out of the group, useful with `groupBy(*)`.'),
  ],
};

export const WINDOW_NODE: NodeSpec = {
  name: 'window',
  kapacitorName: 'window',
  category: 'transform',
  args: [],
  wants: 'stream',
  provides: 'batch',
  validate: validateWindow,
  doc:
    'Buffers points per group and emits them as a batch: every `every` the points of the last ' +
    '`period`, or by counts with `periodCount`/`everyCount`. A window is emitted when a later point ' +
    'of the same group arrives. Example: `|window().period(1m).every(10s).align()`.',
  properties: [
    valueProperty('period', 'duration', 'Length of time covered by each batch.'),
    valueProperty('every', 'duration', 'How often a batch is emitted; 0 (unset) emits one for every point.'),
    flagProperty('align', 'Aligns window edges to multiples of `every` instead of the first point time.'),
    flagProperty('fillPeriod', 'Waits for a full period before emitting the first batch.'),
    valueProperty('periodCount', 'int', 'Number of points in each batch (instead of a period).'),
    valueProperty('everyCount', 'int', 'Emits a batch every this many points (with periodCount).'),
  ],
};

export const DERIVATIVE_NODE: NodeSpec = {
  name: 'derivative',
  kapacitorName: 'derivative',
  category: 'transform',
  args: [arg('field', 'string')],
  wants: 'any',
  provides: 'same',
  doc: "Computes the rate of change of a field between consecutive points of a group, per `unit`, and adds it to the point (all other fields and tags are kept). The first point of a group gives no output. Example: `|derivative('bytes').unit(1s).nonNegative()`.",
  properties: [
    valueProperty('unit', 'duration', 'Time unit of the rate. Default: 1s.', duration(1)),
    flagProperty('nonNegative', 'Drops negative rates (the point still becomes the previous one).'),
    asProperty('', 'Name of the output field; by default the input field is overwritten.'),
  ],
};

export const EVAL_NODE: NodeSpec = {
  name: 'eval',
  kapacitorName: 'eval',
  category: 'transform',
  args: [],
  rest: { ...arg('expression', 'lambda'), min: 1 },
  wants: 'any',
  provides: 'same',
  validate: validateEval,
  doc:
    'Evaluates lambdas in order and stores each result under its `.as()` name; later lambdas see ' +
    'earlier results. Without `.keep()` only the results are kept (all other fields are dropped). ' +
    'An error drops the point. Example: `|eval(lambda: "errors" / "total").as(\'error_rate\').keep()`.',
  properties: [
    stringsProperty('as', 'One name per lambda, in order (required).'),
    { name: 'keep', args: [], rest: arg('field', 'string'), doc: 'Keeps the original fields too; with names, keeps exactly those fields.' },
    stringsProperty('tags', 'Results stored as tags instead of fields (they must be strings).'),
    flagProperty('quiet', 'Does not log evaluation errors.'),
  ],
};

export const DEFAULT_NODE: NodeSpec = {
  name: 'default',
  kapacitorName: 'default',
  category: 'transform',
  args: [],
  wants: 'any',
  provides: 'same',
  doc: "Fills in missing fields and tags with default values. Example: `|default().field('value', 0.0).tag('host', 'unknown')`.",
  properties: [
    { name: 'field', args: [arg('name', 'string'), arg('value', ['float', 'int', 'string', 'bool'])], doc: 'Sets the field when the point lacks it.' },
    { name: 'tag', args: [arg('name', 'string'), arg('value', 'string')], doc: 'Sets the tag when the point lacks it or it is empty.' },
  ],
};

export const STATE_COUNT_NODE: NodeSpec = {
  name: 'stateCount',
  kapacitorName: 'state_count',
  category: 'transform',
  args: [arg('expression', 'lambda')],
  wants: 'any',
  provides: 'same',
  doc:
    'Counts consecutive points of a group for which the lambda is true (1, 2, 3, ...) and adds the ' +
    'count as a field; a false point gives -1 and restarts the count; an evaluation error drops the ' +
    'point and leaves the count unchanged. Example: `|stateCount(lambda: "sucesso" == 0).as(\'consecutive_error\')`.',
  properties: [asProperty('state_count')],
};

export const STATE_DURATION_NODE: NodeSpec = {
  name: 'stateDuration',
  kapacitorName: 'state_duration',
  category: 'transform',
  args: [arg('expression', 'lambda')],
  wants: 'any',
  provides: 'same',
  doc:
    'Measures how long the lambda has been true for a group, in `unit`s since the first true point ' +
    '(0 on that point), and adds it as a float field; a false point gives -1 and resets; an error ' +
    'drops the point. Example: `|stateDuration(lambda: "usage_idle" <= 10).unit(1m)`.',
  properties: [asProperty('state_duration'), valueProperty('unit', 'duration', 'Time unit of the duration. Default: 1s.', duration(1))],
};

export const CHANGE_DETECT_NODE: NodeSpec = {
  name: 'changeDetect',
  kapacitorName: 'changeDetect',
  category: 'filter',
  args: [],
  rest: { ...arg('field', 'string'), min: 1 },
  properties: [],
  wants: 'any',
  provides: 'same',
  doc: "Passes the first point of a group and then only points where one of the listed fields differs from the last point passed. Example: `|changeDetect('status')`.",
};

export const SHIFT_NODE: NodeSpec = {
  name: 'shift',
  kapacitorName: 'shift',
  category: 'transform',
  args: [arg('shift', 'duration')],
  properties: [],
  wants: 'any',
  provides: 'same',
  doc: 'Moves point (or batch) times by a duration, which may be negative. Example: `|shift(-5m)`.',
};

export const SAMPLE_NODE: NodeSpec = {
  name: 'sample',
  kapacitorName: 'sample',
  category: 'filter',
  args: [arg('rate', ['int', 'duration'])],
  properties: [],
  wants: 'any',
  provides: 'same',
  doc: 'Keeps one point in `n` per group (the first, then every n-th) with an int, or the points whose time is a multiple of a duration. Example: `|sample(10)` or `|sample(1m)`.',
};

export const LOG_NODE: NodeSpec = {
  name: 'log',
  kapacitorName: 'log',
  category: 'output',
  args: [],
  wants: 'any',
  provides: 'same',
  doc: "Logs every point or batch passing through and passes it on. Example: `|log().level('DEBUG').prefix('after window')`.",
  properties: [
    { name: 'level', args: [arg('level', 'string', { oneOf: ['DEBUG', 'INFO', 'WARN', 'ERROR'], caseInsensitive: true })], doc: 'Log level: DEBUG, INFO, WARN or ERROR. Default: INFO.', default: str('INFO') },
    valueProperty('prefix', 'string', 'Text added in front of every logged message.', str('')),
  ],
};
