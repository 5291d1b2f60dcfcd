import type { AlertEvent, Level, Point } from '@vigil/core';
import type { LogEntry, NodeRegistry } from '@vigil/tick-engine';
import type { TaskStatisticsBook } from '../statistics/task-statistics-book';
import type { CheckpointWrite, SectionWrite, StoredCheckpoint } from '../checkpoint/checkpoint-store';
import { CHECKPOINT_FIELDS, decodeSourcePositions, encodeSourcePositions, taskField } from '../checkpoint/checkpoint-fields';
import type { DecodedMessage } from '../decode/message-decoder';
import { acceptedMsOf, type ForwardRecord, forwardRecordOf, isAfter, parseSourceHeader, POINT_HEADERS, type SourcePosition } from '@vigil/topic-contract';
import { eventIdOf, type EventCause } from '../events/event-id';
import { repartitionKeyFor } from '../placement/task-placement';
import type { TaskDefinition } from '../tasks/task-definition';
import { TaskInstance, TaskPointFilter, type TaskObserver } from './task-instance';
import { restoreTask, taskWriteOf, type GroupPolicy } from './task-checkpoint';
import { pointIdentityOf } from './point-identity';
import { DEFAULT_RETRY_WINDOW_POINTS, RetryWindow } from './retry-window';

/** An alert event with its deterministic id. */
export interface EmittedEvent {
  readonly eventId: string;
  readonly event: AlertEvent;
  /** When vigil accepted the point that caused the event (acceptedMsOf), ms; none for a tick's. */
  readonly acceptedMs?: number;
}

/** A repartitioned task whose points this partition forwards, and the topic they go to. */
export interface ForwardedTask {
  readonly definition: TaskDefinition;
  readonly topic: string;
}

export interface PartitionRuntimeOptions {
  readonly topic: string;
  readonly partition: number;
  /** Tasks evaluated on this partition. */
  readonly tasks: readonly TaskDefinition[];
  /** Repartitioned tasks: their points are forwarded, not evaluated here. */
  readonly forwarded?: readonly ForwardedTask[];
  /** On repartition topics: drop points whose `vigil-source` position was applied already. */
  readonly dedupBySource?: boolean;
  /** Wall clock, ns: `now()` in lambdas. */
  readonly now: () => bigint;
  /** Engine log lines (the `log` node, evaluation errors), with the task added. */
  readonly log: (task: string, entry: LogEntry) => void;
  /** Evaluation errors and dropped events, per task, for metrics. */
  readonly observer?: TaskObserver;
  /** The engine's nodes as the host sets them up (`.ServerInfo` of alert templates); default: the engine's. */
  readonly registry?: NodeRegistry;
  /** Where the tasks count their node statistics, kept by the host across runtimes; default: each task its own. */
  readonly statistics?: TaskStatisticsBook;
  /** Groups in memory, their expiry and the group limit, for tasks that checkpoint by group. */
  readonly groups?: GroupPolicy;
  /**
   * How many of the partition's last points the retry window remembers (retry-window.ts): a
   * point equal to one of them is a write repeated by a retry and is not applied again. Default
   * DEFAULT_RETRY_WINDOW_POINTS; 0 turns the window off.
   */
  readonly retryWindowPoints?: number;
}

/** What applying a batch or a tick produced, and the checkpoint that covers it. */
export interface StepResult {
  readonly events: readonly EmittedEvent[];
  readonly forwards: readonly ForwardRecord[];
  /** The next offset to read after this step. */
  readonly offset: bigint;
  /**
   * What the save of this step writes: every task's field (its whole snapshot, or its task-level
   * entry) and the source positions, and the groups and keys that changed since the last save.
   */
  readonly write: CheckpointWrite;
  /** Bytes the save writes (field and entry texts, entry names). */
  readonly checkpointBytes: number;
  /** Group entries the save writes (groups changed since the last save). */
  readonly groupsWritten: number;
  /** Per task, points refused in this step because they would have created a group past the limit. */
  readonly refusedByTask: ReadonlyMap<string, number>;
  /** Whether the step changed any state (a tick of tasks without wall-clock nodes does not). */
  readonly changed: boolean;
  readonly points: number;
  readonly pointsByTask: ReadonlyMap<string, number>;
  readonly eventsByLevel: ReadonlyMap<Level, number>;
  /** Messages (or lines) that were not points. */
  readonly undecodable: number;
  readonly firstUndecodable?: { readonly offset: bigint; readonly reason: string };
  /** Forwarded points seen before (after a source crash) and dropped. */
  readonly repeats: number;
  /** Points equal to one the retry window holds (a retried write), dropped. */
  readonly retried: number;
  /** Points line protocol cannot forward (NaN or infinite floats), dropped. */
  readonly unforwardable: number;
  /** Messages below the expected offset (already applied), skipped. */
  readonly skippedMessages: number;
  /** Events of records below the quiet offset (written before a rebuild), not returned. */
  readonly quietEvents: number;
}

export interface RestoreReport {
  readonly offset: bigint | undefined;
  readonly restored: readonly string[];
  /** Tasks whose saved state did not fit (the script changed); they start empty. */
  readonly failed: readonly { readonly task: string; readonly reason: string }[];
  /** Saved states of tasks that are no longer defined. */
  readonly unknown: readonly string[];
  /** Why the stored retry window could not be read; it then starts empty. */
  readonly retryWindowError?: string;
}

/**
 * The evaluation of one partition: one engine task per task definition, fed with the partition's
 * records in offset order. Everything here is synchronous and deterministic given the records
 * (and the wall clock, for `now()` and ticks): applying the same records to the same checkpoint
 * gives the same events with the same ids, which is what makes reprocessing after a crash safe.
 */
export class PartitionRuntime {
  readonly topic: string;
  readonly partition: number;
  private readonly instances: TaskInstance[];
  private readonly forwarded: readonly { filter: TaskPointFilter; topic: string; definition: TaskDefinition }[];
  private readonly sources = new Map<string, SourcePosition>();
  private readonly window: RetryWindow;
  private ticked = false;
  private nextOffset: bigint | undefined;
  private quietBelow: bigint | undefined;
  /** Set while a record below the quiet offset is applied: its events are counted, not collected. */
  private quiet = false;
  private quietEvents = 0;
  private cause: EventCause | undefined;
  /** Reused for every point: the engine emits synchronously, so the id is taken before it changes. */
  private readonly pointCause: { kind: 'point'; topic: string; partition: number; offset: bigint; index: number };
  private collected: EmittedEvent[] = [];
  /** When the record being applied was accepted, for the events it causes. */
  private acceptedMs: number | undefined;

  constructor(private readonly options: PartitionRuntimeOptions) {
    this.topic = options.topic;
    this.partition = options.partition;
    this.instances = options.tasks.map((definition) => this.instantiate(definition));
    this.pointCause = { kind: 'point', topic: options.topic, partition: options.partition, offset: 0n, index: 0 };
    this.window = new RetryWindow(options.retryWindowPoints ?? DEFAULT_RETRY_WINDOW_POINTS);
    this.forwarded = (options.forwarded ?? []).map((entry) => ({ filter: new TaskPointFilter(entry.definition), topic: entry.topic, definition: entry.definition }));
  }

  /** The next offset this runtime expects, once restored or after its first batch. */
  get offset(): bigint | undefined {
    return this.nextOffset;
  }

  /** Per task: points applied, groups in memory and groups held (in memory or saved). */
  taskStats(): { task: string; points: number; groups: number; held: number }[] {
    return this.instances.map((instance) => ({
      task: instance.name,
      points: instance.points,
      groups: instance.task.incremental?.residentGroups ?? instance.groups,
      held: instance.task.incremental?.heldGroups ?? instance.groups,
    }));
  }

  /** Tasks that checkpoint by group: their keys are loaded before `restore`. */
  incrementalTasks(): string[] {
    return this.instances.filter((instance) => instance.task.incremental !== undefined).map((instance) => instance.name);
  }

  /**
   * Per task, the groups of these records' points that are neither in memory nor new: their saved
   * state must be `admit`ted before the records are applied (one read per batch, not per point).
   */
  groupsToLoad(messages: readonly DecodedMessage[]): Map<string, string[]> {
    const wanted = new Map<string, Set<string>>();
    for (const message of messages) {
      if (this.nextOffset !== undefined && message.offset < this.nextOffset) continue;
      for (const point of message.points) {
        for (const instance of this.instances) {
          const incremental = instance.task.incremental;
          if (!incremental || !instance.groupsInStore || !instance.reads(point)) continue;
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
  admit(task: string, entries: ReadonlyMap<string, string>): void {
    const incremental = this.instances.find((instance) => instance.name === task)?.task.incremental;
    if (!incremental || entries.size === 0) return;
    incremental.admit([...entries].map(([group, text]) => [group, JSON.parse(text) as unknown] as const));
  }

  /**
   * Call after a step's checkpoint was saved: groups idle for `idleBatches` of their task's
   * batches leave memory (or, with `expire`, quiet ones are deleted by the next save).
   */
  saved(): { evicted: number; expired: number } {
    const idle = this.options.groups?.idleBatches ?? 0;
    let evicted = 0;
    let expired = 0;
    for (const instance of this.instances) if (instance.task.incremental) instance.groupsInStore = true;
    if (idle <= 0) return { evicted, expired };
    for (const instance of this.instances) {
      const outcome = instance.task.incremental?.evictIdle(idle, this.options.groups?.expire ?? false);
      if (!outcome) continue;
      evicted += outcome.evicted;
      expired += outcome.expired;
      if (outcome.expired > 0) instance.dirty = true;
    }
    return { evicted, expired };
  }

  /**
   * Loads a checkpoint into fresh tasks. Call once, before the first batch. `keys` holds, per task
   * that checkpoints by group, the entries of its keys section (see `incrementalTasks`).
   */
  restore(
    checkpoint: StoredCheckpoint | undefined,
    keys: ReadonlyMap<string, readonly (readonly [string, string])[]> = new Map(),
    retryWindow: readonly (readonly [string, string])[] = [],
  ): RestoreReport {
    if (!checkpoint) return { offset: undefined, restored: [], failed: [], unknown: [] };
    this.nextOffset = BigInt(checkpoint.offset);
    const restored: string[] = [];
    const failed: { task: string; reason: string }[] = [];
    let windowError: string | undefined;
    try {
      this.window.restore(retryWindow);
    } catch (error) {
      // An empty window only forgets which points were applied: retries of them are applied again.
      windowError = error instanceof Error ? error.message : String(error);
    }
    const known = new Set<string>([CHECKPOINT_FIELDS.sources, CHECKPOINT_FIELDS.format]);
    for (const instance of this.instances) {
      const field = taskField(instance.name);
      known.add(field);
      const text = checkpoint.fields[field];
      if (text === undefined) continue;
      try {
        restoreTask(instance, text, keys.get(instance.name) ?? []);
        restored.push(instance.name);
      } catch (error) {
        failed.push({ task: instance.name, reason: error instanceof Error ? error.message : String(error) });
        // A half-restored task would be worse than an empty one.
        this.replaceInstance(instance);
      }
    }
    const sources = checkpoint.fields[CHECKPOINT_FIELDS.sources];
    if (sources !== undefined) for (const [partition, position] of decodeSourcePositions(sources)) this.sources.set(partition, position);
    const unknown = Object.keys(checkpoint.fields).filter((field) => !known.has(field));
    return { offset: this.nextOffset, restored, failed, unknown, ...(windowError === undefined ? {} : { retryWindowError: windowError }) };
  }

  /**
   * Records below `offset` rebuild state only: their events and forwarded points were written
   * before the state was lost, so they are not returned again (counted in `quietEvents`).
   */
  quietUntil(offset: bigint): void {
    this.quietBelow = offset;
  }

  /**
   * Applies decoded records in offset order. Records below the expected offset were applied
   * before (a fetch that raced a seek) and are skipped.
   */
  apply(messages: readonly DecodedMessage[]): StepResult {
    const counts = new Counts();
    const forwards: ForwardRecord[] = [];
    for (const message of messages) {
      if (this.nextOffset !== undefined && message.offset < this.nextOffset) {
        counts.skippedMessages += 1;
        continue;
      }
      if (message.errors > 0) counts.undecodable(message.offset, message.errors, message.firstError ?? 'not a point');
      const source = this.options.dedupBySource ? this.sourceOf(message, counts) : undefined;
      if (source !== false) this.applyPoints(message, counts, forwards, source);
      this.nextOffset = message.offset + 1n;
    }
    return this.finish(counts, forwards);
  }

  /** Advances wall-clock nodes (stats, deadman) of every task to `now`. */
  tick(now: bigint): StepResult {
    const counts = new Counts();
    this.cause = { kind: 'tick', topic: this.topic, partition: this.partition, offset: this.nextOffset ?? 0n, now };
    for (const instance of this.instances) {
      if (!instance.ticks) continue;
      instance.task.tick(now);
      instance.dirty = true;
      this.ticked = true;
    }
    this.cause = undefined;
    const result = this.finish(counts, []);
    this.ticked = false;
    return result;
  }

  /** The position of a forwarded record, or false when it is a repeat to drop. */
  private sourceOf(message: DecodedMessage, counts: Counts): { partition: string; position: SourcePosition } | undefined | false {
    const header = message.headers[POINT_HEADERS.source];
    if (header === undefined) return undefined;
    const source = parseSourceHeader(header);
    if (!source) return undefined;
    const seen = this.sources.get(source.partition);
    if (seen !== undefined && !isAfter(source.position, seen)) {
      counts.repeats += message.points.length;
      return false;
    }
    return source;
  }

  private applyPoints(message: DecodedMessage, counts: Counts, forwards: ForwardRecord[], source: { partition: string; position: SourcePosition } | undefined): void {
    const points = message.points;
    const cause = this.pointCause;
    cause.offset = message.offset;
    this.cause = cause;
    this.acceptedMs = acceptedMsOf(message);
    this.quiet = this.quietBelow !== undefined && message.offset < this.quietBelow;
    const forwarded = this.quiet ? [] : this.forwarded;
    for (let index = 0; index < points.length; index++) {
      const point = points[index] as Point;
      cause.index = index;
      if (!this.window.admit(pointIdentityOf(point), message.offset)) {
        counts.retried += 1;
        continue;
      }
      counts.points += 1;
      for (const instance of this.instances) {
        if (!instance.reads(point)) continue;
        instance.task.write(point);
        instance.points += 1;
        instance.stepPoints += 1;
        instance.dirty = true;
      }
      for (const entry of forwarded) {
        if (!entry.filter.reads(point) || entry.definition.placement.kind !== 'repartition') continue;
        try {
          const key = repartitionKeyFor(point, entry.definition.placement);
          forwards.push(forwardRecordOf(entry.topic, key, point, { topic: this.topic, partition: this.partition, offset: message.offset, index }, this.acceptedMs));
        } catch (error) {
          if (!(error instanceof RangeError)) throw error;
          counts.unforwardable += 1;
        }
      }
    }
    this.cause = undefined;
    this.quiet = false;
    if (source) this.sources.set(source.partition, source.position);
  }

  private finish(counts: Counts, forwards: ForwardRecord[]): StepResult {
    const events = this.collected;
    this.collected = [];
    const quietEvents = this.quietEvents;
    this.quietEvents = 0;
    // Every save holds every task's field: a store that lost the key in between (eviction, a
    // flush) then never ends up with a checkpoint missing some of its parts. Groups and keys are
    // written when they changed, in the same atomic save.
    const fields: Record<string, string> = { [CHECKPOINT_FIELDS.format]: CHECKPOINT_FIELDS.formatVersion };
    const sections = new Map<string, SectionWrite>();
    const refusedByTask = new Map<string, number>();
    let bytes = 0;
    let groupsWritten = 0;
    for (const instance of this.instances) {
      if (instance.stepPoints > 0) counts.pointsByTask.set(instance.name, instance.stepPoints);
      instance.stepPoints = 0;
      const refused = instance.task.incremental?.refused ?? 0;
      if (refused > instance.refusedSeen) refusedByTask.set(instance.name, refused - instance.refusedSeen);
      instance.refusedSeen = refused;
      const write = taskWriteOf(instance);
      fields[taskField(instance.name)] = write.field;
      for (const [name, section] of write.sections) sections.set(name, section);
      bytes += write.bytes;
      groupsWritten += write.groups;
    }
    const window = this.window.write();
    if (window) sections.set(CHECKPOINT_FIELDS.retryWindowSection, window);
    if (this.options.dedupBySource) {
      const text = encodeSourcePositions(this.sources);
      fields[CHECKPOINT_FIELDS.sources] = text;
      bytes += text.length;
    }
    for (const { event } of events) counts.addEvent(event.level);
    return {
      events,
      forwards,
      offset: this.nextOffset ?? 0n,
      write: { fields, sections },
      checkpointBytes: bytes,
      groupsWritten,
      refusedByTask,
      changed: counts.points > 0 || events.length > 0 || forwards.length > 0 || this.ticked,
      points: counts.points,
      pointsByTask: counts.pointsByTask,
      eventsByLevel: counts.eventsByLevel,
      undecodable: counts.undecodableCount,
      ...(counts.firstUndecodable ? { firstUndecodable: counts.firstUndecodable } : {}),
      repeats: counts.repeats,
      retried: counts.retried,
      unforwardable: counts.unforwardable,
      skippedMessages: counts.skippedMessages,
      quietEvents,
    };
  }

  private instantiate(definition: TaskDefinition): TaskInstance {
    const name = definition.name;
    const instance = new TaskInstance(definition, {
      now: this.options.now,
      emitEvent: (event) => this.collect(name, event),
      log: (entry) => this.options.log(name, entry),
      ...(this.options.observer ? { observer: this.options.observer } : {}),
      ...(this.options.registry ? { registry: this.options.registry } : {}),
      ...(this.options.statistics ? { statistics: this.options.statistics } : {}),
    });
    const maxGroups = this.options.groups?.maxGroups;
    if (instance.task.incremental && maxGroups !== undefined && maxGroups > 0) instance.task.incremental.maxGroups = maxGroups;
    return instance;
  }

  private replaceInstance(instance: TaskInstance): void {
    const index = this.instances.indexOf(instance);
    const fresh = this.instantiate(instance.definition);
    fresh.dirty = true;
    this.instances[index] = fresh;
  }

  private collect(task: string, event: AlertEvent): void {
    const cause = this.cause;
    // The engine only emits while the runtime feeds it a point or a tick.
    if (!cause) throw new Error(`task ${task} emitted an event outside a point or tick`);
    if (this.quiet) {
      this.quietEvents += 1;
      return;
    }
    const eventId = eventIdOf({ task, node: event.node, alertId: event.id, level: event.level, time: event.time }, cause);
    const acceptedMs = cause.kind === 'point' ? this.acceptedMs : undefined;
    this.collected.push(acceptedMs === undefined ? { eventId, event } : { eventId, event, acceptedMs });
  }
}

/** Tallies of one step. */
class Counts {
  points = 0;
  repeats = 0;
  retried = 0;
  unforwardable = 0;
  skippedMessages = 0;
  undecodableCount = 0;
  firstUndecodable: { offset: bigint; reason: string } | undefined;
  readonly pointsByTask = new Map<string, number>();
  readonly eventsByLevel = new Map<Level, number>();

  addEvent(level: Level): void {
    this.eventsByLevel.set(level, (this.eventsByLevel.get(level) ?? 0) + 1);
  }

  undecodable(offset: bigint, count: number, reason: string): void {
    this.undecodableCount += count;
    this.firstUndecodable ??= { offset, reason };
  }
}
