import type { AlertEvent } from '@vigil/core';
import { eventIdOf, type EventCause } from '../events/event-id';
import type { EmittedEvent } from './step-result';

/**
 * Collects the events a partition's tasks emit during a step, each with its deterministic id
 * taken from its cause: the point being applied (the record's offset and the point's index in
 * it) or the tick. Events of a record applied quietly (written before a rebuild) are counted,
 * not collected.
 */
export class EventCollector {
  private cause: EventCause | undefined;
  /** Reused for every point: the engine emits synchronously, so the id is taken before it changes. */
  private readonly pointCause: { kind: 'point'; topic: string; partition: number; offset: bigint; index: number };
  /** When the record being applied was accepted, for the events it causes. */
  private acceptedMs: number | undefined;
  /** Set while a record below the quiet offset is applied: its events are counted, not collected. */
  private quiet = false;
  private quietEvents = 0;
  private collected: EmittedEvent[] = [];

  constructor(
    private readonly topic: string,
    private readonly partition: number,
  ) {
    this.pointCause = { kind: 'point', topic, partition, offset: 0n, index: 0 };
  }

  /** Events from now on are caused by the points of the record at `offset`, until `end`. */
  startRecord(offset: bigint, acceptedMs: number | undefined, quiet: boolean): void {
    this.pointCause.offset = offset;
    this.cause = this.pointCause;
    this.acceptedMs = acceptedMs;
    this.quiet = quiet;
  }

  /** The index, in its record, of the point being applied. */
  atPoint(index: number): void {
    this.pointCause.index = index;
  }

  /** Events from now on are caused by the tick at `now` (the partition being at `offset`), until `end`. */
  startTick(offset: bigint, now: bigint): void {
    this.cause = { kind: 'tick', topic: this.topic, partition: this.partition, offset, now };
  }

  end(): void {
    this.cause = undefined;
    this.quiet = false;
  }

  collect(task: string, event: AlertEvent): void {
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

  /** The step's events and how many were quiet; the next step starts with none. */
  take(): { events: EmittedEvent[]; quietEvents: number } {
    const taken = { events: this.collected, quietEvents: this.quietEvents };
    this.collected = [];
    this.quietEvents = 0;
    return taken;
  }
}
