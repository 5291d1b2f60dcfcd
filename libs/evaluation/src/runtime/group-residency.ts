import type { DecodedMessage } from '../decode/message-decoder';
import type { GroupPolicy } from './task-checkpoint';
import type { TaskInstance } from './task-instance';

// Which groups of the tasks that checkpoint by group are in memory: loaded from the store before
// the points that need them, and evicted after a save when they have been idle.

/**
 * Per task, the groups of these records' points that are neither in memory nor new: their saved
 * state must be admitted before the records are applied (one read per batch, not per point).
 * Records below `nextOffset` were applied already and are left out.
 */
export function groupsToLoad(instances: readonly TaskInstance[], messages: readonly DecodedMessage[], nextOffset: bigint | undefined): Map<string, string[]> {
  const wanted = new Map<string, Set<string>>();
  // Only tasks with saved groups out of memory can need any: while every group a task holds is
  // in memory (no eviction yet, as with few groups), a group not in memory is new, and its
  // points need no look-up here.
  const storing = instances.filter((instance) => instance.groupsInStore && instance.task.incremental !== undefined && instance.task.incremental.residentGroups < instance.task.incremental.heldGroups);
  if (storing.length === 0) return new Map();
  for (const message of messages) {
    if (nextOffset !== undefined && message.offset < nextOffset) continue;
    for (const point of message.points) {
      for (const instance of storing) {
        const incremental = instance.task.incremental;
        if (!incremental || !instance.reads(point)) continue;
        const group = incremental.groupOf(point);
        if (incremental.isResident(group) || incremental.isExpired(group)) continue;
        let groups = wanted.get(instance.name);
        if (!groups) wanted.set(instance.name, (groups = new Set()));
        groups.add(group);
      }
    }
  }
  return new Map([...wanted].map(([task, groups]) => [task, [...groups]]));
}

/** Puts a task's saved groups (entry texts from the store) back in memory. */
export function admitGroups(instances: readonly TaskInstance[], task: string, entries: ReadonlyMap<string, string>): void {
  const incremental = instances.find((instance) => instance.name === task)?.task.incremental;
  if (!incremental || entries.size === 0) return;
  incremental.admit([...entries].map(([group, text]) => [group, JSON.parse(text) as unknown] as const));
}

/**
 * After a save: the store holds every task's groups, and groups idle for `idleBatches` of their
 * task's batches leave memory (or, with `expire`, quiet ones are deleted by the next save).
 */
export function groupsSaved(instances: readonly TaskInstance[], policy: GroupPolicy | undefined): { evicted: number; expired: number } {
  const idle = policy?.idleBatches ?? 0;
  let evicted = 0;
  let expired = 0;
  for (const instance of instances) if (instance.task.incremental) instance.groupsInStore = true;
  if (idle <= 0) return { evicted, expired };
  for (const instance of instances) {
    const outcome = instance.task.incremental?.evictIdle(idle, policy?.expire ?? false);
    if (!outcome) continue;
    evicted += outcome.evicted;
    expired += outcome.expired;
    if (outcome.expired > 0) instance.dirty = true;
  }
  return { evicted, expired };
}
