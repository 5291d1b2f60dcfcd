export { alertNodeBuilder, createAlertNodeBuilder } from './alert-node.factory';
export type { AlertNodeOptions } from './alert-node.factory';
export type { ServerInfo } from './alert-template-data';
export type { AlertNodeSnapshot } from './alert-snapshot';
export { AlertSnapshotError } from './alert-snapshot';
export { AlertTemplateError } from './alert-templates';
export { HANDLER_SPECS, handlerSpec } from './handler-specs';
export type { HandlerSpec } from './handler-specs';
