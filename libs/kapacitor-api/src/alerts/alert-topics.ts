import { levelRank, LEVELS, type AlertEvent, type Level } from '@vigil/core';
import { compareGoStrings } from '@vigil/go-format';

/** What a topic keeps of the last event of one alert id (Kapacitor's `alert.EventState`). */
export type TopicEventState = Pick<AlertEvent, 'id' | 'message' | 'details' | 'time' | 'duration' | 'level'>;

/** A topic's summary (Kapacitor's `alert.TopicState`). */
export interface TopicSummary {
  /** The highest level among its events, OK without any. */
  readonly level: Level;
  /** Events collected since the server started. */
  readonly collected: number;
}

/** JSON form of every topic's event states, as saved in the data folder. */
export type AlertTopicsSnapshot = Readonly<Record<string, readonly SavedEventState[]>>;

interface SavedEventState {
  readonly id: string;
  readonly message: string;
  readonly details: string;
  readonly time: string;
  readonly duration: string;
  readonly level: Level;
}

interface Topic {
  readonly events: Map<string, TopicEventState>;
  collected: number;
}

/**
 * The alert service's topics (`alert/topics.go`, `Topics`): per topic, the last event state of
 * every alert id collected on it, and how many events it collected. A topic exists once an event
 * was collected on it or a handler was defined for it, and until it is deleted. `collected`
 * counts from the server's start, as Kapacitor's expvar counter does; the event states survive.
 */
export class AlertTopics {
  private readonly topics = new Map<string, Topic>();

  /** Stores the event's state as its id's current one (`Topic.collect`). */
  collect(topic: string, state: TopicEventState): void {
    const known = this.ensure(topic);
    known.events.set(state.id, state);
    known.collected += 1;
  }

  /** Creates an empty topic unless it exists (`Topics.RegisterHandler` does, for a handler's topic). */
  ensure(topic: string): Topic {
    let known = this.topics.get(topic);
    if (!known) {
      known = { events: new Map(), collected: 0 };
      this.topics.set(topic, known);
    }
    return known;
  }

  /** Forgets a topic and its event states; false when there was none. */
  delete(topic: string): boolean {
    return this.topics.delete(topic);
  }

  /** Every topic id, sorted. */
  ids(): string[] {
    return [...this.topics.keys()].sort(compareGoStrings);
  }

  summary(topic: string): TopicSummary | undefined {
    const known = this.topics.get(topic);
    if (!known) return undefined;
    let level: Level = 'OK';
    for (const state of known.events.values()) if (levelRank(state.level) > levelRank(level)) level = state.level;
    return { level, collected: known.collected };
  }

  /**
   * The topic's event states at `minLevel` or above, most severe first, then by id, as
   * Kapacitor keeps them sorted (`sortedStates`); undefined for an unknown topic.
   */
  events(topic: string, minLevel: Level = 'OK'): TopicEventState[] | undefined {
    const known = this.topics.get(topic);
    if (!known) return undefined;
    return [...known.events.values()]
      .filter((state) => levelRank(state.level) >= levelRank(minLevel))
      .sort((a, b) => levelRank(b.level) - levelRank(a.level) || compareGoStrings(a.id, b.id));
  }

  event(topic: string, id: string): TopicEventState | undefined {
    return this.topics.get(topic)?.events.get(id);
  }

  /** Every topic's event states, in no particular order: `restore` keeps each id's state, whatever the order. */
  snapshot(): AlertTopicsSnapshot {
    const saved: Record<string, SavedEventState[]> = {};
    for (const [id, topic] of this.topics) {
      const states: SavedEventState[] = [];
      for (const state of topic.events.values()) states.push({ ...state, time: state.time.toString(), duration: state.duration.toString() });
      saved[id] = states;
    }
    return saved;
  }

  /** Replaces every topic with the snapshot's; throws on a malformed one. */
  restore(snapshot: unknown): void {
    if (typeof snapshot !== 'object' || snapshot === null || Array.isArray(snapshot)) throw new Error('alert topics: expected an object of topics');
    this.topics.clear();
    for (const [topic, states] of Object.entries(snapshot)) {
      if (!Array.isArray(states)) throw new Error(`alert topics: topic ${topic} is not a list of event states`);
      const known = this.ensure(topic);
      for (const state of states as unknown[]) {
        const restored = restoredState(state);
        known.events.set(restored.id, restored);
      }
    }
  }
}

function restoredState(value: unknown): TopicEventState {
  const state = value as Partial<Record<keyof SavedEventState, unknown>>;
  const { id, message, details, time, duration, level } = state;
  if (typeof id !== 'string' || typeof message !== 'string' || typeof details !== 'string' || typeof time !== 'string' || typeof duration !== 'string' || !LEVELS.includes(level as Level) || !/^-?\d+$/.test(time) || !/^-?\d+$/.test(duration)) {
    throw new Error(`alert topics: malformed event state ${JSON.stringify(value)}`);
  }
  return { id, message, details, time: BigInt(time), duration: BigInt(duration), level: level as Level };
}
