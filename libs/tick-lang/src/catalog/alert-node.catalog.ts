import type { NodeSpec, PropertySpec } from './catalog-types';
import { SUPPORTED_HANDLERS, UNSUPPORTED_HANDLERS } from './alert-handlers.catalog';
import { arg, flagProperty, int, optionalArg, str, valueProperty } from './spec-builders';

const levelLambda = (name: string, level: string): PropertySpec => ({
  name,
  args: [arg('expression', 'lambda')],
  doc: `Condition for the ${level} level; levels are tried from CRITICAL down.`,
});

const resetLambda = (name: string, level: string): PropertySpec => ({
  name,
  args: [arg('expression', 'lambda')],
  doc: `While at ${level}, the level is kept until this lambda is true (hysteresis).`,
});

const ALERT_PROPERTIES: readonly PropertySpec[] = [
  valueProperty('id', 'string', 'Template of the alert id, one state per id. Default: {{ .Name }}:{{ .Group }}.', str('{{ .Name }}:{{ .Group }}')),
  valueProperty('message', 'string', 'Template of the message. Default: {{ .ID }} is {{ .Level }}.', str('{{ .ID }} is {{ .Level }}')),
  valueProperty('details', 'string', 'HTML template of the details. Default: {{ json . }}.', str('{{ json . }}')),
  levelLambda('info', 'INFO'),
  levelLambda('warn', 'WARNING'),
  levelLambda('crit', 'CRITICAL'),
  resetLambda('infoReset', 'INFO'),
  resetLambda('warnReset', 'WARNING'),
  resetLambda('critReset', 'CRITICAL'),
  valueProperty('history', 'int', 'Number of past levels kept for flapping detection (minimum 2). Default: 21.', int(21)),
  valueProperty('levelTag', 'string', 'Adds the level as this tag to forwarded points.'),
  valueProperty('levelField', 'string', 'Adds the level as this field to forwarded points.'),
  valueProperty('messageField', 'string', 'Adds the message as this field to forwarded points.'),
  valueProperty('durationField', 'string', 'Adds the duration (int ns) as this field to forwarded points.'),
  valueProperty('idTag', 'string', 'Adds the alert id as this tag to forwarded points.'),
  valueProperty('idField', 'string', 'Adds the alert id as this field to forwarded points.'),
  flagProperty('all', 'For batches: the level is the lowest of all points rather than the highest.'),
  flagProperty('noRecoveries', 'Never sends OK events; events are marked not recoverable.'),
  flagProperty('quiet', 'Does not log errors from evaluating the level and reset lambdas.'),
  {
    name: 'inhibit',
    args: [arg('category', 'string')],
    rest: arg('tag', 'string'),
    doc: 'While this alert is not OK, drops events of that category whose listed tags match.',
  },
  valueProperty('category', 'string', 'Category of the events, for inhibition.'),
  valueProperty('topic', 'string', 'Sends events to this topic instead of the anonymous topic of the node.'),
  {
    name: 'stateChangesOnly',
    args: [optionalArg('maxInterval', 'duration')],
    doc: 'Sends an event only when the level changes; with a duration, repeats an unchanged non-OK level that often.',
  },
  {
    name: 'flapping',
    args: [arg('low', 'float'), arg('high', 'float')],
    doc: 'Suppresses events while the share of level changes in the history is above high, until it drops below low (fractions such as 0.25, 0.5).',
  },
];

export const ALERT_NODE: NodeSpec = {
  name: 'alert',
  kapacitorName: 'alert',
  category: 'alert',
  args: [],
  wants: 'any',
  provides: 'same',
  properties: [...ALERT_PROPERTIES, ...SUPPORTED_HANDLERS, ...UNSUPPORTED_HANDLERS],
  doc:
    'Evaluates level lambdas (`crit`, `warn`, `info`) per point and group, keeps the alert state per ' +
    'id and sends events (level, id, message, details, the point) to its handlers when a non-OK ' +
    'level is seen or the level changes. Points that produced an event are forwarded to children. ' +
    "Example: `|alert().id('{{ index .Tags \"host\" }}').crit(lambda: \"usage_idle\" < 10).stateChangesOnly().post('http://broker/alert')`.",
};
