import { TASK_ENTRIES_FORMAT, TASK_SNAPSHOT_FORMAT, type TaskSnapshot } from '@vigil/tick-engine';
import type { SectionWrite } from '../checkpoint/checkpoint-store';
import { groupsSection, keysSection } from '../checkpoint/checkpoint-fields';
import { countGroups, type TaskInstance } from './task-instance';

/** How the runtime keeps groups in memory; all off by default (every group stays, no limit). */
export interface GroupPolicy {
  /** Groups untouched for this many of their task's batches leave memory (saved); 0 keeps them all. */
  readonly idleBatches?: number;
  /** Delete, instead of keeping in the store, idle groups that hold nothing observable. */
  readonly expire?: boolean;
  /** The most groups one task holds on one partition (memory and store); points of new groups beyond are refused. */
  readonly maxGroups?: number;
}

/** What one task adds to a save: its field text and, when it checkpoints by group, its sections. */
export interface TaskWrite {
  readonly field: string;
  readonly sections: readonly (readonly [string, SectionWrite])[];
  readonly bytes: number;
  /** Group entries written (changed groups). */
  readonly groups: number;
}

/**
 * The checkpoint text of one task: the whole snapshot (reused while the task does not change),
 * or, for a task that checkpoints by group, its task-level entry and the groups and keys the
 * steps since the last save changed.
 */
export function taskWriteOf(instance: TaskInstance): TaskWrite {
  const incremental = instance.task.incremental;
  if (!incremental) {
    if (instance.dirty || instance.encoded === undefined) {
      const snapshot = instance.task.snapshot();
      instance.groups = countGroups(snapshot);
      instance.encoded = JSON.stringify(snapshot);
      instance.dirty = false;
    }
    return { field: instance.encoded, sections: [], bytes: instance.encoded.length, groups: 0 };
  }
  if (!instance.dirty && instance.encoded !== undefined) return { field: instance.encoded, sections: [], bytes: instance.encoded.length, groups: 0 };
  const delta = incremental.takeDelta();
  instance.dirty = false;
  instance.encoded = JSON.stringify(delta.shared);
  let bytes = instance.encoded.length;
  const groups = new Map<string, string>();
  const removed: string[] = [];
  for (const [group, entry] of delta.groups) {
    if (entry === undefined) {
      removed.push(group);
      continue;
    }
    const text = JSON.stringify(entry);
    groups.set(group, text);
    bytes += group.length + text.length;
  }
  const keys = new Map<string, string>();
  for (const [key, state] of delta.keys) {
    const text = JSON.stringify(state);
    keys.set(key, text);
    bytes += key.length + text.length;
  }
  instance.groups = incremental.residentGroups;
  const sections: [string, SectionWrite][] = [];
  if (delta.replace || groups.size > 0 || removed.length > 0) sections.push([groupsSection(instance.name), { replace: delta.replace, set: groups, delete: removed }]);
  if (delta.replace || keys.size > 0) sections.push([keysSection(instance.name), { replace: delta.replace, set: keys, delete: [] }]);
  return { field: instance.encoded, sections, bytes, groups: groups.size };
}

/**
 * Restores one task from its field: a whole snapshot (any task; one that checkpoints by group
 * then writes all its groups with its next save) or a task-level entry with the task's keys.
 */
export function restoreTask(instance: TaskInstance, text: string, keys: Iterable<readonly [string, string]>): void {
  const saved = JSON.parse(text) as { format?: unknown };
  const incremental = instance.task.incremental;
  if (saved?.format === TASK_ENTRIES_FORMAT) {
    if (!incremental) throw new Error(`the task was saved by group and no longer checkpoints that way (its script changed)`);
    const parsedKeys: [string, unknown][] = [];
    for (const [key, value] of keys) parsedKeys.push([key, JSON.parse(value) as unknown]);
    incremental.restoreEntries(saved, parsedKeys);
    instance.groupsInStore = true;
    instance.groups = 0;
    instance.encoded = text;
    return;
  }
  instance.task.restore(saved);
  if (saved?.format === TASK_SNAPSHOT_FORMAT) instance.groups = countGroups(saved as TaskSnapshot);
  // A whole snapshot of a task that now checkpoints by group: the next save moves it to entries.
  instance.encoded = incremental ? undefined : text;
  instance.dirty = incremental !== undefined;
}
