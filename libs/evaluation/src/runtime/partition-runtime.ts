import type { Point } from '@vigil/core';
import { acceptedMsOf, type ForwardRecord } from '@vigil/topic-contract';
import type { LogEntry, NodeRegistry } from '@vigil/tick-engine';
import type { TaskStatisticsBook } from '../statistics/task-statistics-book';
import type { StoredCheckpoint } from '../checkpoint/checkpoint-store';
import { CHECKPOINT_FIELDS, taskField } from '../checkpoint/checkpoint-fields';
import type { DecodedMessage } from '../decode/message-decoder';
import type { TaskDefinition } from '../tasks/task-definition';
import { type HttpOutPublish, TaskInstance, type TaskObserver } from './task-instance';
import { restoreTask, type GroupPolicy } from './task-checkpoint';
import { DEFAULT_RETRY_WINDOW_POINTS, RetryWindow } from './retry-window';
import { EventCollector } from './event-collector';
import { PointForwarder, type ForwardedTask } from './point-forwarder';
import { SourcePositions, type RecordSource } from './source-positions';
import { StepCounts } from './step-counts';
import { partitionWriteOf } from './partition-checkpoint';
import { admitGroups, groupsSaved, groupsToLoad } from './group-residency';
import type { RestoreReport, StepResult } from './step-result';

export type { EmittedEvent, RestoreReport, StepResult } from './step-result';
export type { ForwardedTask } from './point-forwarder';

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
  /** Where `httpOut` nodes publish (vigil serve's HttpOutResults); default: nowhere. */
  readonly publish?: HttpOutPublish;
  /** Groups in memory, their expiry and the group limit, for tasks that checkpoint by group. */
  readonly groups?: GroupPolicy;
  /**
   * How many of the partition's last points the retry window remembers (retry-window.ts): a
   * point equal to one of them is a write repeated by a retry and is not applied again. Default
   * DEFAULT_RETRY_WINDOW_POINTS; 0 turns the window off.
   */
  readonly retryWindowPoints?: number;
}

/**
 * The evaluation of one partition: one engine task per task definition, fed with the partition's
 * records in offset order. Everything here is synchronous and deterministic given the records
 * (and the wall clock, for `now()` and ticks): applying the same records to the same checkpoint
 * gives the same events with the same ids, which is what makes reprocessing after a crash safe.
 * Its parts sit beside it: event ids (event-collector.ts), the retry window, forwarding to
 * repartition topics (point-forwarder.ts, source-positions.ts), groups in and out of memory
 * (group-residency.ts) and what a save writes (partition-checkpoint.ts).
 */
export class PartitionRuntime {
  readonly topic: string;
  readonly partition: number;
  private readonly instances: TaskInstance[];
  private readonly forwarder: PointForwarder;
  /** The source positions applied; consulted and saved on repartition topics only (`dedupBySource`). */
  private readonly sources = new SourcePositions();
  private readonly window: RetryWindow;
  private readonly events: EventCollector;
  private ticked = false;
  private nextOffset: bigint | undefined;
  private quietBelow: bigint | undefined;

  constructor(private readonly options: PartitionRuntimeOptions) {
    this.topic = options.topic;
    this.partition = options.partition;
    this.events = new EventCollector(options.topic, options.partition);
    this.instances = options.tasks.map((definition) => this.instantiate(definition));
    this.window = new RetryWindow(options.retryWindowPoints ?? DEFAULT_RETRY_WINDOW_POINTS);
    this.forwarder = new PointForwarder(options.forwarded ?? [], options.topic, options.partition);
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

  /** Per task, the groups each node holds now (Task.groupCounts), for the node statistics. */
  groupCounts(): Map<string, number[]> {
    return new Map(this.instances.map((instance) => [instance.name, instance.task.groupCounts()]));
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
    return groupsToLoad(this.instances, messages, this.nextOffset);
  }

  /** Puts a task's saved groups (entry texts from the store) back in memory. */
  admit(task: string, entries: ReadonlyMap<string, string>): void {
    admitGroups(this.instances, task, entries);
  }

  /**
   * Call after a step's checkpoint was saved: groups idle for `idleBatches` of their task's
   * batches leave memory (or, with `expire`, quiet ones are deleted by the next save).
   */
  saved(): { evicted: number; expired: number } {
    return groupsSaved(this.instances, this.options.groups);
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
    if (sources !== undefined) this.sources.restore(sources);
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
    const counts = new StepCounts();
    const forwards: ForwardRecord[] = [];
    for (const message of messages) {
      if (this.nextOffset !== undefined && message.offset < this.nextOffset) {
        counts.skippedMessages += 1;
        continue;
      }
      if (message.errors > 0) counts.undecodable(message.offset, message.errors, message.firstError ?? 'not a point');
      const source = this.options.dedupBySource ? this.sources.sourceOf(message) : undefined;
      if (source === false) counts.repeats += message.points.length;
      else this.applyPoints(message, counts, forwards, source);
      this.nextOffset = message.offset + 1n;
    }
    return this.finish(counts, forwards);
  }

  /** Advances wall-clock nodes (stats, deadman) of every task to `now`. */
  tick(now: bigint): StepResult {
    const counts = new StepCounts();
    this.events.startTick(this.nextOffset ?? 0n, now);
    for (const instance of this.instances) {
      if (!instance.ticks) continue;
      instance.task.tick(now);
      instance.dirty = true;
      this.ticked = true;
    }
    this.events.end();
    const result = this.finish(counts, []);
    this.ticked = false;
    return result;
  }

  private applyPoints(message: DecodedMessage, counts: StepCounts, forwards: ForwardRecord[], source: RecordSource | undefined): void {
    const points = message.points;
    const acceptedMs = acceptedMsOf(message);
    const quiet = this.quietBelow !== undefined && message.offset < this.quietBelow;
    const forwarding = !quiet && this.forwarder.forwardsAny;
    this.events.startRecord(message.offset, acceptedMs, quiet);
    for (let index = 0; index < points.length; index++) {
      const point = points[index] as Point;
      this.events.atPoint(index);
      if (!this.window.admitPoint(point, message.offset)) {
        counts.retried += 1;
        continue;
      }
      counts.points += 1;
      for (const instance of this.instances) {
        if (!instance.reads(point)) {
          instance.skipped(point);
          continue;
        }
        instance.task.write(point);
        instance.points += 1;
        instance.stepPoints += 1;
        instance.dirty = true;
      }
      if (forwarding) counts.unforwardable += this.forwarder.forward(point, message.offset, index, acceptedMs, forwards);
    }
    this.events.end();
    if (source) this.sources.applied(source);
  }

  private finish(counts: StepCounts, forwards: ForwardRecord[]): StepResult {
    const { events, quietEvents } = this.events.take();
    counts.takeTaskCounts(this.instances);
    const { write, bytes, groupsWritten } = partitionWriteOf(this.instances, this.window, this.options.dedupBySource ? this.sources : undefined);
    for (const { event } of events) counts.addEvent(event.level);
    return {
      events,
      forwards,
      offset: this.nextOffset ?? 0n,
      write,
      checkpointBytes: bytes,
      groupsWritten,
      changed: counts.points > 0 || events.length > 0 || forwards.length > 0 || this.ticked,
      ...counts.tallies(),
      quietEvents,
    };
  }

  private instantiate(definition: TaskDefinition): TaskInstance {
    const name = definition.name;
    const instance = new TaskInstance(definition, {
      now: this.options.now,
      emitEvent: (event) => this.events.collect(name, event),
      log: (entry) => this.options.log(name, entry),
      ...(this.options.observer ? { observer: this.options.observer } : {}),
      ...(this.options.registry ? { registry: this.options.registry } : {}),
      ...(this.options.statistics ? { statistics: this.options.statistics } : {}),
      ...(this.options.publish ? { publish: this.options.publish } : {}),
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
    instance.task.close();
  }

  /** Closes the tasks (their UDF agents end) when the host drops this runtime; it is not used after. */
  close(): void {
    for (const instance of this.instances) instance.task.close();
  }
}
