import type { AlertEvent, HandlerInstruction, Level, SeriesRow, Tags } from '@vigil/core';
import { formatFloatV } from '@vigil/go-format';
import type { TaskContext } from '../../runtime/node-runtime';
import type { AlertTaskServices } from './alert-task-services';
import { AlertTopicState, type TopicEventState } from './alert-topic-state';

/** An event as the node built it, before topics add `previousLevel`. */
export interface AlertEventDraft {
  readonly id: string;
  readonly message: string;
  readonly details: string;
  readonly time: bigint;
  readonly duration: bigint;
  readonly level: Level;
  readonly series: readonly SeriesRow[];
  /** Tags the inhibitors compare with: the point's tags (the group's tags for a batch). */
  readonly tags: Tags;
}

export interface AlertPublisherConfig {
  readonly node: string;
  readonly topic: string;
  readonly category: string;
  readonly recoverable: boolean;
  readonly handlers: readonly HandlerInstruction[];
}

/**
 * Hands an alert node's events to its topics, as Kapacitor's AlertNode.handleEvent and the alert
 * service do. The node's handlers listen on its anonymous topic, which exists only when the node
 * has handlers; `.topic('x')` publishes to a named topic as well. Each topic keeps its own event
 * state per id, so the two events of a node with both can differ in `previousLevel`. A node with
 * neither sends nothing (Kapacitor: nothing is collected anywhere), which `vigil replay` shows
 * as no output. An inhibited event reaches no topic and changes no topic state.
 */
export class AlertEventPublisher {
  /** The node's anonymous topic (`<server>:<task>:<node>` in Kapacitor); its state is the node's own. */
  readonly anonymousTopic = new AlertTopicState();
  readonly namedTopic: AlertTopicState | null;

  constructor(
    private readonly config: AlertPublisherConfig,
    private readonly task: TaskContext,
    private readonly services: AlertTaskServices,
  ) {
    this.namedTopic = config.topic === '' ? null : services.namedTopic(config.topic);
  }

  get hasAnonymousTopic(): boolean {
    return this.config.handlers.length > 0;
  }

  /**
   * Returns false when the event was inhibited. An event whose data JSON cannot carry (a NaN or
   * infinite field) still moves the topics' state, as in Kapacitor, where the topic records the
   * event before its handlers fail to encode it; it is then dropped with an error line and
   * reported to the task's `eventDropped` observer instead of being emitted.
   */
  publish(draft: AlertEventDraft, group: string): boolean {
    if (this.services.inhibitors.isInhibited(this.config.category, draft.tags)) {
      this.task.alertRaised?.(this.config.node, 'inhibited');
      return false;
    }
    this.task.alertRaised?.(this.config.node, draft.level);
    const unencodable = unencodableValueIn(draft.series);
    if (this.hasAnonymousTopic) {
      const previousLevel = this.anonymousTopic.collect(draft.id, draft.level, draft.time);
      if (unencodable === undefined) this.task.emitEvent(this.event(draft, '', previousLevel, this.config.handlers));
      else this.drop(draft, '', group, unencodable);
    }
    if (this.namedTopic) {
      const previousLevel = this.namedTopic.collect(draft.id, draft.level, draft.time);
      if (unencodable === undefined) this.task.emitEvent(this.event(draft, this.config.topic, previousLevel, []));
      else this.drop(draft, this.config.topic, group, unencodable);
    }
    return true;
  }

  private drop(draft: AlertEventDraft, topic: string, group: string, value: number): void {
    const reason = `json: unsupported value: ${formatFloatV(value)}`;
    const where = topic === '' ? '' : ` on topic ${topic}`;
    this.task.log({ level: 'error', node: this.config.node, group, message: `failed to marshal alert data json: ${reason}; alert ${draft.id} (${draft.level})${where} dropped` });
    this.task.eventDropped?.({ node: this.config.node, topic, group, id: draft.id, reason });
  }

  /**
   * The stored state a new group starts from (`AlertNode.restoreEvent`): the anonymous topic's
   * if it knows the id, else the named topic's. When they disagree the found one is copied to
   * the other, the anonymous topic winning, so that both continue from the same level.
   */
  restoreEvent(id: string): TopicEventState | undefined {
    const anonymous = this.hasAnonymousTopic ? this.anonymousTopic.get(id) : undefined;
    const named = this.namedTopic?.get(id);
    if ((anonymous?.level ?? 'OK') !== (named?.level ?? 'OK')) {
      if (anonymous && named) this.namedTopic?.update(id, anonymous);
      else if (named && this.hasAnonymousTopic) this.anonymousTopic.update(id, named);
    }
    return anonymous ?? named;
  }

  private event(draft: AlertEventDraft, topic: string, previousLevel: Level, handlers: readonly HandlerInstruction[]): AlertEvent {
    return {
      id: draft.id,
      message: draft.message,
      details: draft.details,
      time: draft.time,
      duration: draft.duration,
      level: draft.level,
      previousLevel,
      recoverable: this.config.recoverable,
      series: draft.series,
      task: this.task.taskName,
      node: this.config.node,
      topic,
      category: this.config.category,
      handlers,
    };
  }
}

/** The first NaN or infinite float in the rows' values, which Go's JSON encoder refuses. */
function unencodableValueIn(series: readonly SeriesRow[]): number | undefined {
  for (const row of series) {
    for (const values of row.values) {
      for (const value of values) if (typeof value === 'number' && !Number.isFinite(value)) return value;
    }
  }
  return undefined;
}
