import type { Point } from '@vigil/core';
import type { Pipeline } from '@vigil/tick-lang';
import type { NodeEntries } from '../runtime/node-entries';
import type { NodeRuntime } from '../runtime/node-runtime';
import { SnapshotError } from '../runtime/snapshot-codec';
import { parseGroupEntry, parseSharedEntry, TASK_ENTRIES_FORMAT, type GroupEntry, type TaskDelta } from './task-entries';

/**
 * Nodes that keep no per-group state: their whole snapshot is their shared part. Every other
 * node of an incremental task must offer `NodeEntries`.
 */
const GROUPLESS_NODE_TYPES: ReadonlySet<string> = new Set(['stream', 'from', 'log', 'noop', 'influxDBOut']);

/** A group in memory: its creation sequence number and the last step that touched it. */
interface ResidentGroup {
  readonly seq: number;
  step: number;
}

/**
 * Whether a pipeline can be checkpointed by group: one `from()` assigns every group (no later
 * `groupBy` or tag rewrite moves points between groups), nothing acts on the wall clock (a
 * `deadman` watches idle groups, so they could never leave memory), and every stateful node
 * splits its state by group.
 */
export function supportsEntries(pipeline: Pipeline, nodes: readonly NodeRuntime[]): boolean {
  if (pipeline.nodes.filter((node) => node.type === 'from').length !== 1) return false;
  return pipeline.nodes.every((node, id) => {
    const runtime = nodes[id] as NodeRuntime;
    if (runtime.tick !== undefined) return false;
    return GROUPLESS_NODE_TYPES.has(node.type) || runtime.entries !== undefined;
  });
}

/**
 * The groups of one incremental task (one set of built nodes): which are in memory, which
 * changed since the last save, and the group limit. Every point passes `enter` once `from()` has
 * assigned its group. Groups in memory are kept in the order they were last touched, so the
 * idle ones are found at the front without looking at the others.
 */
export class GroupDirectory {
  private readonly resident = new Map<string, ResidentGroup>();
  private readonly touched = new Set<string>();
  private readonly expired = new Set<string>();
  private readonly grouped: { readonly name: string; readonly entries: NodeEntries }[];
  private readonly source: NodeRuntime;
  private nextSeq = 0;
  /** Groups the task holds, in memory or only in the store. */
  private held = 0;
  private step = 0;
  /** The next delta holds the whole state (a fresh task, or one restored whole). */
  private replace = true;
  refused = 0;
  maxGroups = Number.POSITIVE_INFINITY;

  constructor(
    private readonly taskName: string,
    private readonly pipeline: Pipeline,
    private readonly nodes: readonly NodeRuntime[],
  ) {
    this.grouped = [];
    pipeline.nodes.forEach((node, id) => {
      const entries = (nodes[id] as NodeRuntime).entries;
      if (entries) this.grouped.push({ name: node.name, entries });
    });
    this.source = nodes[pipeline.nodes.findIndex((node) => node.type === 'from')] as NodeRuntime;
  }

  /** Groups in memory. */
  get residentGroups(): number {
    return this.resident.size;
  }

  /** Groups held in memory or in the store. */
  get heldGroups(): number {
    return this.held;
  }

  /** The group `from()` gives a point. */
  groupOf(point: Point): string {
    return this.source.groupOf?.(point) ?? '';
  }

  /** Whether the group's state is in memory (else it is saved, expired, or new). */
  isResident(group: string): boolean {
    return this.resident.has(group);
  }

  /** Whether the group expired since the last save (its next point starts it anew). */
  isExpired(group: string): boolean {
    return this.expired.has(group);
  }

  /**
   * Lets a point of the group in, creating the group when it is new, or refuses it when the task
   * holds `maxGroups` groups already. Saved groups must have been admitted before their points.
   */
  enter(group: string): boolean {
    const known = this.resident.get(group);
    if (known !== undefined) {
      if (known.step !== this.step) {
        known.step = this.step;
        this.resident.delete(group);
        this.resident.set(group, known);
        this.touched.add(group);
      }
      return true;
    }
    if (this.held >= this.maxGroups) {
      this.refused += 1;
      return false;
    }
    this.resident.set(group, { seq: this.nextSeq++, step: this.step });
    this.held += 1;
    this.expired.delete(group);
    this.touched.add(group);
    return true;
  }

  /** Puts saved groups back into memory, in creation order. */
  admit(entries: Iterable<readonly [string, unknown]>): void {
    const parsed: [string, GroupEntry][] = [];
    for (const [group, value] of entries) if (!this.resident.has(group)) parsed.push([group, parseGroupEntry(value, group)]);
    parsed.sort((a, b) => a[1].seq - b[1].seq);
    for (const [group, entry] of parsed) {
      for (const { name, entries } of this.grouped) {
        if (Object.hasOwn(entry.nodes, name)) entries.restoreGroup(group, entry.nodes[name]);
      }
      // Not touched yet: its first point marks it changed (and moves it to the back).
      this.resident.set(group, { seq: entry.seq, step: -1 });
    }
  }

  /** The changes since the last delta; ends the step. */
  takeDelta(): TaskDelta {
    const groups = new Map<string, GroupEntry | undefined>();
    for (const group of this.expired) groups.set(group, undefined);
    for (const group of this.touched) {
      const known = this.resident.get(group);
      if (known !== undefined) groups.set(group, this.entryOf(group, known.seq));
    }
    const keys = new Map<string, unknown>();
    for (const { name, entries } of this.grouped) {
      if (!entries.takeChangedKeys || !entries.keyState) continue;
      for (const key of entries.takeChangedKeys()) keys.set(`${name}:${key}`, entries.keyState(key));
    }
    const delta: TaskDelta = { replace: this.replace, shared: this.sharedEntry(), groups, keys };
    this.touched.clear();
    this.expired.clear();
    this.replace = false;
    this.step += 1;
    return delta;
  }

  /**
   * Drops from memory the groups no step touched for `idleSteps` steps; their state was saved
   * with the last delta. With `expire`, a quiet group (see NodeEntries.groupIsQuiet) is deleted
   * instead, by the next delta. Call right after a delta was saved.
   */
  evictIdle(idleSteps: number, expire: boolean): { evicted: number; expired: number } {
    let evicted = 0;
    let expired = 0;
    const last = this.step - idleSteps;
    for (const [group, known] of this.resident) {
      if (known.step >= last) break;
      if (this.touched.has(group)) break;
      const quiet = expire && this.grouped.every(({ entries }) => entries.groupIsQuiet(group));
      for (const { entries } of this.grouped) entries.evictGroup(group);
      this.resident.delete(group);
      if (quiet) {
        this.expired.add(group);
        this.held -= 1;
        expired += 1;
      } else evicted += 1;
    }
    return { evicted, expired };
  }

  /** Restores a task-level entry and the keys into these (fresh) nodes; groups come back by `admit`. */
  restoreEntries(shared: unknown, keys: Iterable<readonly [string, unknown]>): void {
    const { nodes, seq, groups } = parseSharedEntry(this.pipeline, shared);
    this.pipeline.nodes.forEach((node, id) => {
      const runtime = this.nodes[id] as NodeRuntime;
      if (runtime.entries) runtime.entries.restoreShared(nodes[id]);
      else runtime.restore(nodes[id]);
    });
    const byName = new Map(this.grouped.map(({ name, entries }) => [name, entries]));
    for (const [key, value] of keys) {
      const colon = key.indexOf(':');
      const entries = byName.get(key.slice(0, colon));
      if (colon < 0 || !entries?.restoreKey) throw new SnapshotError(`task entry key ${JSON.stringify(key)} names no node of the task`);
      entries.restoreKey(key.slice(colon + 1), value);
    }
    this.nextSeq = seq;
    this.held = groups;
    this.replace = false;
  }

  /** After a whole restore: every group the nodes hold is in memory and the next delta writes all. */
  adoptRestoredGroups(): void {
    for (const { entries } of this.grouped) {
      for (const group of entries.groups()) {
        if (this.resident.has(group)) continue;
        this.resident.set(group, { seq: this.nextSeq++, step: this.step });
        this.touched.add(group);
      }
    }
    this.held = this.resident.size;
    this.replace = true;
  }

  private entryOf(group: string, seq: number): GroupEntry {
    const nodes: Record<string, unknown> = {};
    for (const { name, entries } of this.grouped) {
      const state = entries.groupState(group);
      if (state !== undefined) nodes[name] = state;
    }
    return { seq, nodes };
  }

  private sharedEntry(): TaskDelta['shared'] {
    return {
      format: TASK_ENTRIES_FORMAT,
      task: this.taskName,
      nodes: this.pipeline.nodes.map((node, id) => {
        const runtime = this.nodes[id] as NodeRuntime;
        return { name: node.name, type: node.type, state: runtime.entries ? runtime.entries.shared() : runtime.snapshot() };
      }),
      seq: this.nextSeq,
      groups: this.held,
    };
  }
}
