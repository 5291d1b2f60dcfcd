import type { NodeSpec } from './catalog-types';
import { arg, flagProperty, valueProperty } from './spec-builders';

export const STREAM_NODE: NodeSpec = {
  name: 'stream',
  kapacitorName: 'stream',
  category: 'source',
  internal: true,
  args: [],
  properties: [],
  wants: 'stream',
  provides: 'stream',
  chainMethods: ['from', 'deadman', 'stats'],
  doc:
    'The predefined `stream` variable: every point written to the databases the task subscribes to ' +
    '(its `dbrp`s), in arrival order. A stream task starts with `stream|from()`; `from()` can be ' +
    'called several times to fork independent branches.',
};

export const FROM_NODE: NodeSpec = {
  name: 'from',
  kapacitorName: 'from',
  category: 'source',
  onlyAfterStream: true,
  args: [],
  wants: 'stream',
  provides: 'stream',
  doc:
    'Selects the points of the stream a branch works on, by database, retention policy and ' +
    'measurement (an unset filter matches everything) and an optional `where` lambda, and sets ' +
    'the group-by dimensions. `truncate`/`round` rewrite point times before anything else. ' +
    "Example: `stream|from().measurement('cpu').where(lambda: \"cpu\" == 'cpu-total').groupBy('host')`.",
  properties: [
    valueProperty('database', 'string', 'Only points of this database (empty: any).'),
    valueProperty('retentionPolicy', 'string', 'Only points of this retention policy (empty: any).'),
    valueProperty('measurement', 'string', 'Only points of this measurement (empty: any).'),
    {
      name: 'where',
      args: [arg('expression', 'lambda')],
      doc: 'Keeps points for which the lambda is true; several calls are combined with AND; an error drops the point.',
    },
    {
      name: 'groupBy',
      args: [],
      rest: arg('tag', ['string', 'star']),
      doc: 'Groups points by these tags, or by all their tags with `*`; no argument means no grouping.',
    },
    flagProperty('groupByMeasurement', 'Adds the measurement name to the group.'),
    valueProperty('truncate', 'duration', 'Truncates point times to a multiple of this duration.'),
    valueProperty('round', 'duration', 'Rounds point times to the nearest multiple of this duration.'),
  ],
};

export const STATS_NODE: NodeSpec = {
  name: 'stats',
  kapacitorName: 'stats',
  category: 'source',
  args: [arg('interval', 'duration')],
  wants: 'any',
  provides: 'stream',
  doc:
    'Emits, every interval of wall-clock time, the number of points the node it is called on has ' +
    'emitted so far, per group, as the field `emitted` of measurement `stats`. It reads real time, ' +
    'not point time, so its output cannot be replayed deterministically; it is a root of the ' +
    'pipeline (no parent edge), remembering its source node. The first report comes one interval ' +
    'after the task starts, or with `.align()` at the next multiple of the interval, as with ' +
    "Kapacitor's ticker (`stats.go`, `runStats`); a report missed while the host was busy or down " +
    'is made once, at its next tick. The time of the next report and the counts are part of the ' +
    "task's saved state: a task restored from its checkpoint (`vigil serve` restarted, an " +
    'evaluator restarted or handed the partition) reports at the times, and with the counts, of ' +
    'one that never stopped. Kapacitor keeps no task state, so there every restart starts the ' +
    'interval and the counts anew; so does vigil when it rebuilds a lost checkpoint from the points.',
  properties: [flagProperty('align', 'Reports at multiples of the interval and rounds the emitted times to it.')],
};

export const NOOP_NODE: NodeSpec = {
  name: 'noop',
  kapacitorName: 'noop',
  category: 'internal',
  internal: true,
  args: [],
  properties: [],
  wants: 'any',
  provides: 'same',
  doc:
    'Added by the compiler under a node that `stats` (or `deadman`) watches when that node has no ' +
    'children yet, so that its emitted count is meaningful, as Kapacitor does. Does nothing.',
};

export const DEADMAN_NODE: NodeSpec = {
  name: 'deadman',
  kapacitorName: '',
  category: 'alert',
  macro: true,
  args: [arg('threshold', 'float'), arg('interval', 'duration')],
  rest: arg('expression', 'lambda'),
  properties: [],
  wants: 'any',
  provides: 'same',
  doc:
    "A deadman's switch: sugar for `|stats(interval).align() |derivative('emitted').unit(interval)" +
    '.nonNegative() |alert().crit(lambda: "emitted" <= threshold)` with a default id and message ' +
    'naming the watched node; extra lambdas are ANDed to the condition. It returns the alert node, ' +
    'so alert properties and handlers follow it: `|deadman(100.0, 10s).slack()`. Like `stats`, it ' +
    'depends on wall-clock time, and a task restored from its checkpoint goes on judging at the ' +
    'times of one that never stopped (see `|stats`).',
};
