import type { Level } from '@vigil/core';
import type { LevelLambdas } from './determine-level';
import type { NodeEntries } from '../../runtime/node-entries';
import type { AlertGroup } from './alert-group';
import type { AlertGroupStateSnapshot } from './alert-group-state';
import type { AlertEventPublisher } from './alert-event-publisher';
import { AlertSnapshotError, parseAlertSnapshot } from './alert-snapshot';
import type { AlertTopicState } from './alert-topic-state';
import { Inhibitor, type InhibitorRegistry } from './inhibitor-registry';

/** What AlertNodeEntries reads and changes of its alert node. */
export interface AlertNodeEntriesParts {
  readonly groups: Map<string, AlertGroup>;
  readonly publisher: AlertEventPublisher;
  readonly lambdas: LevelLambdas;
  readonly inhibitors: InhibitorRegistry;
  /** A group rebuilt from its saved state; throws when the state does not fit the node. */
  readonly restoredGroup: (state: AlertGroupStateSnapshot) => AlertGroup;
}

/** A topic's saved state of one alert id: the keys are `a:<id>` (anonymous topic) and `n:<id>` (named). */
interface TopicKey {
  readonly topic: AlertTopicState;
  readonly id: string;
}

/**
 * The alert node's state split for incremental checkpoints: the shared lambda instances are the
 * shared part; each group's level history, trigger times and inhibitors are its group state; the
 * event state its topics keep per alert id (Kapacitor's `Topic.updateEvent`) are keys, since an
 * id is not a group (two groups can render one id). Keys stay in memory when groups leave it: a
 * new group starts from the topic's level for its id (`AlertNode.restoreEvent`).
 */
export class AlertNodeEntries implements NodeEntries {
  private anonymousChanges: Set<string> | undefined;
  private namedChanges: Set<string> | undefined;

  constructor(private readonly parts: AlertNodeEntriesParts) {}

  shared(): unknown {
    const lambdas: Record<string, unknown> = {};
    for (const [name, instance] of Object.entries(this.parts.lambdas)) if (instance) lambdas[name] = instance.snapshot();
    return { version: 1, lambdas };
  }

  /** Restoring from entries: the keys that follow come from the store, so tracking starts now. */
  restoreShared(state: unknown): void {
    this.track();
    const snapshot = parseAlertSnapshot({ version: (state as { version?: unknown } | null)?.version, groups: [], anonymousTopic: [], namedTopic: null, lambdas: (state as { lambdas?: unknown } | null)?.lambdas });
    for (const [name, instance] of Object.entries(this.parts.lambdas)) {
      if (instance && Object.hasOwn(snapshot.lambdas, name)) instance.restore(snapshot.lambdas[name]);
    }
  }

  groups(): Iterable<string> {
    return this.parts.groups.keys();
  }

  groupState(group: string): unknown {
    const state = this.parts.groups.get(group);
    if (!state) return undefined;
    return {
      state: state.snapshot(),
      inhibitors: state.inhibitors.map((inhibitor) => ({ category: inhibitor.category, tags: { ...inhibitor.tags }, inhibited: inhibitor.inhibited })),
    };
  }

  restoreGroup(group: string, encoded: unknown): void {
    const entry = (typeof encoded === 'object' && encoded !== null ? encoded : {}) as Record<string, unknown>;
    const [parsed] = parseAlertSnapshot({ version: 1, groups: [{ group, state: entry['state'], inhibitors: entry['inhibitors'] }], anonymousTopic: [], namedTopic: null, lambdas: {} }).groups;
    if (!parsed) throw new AlertSnapshotError(`group ${group} has no state`);
    this.evictGroup(group);
    const restored = this.parts.restoredGroup(parsed.state);
    if (parsed.inhibitors.length > 0) {
      restored.inhibitors = parsed.inhibitors.map((saved) => {
        const inhibitor = new Inhibitor(saved.category, saved.tags);
        inhibitor.inhibited = saved.inhibited;
        this.parts.inhibitors.add(inhibitor);
        return inhibitor;
      });
    }
    this.parts.groups.set(group, restored);
  }

  evictGroup(group: string): void {
    const state = this.parts.groups.get(group);
    if (!state) return;
    for (const inhibitor of state.inhibitors) this.parts.inhibitors.remove(inhibitor);
    state.release();
    this.parts.groups.delete(group);
  }

  /**
   * Quiet when every level of its history is OK, it is not flapping, none of its inhibitors is
   * active, and the topics hold OK (or nothing) for its id: a new group would then start at OK
   * as well. A group whose id is not rendered once per group is never quiet (its id is unknown),
   * nor one whose id another group could render: that group could move the id's level after this
   * one is forgotten, and a new group would start from it (group-stable-id.ts).
   */
  groupIsQuiet(group: string): boolean {
    const state = this.parts.groups.get(group);
    if (!state) return true;
    const id = state.cachedId;
    if (id === undefined || !state.idTellsGroupsApart) return false;
    const snapshot = state.snapshot();
    if (snapshot.flapping || snapshot.history.some((level) => level !== 'OK')) return false;
    if (state.inhibitors.some((inhibitor) => inhibitor.inhibited)) return false;
    const publisher = this.parts.publisher;
    return levelOf(publisher.anonymousTopic, id) === 'OK' && (publisher.namedTopic === null || levelOf(publisher.namedTopic, id) === 'OK');
  }

  /** The first call returns every key the topics hold (nothing was saved yet) and starts tracking. */
  takeChangedKeys(): Iterable<string> {
    if (this.anonymousChanges === undefined) {
      this.track();
      return this.keys();
    }
    const keys: string[] = [];
    for (const id of this.anonymousChanges) keys.push(`a:${id}`);
    for (const id of this.namedChanges ?? []) keys.push(`n:${id}`);
    this.anonymousChanges.clear();
    this.namedChanges?.clear();
    return keys;
  }

  private track(): void {
    const publisher = this.parts.publisher;
    this.anonymousChanges ??= publisher.anonymousTopic.watch();
    if (publisher.namedTopic) this.namedChanges ??= publisher.namedTopic.watch();
  }

  *keys(): Iterable<string> {
    const publisher = this.parts.publisher;
    for (const id of publisher.anonymousTopic.ids()) yield `a:${id}`;
    if (publisher.namedTopic) for (const id of publisher.namedTopic.ids()) yield `n:${id}`;
  }

  keyState(key: string): unknown {
    const { topic, id } = this.topicKey(key);
    const state = topic.get(id);
    return state === undefined ? undefined : { level: state.level, time: state.time.toString() };
  }

  restoreKey(key: string, encoded: unknown): void {
    const { topic, id } = this.topicKey(key);
    const [entry] = parseAlertSnapshot({ version: 1, groups: [], anonymousTopic: [{ id, ...(encoded as object) }], namedTopic: null, lambdas: {} }).anonymousTopic;
    if (!entry) throw new AlertSnapshotError(`topic key ${key} has no state`);
    topic.update(id, { level: entry.level, time: BigInt(entry.time) });
    // Restored from the store: nothing to write back.
    if (topic === this.parts.publisher.anonymousTopic) this.anonymousChanges?.delete(id);
    else this.namedChanges?.delete(id);
  }

  private topicKey(key: string): TopicKey {
    const publisher = this.parts.publisher;
    const id = key.slice(2);
    if (key.startsWith('a:')) return { topic: publisher.anonymousTopic, id };
    if (key.startsWith('n:') && publisher.namedTopic) return { topic: publisher.namedTopic, id };
    throw new AlertSnapshotError(`unknown alert topic key ${JSON.stringify(key)}`);
  }
}

function levelOf(topic: AlertTopicState, id: string): Level {
  return topic.get(id)?.level ?? 'OK';
}
