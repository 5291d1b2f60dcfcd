import type { NodeRegistration } from '../node-registry';
import { alertNodeFactory } from './alert-node.factory';

export { alertNodeFactory, createAlertNodeFactory } from './alert-node.factory';
export type { AlertNodeOptions } from './alert-node.factory';
export type { ServerInfo } from './alert-template-data';
export type { AlertNodeSnapshot } from './alert-snapshot';
export { AlertSnapshotError } from './alert-snapshot';
export { AlertTemplateError } from './alert-templates';
export { HANDLER_SPECS, handlerSpec } from './handler-specs';
export type { HandlerSpec } from './handler-specs';

/** User documentation of the alert node, one paragraph. */
export const ALERT_NODE_SUMMARY =
  'Gives every point (or window batch) of a group a level from the `crit`, `warn` and `info` lambdas ' +
  '(tried from CRITICAL down, with optional `critReset`/`warnReset`/`infoReset` hysteresis) and sends an ' +
  'event to its handlers for every non-OK point and every recovery, or only on changes with ' +
  '`.stateChangesOnly()`; `.noRecoveries()`, `.flapping(low, high)`, `.inhibit()`/`.category()` and ' +
  '`.topic()` work as in Kapacitor, and the event is Kapacitor\'s alert JSON with `id`, `message` and ' +
  '`details` rendered from Go templates. Points that produced an event go on to the children. ' +
  "Example: `|alert().id('{{ index .Tags \"host\" }}').crit(lambda: \"usage_idle\" < 10).stateChangesOnly().post('http://broker/alert')`.";

/** The alert node as the engine's registry lists it. */
export const alertNodeRegistration: NodeRegistration = { type: 'alert', summary: ALERT_NODE_SUMMARY, factory: alertNodeFactory };
