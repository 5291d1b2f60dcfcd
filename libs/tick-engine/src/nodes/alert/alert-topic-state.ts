import type { Level } from '@vigil/core';

/** What a topic remembers of the last event it collected for one alert id. */
export interface TopicEventState {
  readonly level: Level;
  /** Time of that event (the point time), ns. */
  readonly time: bigint;
}

/** JSON form of a topic's event states, in id order. */
export type AlertTopicSnapshot = readonly { readonly id: string; readonly level: Level; readonly time: string }[];

/**
 * The event state a Kapacitor topic keeps per alert id (`alert/topics.go`: `Topic.updateEvent`):
 * only the last event that was *collected*, i.e. sent. `previousLevel` of an event is the level
 * stored before it, OK for an id the topic has not seen, so it ignores points that stateChangesOnly,
 * noRecoveries, flapping or inhibition kept quiet. A new group restores its starting level from
 * here, which is how two groups rendering the same id end up sharing their state.
 */
export class AlertTopicState {
  private readonly events = new Map<string, TopicEventState>();
  /** Per watcher (an alert node saving incrementally), the ids changed since it last looked. */
  private readonly watchers: Set<string>[] = [];

  /** A set that collects every id whose state changes from now on; the watcher empties it. */
  watch(): Set<string> {
    const changed = new Set<string>();
    this.watchers.push(changed);
    return changed;
  }

  /** The ids the topic holds a state for. */
  ids(): Iterable<string> {
    return this.events.keys();
  }

  get(id: string): TopicEventState | undefined {
    return this.events.get(id);
  }

  /** Stores the event's state and returns the level it replaces (`previousLevel`). */
  collect(id: string, level: Level, time: bigint): Level {
    const previous = this.events.get(id)?.level ?? 'OK';
    this.events.set(id, { level, time });
    for (const watcher of this.watchers) watcher.add(id);
    return previous;
  }

  /** Overwrites the state of one id without collecting an event (Kapacitor's `UpdateEvent`). */
  update(id: string, state: TopicEventState): void {
    this.events.set(id, state);
    for (const watcher of this.watchers) watcher.add(id);
  }

  snapshot(): AlertTopicSnapshot {
    return [...this.events.keys()].sort().map((id) => {
      const state = this.events.get(id) as TopicEventState;
      return { id, level: state.level, time: state.time.toString() };
    });
  }

  restore(snapshot: AlertTopicSnapshot): void {
    this.events.clear();
    for (const entry of snapshot) this.events.set(entry.id, { level: entry.level, time: BigInt(entry.time) });
  }
}
