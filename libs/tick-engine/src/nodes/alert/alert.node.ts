import type { Level, Point, Tags } from '@vigil/core';
import type { BatchMessage, PointMessage, Message } from '../../runtime/message';
import { ErrorReporter } from '../../runtime/error-reporter';
import type { Emit, NodeRuntime, TaskContext } from '../../runtime/node-runtime';
import { AlertEventPublisher } from './alert-event-publisher';
import type { AlertHistoryConfig } from './alert-group-state';
import { AlertGroup } from './alert-group';
import type { AlertProperties } from './alert-properties';
import { batchSeries, PointSeries } from './alert-series';
import { parseAlertSnapshot, type AlertNodeSnapshot } from './alert-snapshot';
import type { AlertTaskServices } from './alert-task-services';
import type { AlertTemplates } from './alert-templates';
import { idTellsGroupsApart, tagsFixedByGroup } from './group-stable-id';
import { LevelRules, type LevelErrorReporter, type LevelLambdas } from './determine-level';
import { augmentFields, augmentTags } from './event-state-augment';
import { Inhibitor } from './inhibitor-registry';
import { AlertGroupStore, LEVEL_RANK, levelOfRank } from './alert-group-store';
import { AlertNodeEntries } from './alert-node-entries';
import type { NodeEntries } from '../../runtime/node-entries';

/** Everything an alert node is built from; the factory compiles it from the script. */
export interface AlertNodeParts {
  readonly name: string;
  readonly task: TaskContext;
  readonly properties: AlertProperties;
  /** One instance per lambda, shared by all groups (Kapacitor's alert node does not copy them). */
  readonly lambdas: LevelLambdas;
  readonly templates: AlertTemplates;
  readonly services: AlertTaskServices;
}

/**
 * The alert node of a task (Kapacitor's AlertNode and alertState): per group, the level of each
 * point or batch, the triggers that turn levels into events, and the events handed to the
 * node's topics. Only points or batches that produced an event go on to the children.
 */
export class AlertNode implements NodeRuntime {
  readonly name: string;
  private readonly groups = new Map<string, AlertGroup>();
  private readonly publisher: AlertEventPublisher;
  private readonly history: AlertHistoryConfig;
  /** Lambda errors are per point; the reporter logs the 1st, 10th, 100th ... of each message. */
  private readonly errors: ErrorReporter;
  private readonly rules: LevelRules;
  /** The level histories and trigger times of all groups; replaced on restore. */
  private store: AlertGroupStore;
  /** The group whose point is being judged, for error reports (spares a closure per point). */
  private judgedGroup = '';
  /** The alert id of the point pointGroup last looked up (spares an object per point). */
  private groupId = '';
  private readonly reportLevelError: LevelErrorReporter;
  private readonly pointSeries = new PointSeries();
  private groupEntries: AlertNodeEntries | undefined;

  constructor(private readonly parts: AlertNodeParts) {
    this.name = parts.name;
    this.errors = new ErrorReporter(parts.task, parts.name);
    const properties = parts.properties;
    this.history = { history: properties.history, flapping: properties.flapping, maxInterval: properties.stateChangesOnlyMaxInterval };
    this.store = new AlertGroupStore(properties.history);
    this.rules = new LevelRules(parts.lambdas);
    this.reportLevelError = (expression, level, error) => {
      if (this.parts.properties.quiet) return;
      this.errors.lambdaFailed(error, `the ${expression} expression of level ${level}`, this.judgedGroup);
    };
    this.publisher = new AlertEventPublisher(
      {
        node: parts.name,
        topic: properties.topic,
        category: properties.category,
        recoverable: !properties.noRecoveries,
        handlers: properties.handlers,
      },
      parts.task,
      parts.services,
    );
  }

  receive(message: Message, emit: Emit): void {
    if (message.kind === 'point') this.receivePoint(message, emit);
    else this.receiveBatch(message, emit);
  }

  private receivePoint(message: PointMessage, emit: Emit): void {
    const point = message.point;
    const group = this.pointGroup(message);
    const id = this.groupId;
    const level = levelOfRank(this.rankOf(point, group.rank, message.group));
    group.addEvent(point.time, level);
    if (this.suppressed(group)) return;
    if (level === 'OK' && !group.changed) return;
    this.trigger(group, point.time, level);
    // Kapacitor suppresses a recovery only after recording the trigger (quirk 1 of section 11).
    if (this.parts.properties.noRecoveries && level === 'OK') return;
    const duration = group.duration();
    const rendered = this.parts.templates.renderMessageAndDetails({
      name: point.name,
      group: message.group,
      tags: point.tags,
      id,
      fields: point.fields,
      level,
      time: point.time,
      duration,
    });
    const series = [this.pointSeries.of(point)];
    this.publish(message.group, { message: rendered.message, details: rendered.details, id, time: point.time, duration, level, series, tags: point.tags });
    const state = { id, level, message: rendered.message, duration };
    const tags = augmentTags(point.tags, this.parts.properties, state);
    const fields = augmentFields(point.fields, this.parts.properties, state);
    // Messages are never modified, so one the event state does not change goes on as it came.
    emit(tags === point.tags && fields === point.fields ? message : { ...message, point: { ...point, tags, fields } });
  }

  /**
   * A window's batch (`alertState.BufferedBatch`): the level is the highest of its points (the
   * lowest with `.all()`), all judged from the level the group had before the batch. A recovery
   * is sent even while flapping, unlike for points.
   */
  private receiveBatch(batch: BatchMessage, emit: Emit): void {
    const properties = this.parts.properties;
    const id = this.parts.templates.renderId({ name: batch.name, group: batch.group, tags: batch.groupTags });
    const group = this.groupFor(batch.group, id, batch.tmax, batch.groupTags);
    if (batch.points.length === 0) return;
    const current = group.rank;
    let lowest = LEVEL_RANK.CRITICAL;
    let highest = LEVEL_RANK.OK;
    let highestPoint: Point | undefined;
    for (const point of batch.points) {
      const rank = this.rankOf(point, current, batch.group);
      if (rank < lowest) lowest = rank;
      if (rank > highest || !highestPoint) {
        highest = rank;
        highestPoint = point;
      }
    }
    const selected = highestPoint as Point;
    const level = levelOfRank(properties.all ? lowest : highest);
    const time = properties.all || level === 'OK' ? batch.tmax : selected.time;
    group.addEvent(time, level);
    const recovery = group.changed && level === 'OK';
    if (!recovery && (level === 'OK' || this.suppressed(group))) return;
    this.trigger(group, time, level);
    if (properties.noRecoveries && level === 'OK') return;
    const duration = group.duration();
    const rendered = this.parts.templates.renderMessageAndDetails({
      name: batch.name,
      group: batch.group,
      tags: batch.groupTags,
      id,
      fields: selected.fields,
      level,
      time,
      duration,
    });
    const series = [batchSeries(batch, batch.groupTags)];
    this.publish(batch.group, { ...rendered, id, time, duration, level, series, tags: batch.groupTags });
    const state = { id, level, message: rendered.message, duration };
    emit({
      ...batch,
      groupTags: augmentTags(batch.groupTags, properties, state),
      points: batch.points.map((point) => ({
        ...point,
        tags: augmentTags(point.tags, properties, state),
        fields: augmentFields(point.fields, properties, state),
      })),
    });
  }

  /** Flapping, or an unchanged level under stateChangesOnly that has not expired. */
  private suppressed(state: AlertGroup): boolean {
    const properties = this.parts.properties;
    if (properties.flapping && state.flapping) return true;
    return properties.stateChangesOnly && !state.changed && !state.expired;
  }

  private trigger(group: AlertGroup, time: bigint, level: Level): void {
    group.triggered(time);
    for (const inhibitor of group.inhibitors) inhibitor.inhibited = level !== 'OK';
  }

  private rankOf(point: Point, current: number, group: string): number {
    this.judgedGroup = group;
    return this.rules.rankOf(point, current, this.reportLevelError);
  }

  private publish(group: string, draft: Parameters<AlertEventPublisher['publish']>[0]): void {
    const published = this.publisher.publish(draft, group);
    this.parts.task.log({
      level: 'debug',
      node: this.name,
      group,
      message: published ? `alert ${draft.id} is ${draft.level}` : `alert ${draft.id} is ${draft.level}, inhibited`,
    });
  }

  /**
   * The group's state, created on its first point (`AlertNode.NewGroup`): a group whose id the
   * topics already know starts at the stored level, triggered at the stored time.
   */
  /**
   * The group of a point, with one lookup, and the id of its alert in `groupId`: the id is
   * rendered once per group when the template allows (group-stable-id.ts), else for every point.
   */
  private pointGroup(message: PointMessage): AlertGroup {
    const point = message.point;
    const existing = this.groups.get(message.group);
    if (existing?.cachedId !== undefined && existing.cachedIdName === point.name) {
      this.groupId = existing.cachedId;
      return existing;
    }
    const id = this.parts.templates.renderId({ name: point.name, group: message.group, tags: point.tags });
    const group = existing ?? this.groupFor(message.group, id, point.time, point.tags);
    const stableTags = this.parts.templates.groupStableIdTags;
    if (stableTags && tagsFixedByGroup(stableTags, message.dimensions)) {
      group.cachedId = id;
      group.cachedIdName = point.name;
      group.idTellsGroupsApart = idTellsGroupsApart(this.parts.templates.idSource, message.dimensions);
    }
    this.groupId = id;
    return group;
  }

  private groupFor(groupId: string, id: string, time: bigint, tags: Tags): AlertGroup {
    const existing = this.groups.get(groupId);
    if (existing) return existing;
    const group = new AlertGroup(this.history, this.store);
    const stored = this.publisher.restoreEvent(id);
    if (stored && stored.level !== 'OK') {
      group.addEvent(time, stored.level);
      group.triggered(stored.time);
    }
    if (this.parts.properties.inhibitors.length > 0) {
      group.inhibitors = this.parts.properties.inhibitors.map((spec) => {
        const inhibitor = new Inhibitor(spec.category, Object.fromEntries(spec.equalTags.map((tag) => [tag, tags[tag] ?? ''])));
        inhibitor.inhibited = group.currentLevel() !== 'OK';
        this.parts.services.inhibitors.add(inhibitor);
        return inhibitor;
      });
    }
    this.groups.set(groupId, group);
    return group;
  }

  /**
   * A group deletion (`|barrier().delete(TRUE)`) drops the group's level history and triggers,
   * as Kapacitor's grouped consumer drops its `alertState`; the topics keep the alert's event
   * state, so the group's next point starts at the stored level (`AlertNode.restoreEventState`).
   * Kapacitor leaves the group's inhibitors registered; vigil removes them with the group, since
   * a checkpoint keeps inhibitors only with their group.
   */
  forgetGroup(group: string): void {
    this.entries.evictGroup(group);
  }

  /** The node's state by group and by alert id, for incremental checkpoints (alert-node-entries.ts). */
  get entries(): NodeEntries {
    this.groupEntries ??= new AlertNodeEntries({
      groups: this.groups,
      publisher: this.publisher,
      lambdas: this.parts.lambdas,
      inhibitors: this.parts.services.inhibitors,
      restoredGroup: (state) => AlertGroup.restored(this.history, this.store, state),
    });
    return this.groupEntries;
  }

  /** Kapacitor's `working_cardinality`: the groups this node holds. */
  workingCardinality(): number {
    return this.groups.size;
  }

  snapshot(): AlertNodeSnapshot {
    const lambdas: Record<string, unknown> = {};
    for (const [name, instance] of Object.entries(this.parts.lambdas)) {
      if (instance) lambdas[name] = instance.snapshot();
    }
    return {
      version: 1,
      groups: [...this.groups.entries()].map(([group, state]) => ({
        group,
        state: state.snapshot(),
        inhibitors: state.inhibitors.map((inhibitor) => ({ category: inhibitor.category, tags: { ...inhibitor.tags }, inhibited: inhibitor.inhibited })),
      })),
      anonymousTopic: this.publisher.anonymousTopic.snapshot(),
      namedTopic: this.publisher.namedTopic?.snapshot() ?? null,
      lambdas,
    };
  }

  restore(value: unknown): void {
    const snapshot = parseAlertSnapshot(value);
    for (const group of this.groups.values()) {
      for (const inhibitor of group.inhibitors) this.parts.services.inhibitors.remove(inhibitor);
    }
    this.groups.clear();
    this.store = new AlertGroupStore(this.history.history);
    for (const entry of snapshot.groups) {
      const inhibitors = entry.inhibitors.map((saved) => {
        const inhibitor = new Inhibitor(saved.category, saved.tags);
        inhibitor.inhibited = saved.inhibited;
        this.parts.services.inhibitors.add(inhibitor);
        return inhibitor;
      });
      const group = AlertGroup.restored(this.history, this.store, entry.state);
      if (inhibitors.length > 0) group.inhibitors = inhibitors;
      this.groups.set(entry.group, group);
    }
    this.publisher.anonymousTopic.restore(snapshot.anonymousTopic);
    if (snapshot.namedTopic) this.publisher.namedTopic?.restore(snapshot.namedTopic);
    for (const [name, instance] of Object.entries(this.parts.lambdas)) {
      if (instance && Object.hasOwn(snapshot.lambdas, name)) instance.restore(snapshot.lambdas[name]);
    }
  }
}
