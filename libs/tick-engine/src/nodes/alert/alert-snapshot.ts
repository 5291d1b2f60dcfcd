import { LEVELS, type Level } from '@vigil/core';
import type { AlertGroupStateSnapshot } from './alert-group-state';
import type { AlertTopicSnapshot } from './alert-topic-state';

/**
 * The checkpoint of an alert node: plain JSON (bigints as decimal strings). It comes back from
 * Redis in another process, so `parseAlertSnapshot` checks every part before the node trusts it.
 */
export interface AlertNodeSnapshot {
  readonly version: 1;
  readonly groups: readonly {
    readonly group: string;
    readonly state: AlertGroupStateSnapshot;
    readonly inhibitors: readonly { readonly category: string; readonly tags: Readonly<Record<string, string>>; readonly inhibited: boolean }[];
  }[];
  readonly anonymousTopic: AlertTopicSnapshot;
  readonly namedTopic: AlertTopicSnapshot | null;
  /** State of the shared lambda instances, by property name (`crit`, `warnReset`, ...). */
  readonly lambdas: Readonly<Record<string, unknown>>;
}

export class AlertSnapshotError extends Error {
  override readonly name = 'AlertSnapshotError';
}

type Json = Record<string, unknown>;

function object(value: unknown, path: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new AlertSnapshotError(`${path} is not an object`);
  return value as Json;
}

function array(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw new AlertSnapshotError(`${path} is not an array`);
  return value;
}

function string(value: unknown, path: string): string {
  if (typeof value !== 'string') throw new AlertSnapshotError(`${path} is not a string`);
  return value;
}

function boolean(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') throw new AlertSnapshotError(`${path} is not a boolean`);
  return value;
}

function integerString(value: unknown, path: string): string {
  const text = string(value, path);
  if (!/^-?\d+$/.test(text)) throw new AlertSnapshotError(`${path} is not an integer string`);
  return text;
}

function level(value: unknown, path: string): Level {
  if (!LEVELS.includes(value as Level)) throw new AlertSnapshotError(`${path} is not an alert level`);
  return value as Level;
}

function tags(value: unknown, path: string): Record<string, string> {
  const entries = Object.entries(object(value, path));
  return Object.fromEntries(entries.map(([key, tag]) => [key, string(tag, `${path}.${key}`)]));
}

function topic(value: unknown, path: string): AlertTopicSnapshot {
  return array(value, path).map((entry, i) => {
    const item = object(entry, `${path}[${i}]`);
    return { id: string(item.id, `${path}[${i}].id`), level: level(item.level, `${path}[${i}].level`), time: integerString(item.time, `${path}[${i}].time`) };
  });
}

function groupState(value: unknown, path: string): AlertGroupStateSnapshot {
  const state = object(value, path);
  const idx = state.idx;
  if (typeof idx !== 'number' || !Number.isInteger(idx)) throw new AlertSnapshotError(`${path}.idx is not an integer`);
  return {
    history: array(state.history, `${path}.history`).map((entry, i) => level(entry, `${path}.history[${i}]`)),
    idx,
    flapping: boolean(state.flapping, `${path}.flapping`),
    changed: boolean(state.changed, `${path}.changed`),
    expired: boolean(state.expired, `${path}.expired`),
    firstTriggered: integerString(state.firstTriggered, `${path}.firstTriggered`),
    lastTriggered: integerString(state.lastTriggered, `${path}.lastTriggered`),
  };
}

export function parseAlertSnapshot(value: unknown): AlertNodeSnapshot {
  const root = object(value, 'alert snapshot');
  if (root.version !== 1) throw new AlertSnapshotError(`alert snapshot version ${String(root.version)} is not supported`);
  const groups = array(root.groups, 'groups').map((entry, i) => {
    const path = `groups[${i}]`;
    const group = object(entry, path);
    return {
      group: string(group.group, `${path}.group`),
      state: groupState(group.state, `${path}.state`),
      inhibitors: array(group.inhibitors, `${path}.inhibitors`).map((item, j) => {
        const inhibitor = object(item, `${path}.inhibitors[${j}]`);
        return {
          category: string(inhibitor.category, `${path}.inhibitors[${j}].category`),
          tags: tags(inhibitor.tags, `${path}.inhibitors[${j}].tags`),
          inhibited: boolean(inhibitor.inhibited, `${path}.inhibitors[${j}].inhibited`),
        };
      }),
    };
  });
  return {
    version: 1,
    groups,
    anonymousTopic: topic(root.anonymousTopic, 'anonymousTopic'),
    namedTopic: root.namedTopic === null ? null : topic(root.namedTopic, 'namedTopic'),
    lambdas: object(root.lambdas, 'lambdas'),
  };
}
