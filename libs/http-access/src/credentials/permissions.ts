/**
 * What a credential may do. Kapacitor grants read, write and delete per API path; vigil groups its
 * routes by what they put at stake instead, so that a writer's token cannot define a task (which
 * can run handlers) and a dashboard's token cannot change anything. `admin` is every permission,
 * including routes that have none of their own (configuration, backups, logs).
 */
export const PERMISSIONS = {
  'write-points': 'Write points (InfluxDB 1.x/2.x write, Prometheus remote_write, JSON points).',
  'read-tasks': 'List and show tasks, templates, recordings and replays.',
  'write-tasks': 'Define, enable, disable, reload and delete tasks and templates; record and replay. A task names the handlers its alerts run.',
  'read-alerts': 'Read alert topics, their events and topic handlers.',
  'write-alerts': 'Define and delete topic handlers, send service tests: both make vigil deliver to a handler.',
  'replay-dead-letters': 'Send dead letters to their handlers again.',
  'read-metrics': 'Read /metrics, statistics and debug variables (only asked for when metrics require credentials).',
  admin: 'Everything, including configuration, backups and logs.',
} as const;

export type Permission = keyof typeof PERMISSIONS;

export const PERMISSION_NAMES = Object.keys(PERMISSIONS) as Permission[];

export function isPermission(word: string): word is Permission {
  return Object.hasOwn(PERMISSIONS, word);
}
