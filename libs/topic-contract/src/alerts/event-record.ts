import { decodeAlertEvent, encodeAlertEvent, type AlertData, type AlertEvent, type HandlerInstruction } from '@vigil/core';

/**
 * Headers of the alerts topic contract. The value is Kapacitor's alert JSON byte for byte, so any
 * consumer that understands Kapacitor's `post` payload can read it; what vigil adds for routing
 * and deduplication travels in headers.
 */
export const EVENT_HEADERS = {
  eventId: 'vigil-event-id',
  task: 'vigil-task',
  node: 'vigil-node',
  /** The alert node's `.topic()`, absent for the node's anonymous topic. */
  topic: 'vigil-topic',
  category: 'vigil-category',
  /** JSON array of HandlerInstruction: what the notifier delivers the event to. */
  handlers: 'vigil-handlers',
  /**
   * When vigil accepted the point that caused the event, ms since the epoch (the points record's
   * acceptance time, see POINT_HEADERS.accepted); absent for events of ticks (deadman). Delivery
   * latency is measured from it, so replayed or old-timestamped points do not read as years late.
   */
  accepted: 'vigil-accepted-ms',
  /**
   * On an event a Kapacitor replay raised, the replay's id, which is its task master's: its
   * anonymous topic is `<replay id>:<task>:<node>`, not the live `main:...` one, and the alert
   * topics keep its events on a named topic only (Kapacitor closes a replay's topics when it ends).
   */
  replayId: 'vigil-replay-id',
} as const;

/** One record for the alerts topic, keyed by alert id so that one alert's events stay in order. */
export interface EventRecord {
  readonly key: string;
  readonly value: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** Throws (as Go's encoder fails) for an event whose data holds NaN or an infinity. */
export function eventRecordOf(event: AlertEvent, eventId: string, acceptedMs?: number): EventRecord {
  const headers: Record<string, string> = {
    [EVENT_HEADERS.eventId]: eventId,
    [EVENT_HEADERS.task]: event.task,
    [EVENT_HEADERS.node]: event.node,
    [EVENT_HEADERS.handlers]: JSON.stringify(event.handlers),
  };
  if (event.topic !== '') headers[EVENT_HEADERS.topic] = event.topic;
  if (event.category !== '') headers[EVENT_HEADERS.category] = event.category;
  if (acceptedMs !== undefined) headers[EVENT_HEADERS.accepted] = String(acceptedMs);
  return { key: event.id, value: encodeAlertEvent(event), headers };
}

/** An alerts-topic record read back: the Kapacitor payload and vigil's routing facts. */
export interface ReceivedEvent {
  readonly eventId: string;
  readonly task: string;
  readonly node: string;
  readonly topic: string;
  readonly category: string;
  readonly handlers: readonly HandlerInstruction[];
  readonly alert: AlertData;
  /** The value exactly as it was on the topic. */
  readonly json: string;
  /** When vigil accepted the point that caused the event, ms (header vigil-accepted-ms). */
  readonly acceptedMs?: number;
  /** The replay that raised the event (header vigil-replay-id); absent for live events. */
  readonly replayId?: string;
}

/** Thrown for a record that does not follow the alerts topic contract. */
export class EventRecordError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EventRecordError';
  }
}

/** Validates and reads one alerts-topic record (value as text, headers as strings). */
export function readEventRecord(value: string, headers: Readonly<Record<string, string | undefined>>): ReceivedEvent {
  const eventId = headers[EVENT_HEADERS.eventId];
  const task = headers[EVENT_HEADERS.task];
  const node = headers[EVENT_HEADERS.node];
  if (!eventId || !task || !node) throw new EventRecordError(`alert record lacks ${EVENT_HEADERS.eventId}, ${EVENT_HEADERS.task} or ${EVENT_HEADERS.node}`);
  let alert: AlertData;
  try {
    alert = decodeAlertEvent(value);
  } catch (error) {
    throw new EventRecordError('alert record value is not Kapacitor alert JSON', { cause: error });
  }
  return {
    eventId,
    task,
    node,
    topic: headers[EVENT_HEADERS.topic] ?? '',
    category: headers[EVENT_HEADERS.category] ?? '',
    handlers: parseHandlers(headers[EVENT_HEADERS.handlers] ?? '[]'),
    alert,
    json: value,
    ...acceptedOf(headers[EVENT_HEADERS.accepted]),
    ...(headers[EVENT_HEADERS.replayId] ? { replayId: headers[EVENT_HEADERS.replayId] } : {}),
  };
}

/** A malformed acceptance time only costs the latency measure, so it is ignored rather than refused. */
function acceptedOf(header: string | undefined): { acceptedMs?: number } {
  const ms = header === undefined ? NaN : Number(header);
  return Number.isSafeInteger(ms) && ms > 0 ? { acceptedMs: ms } : {};
}

function parseHandlers(text: string): HandlerInstruction[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new EventRecordError(`${EVENT_HEADERS.handlers} is not JSON`, { cause: error });
  }
  if (!Array.isArray(parsed)) throw new EventRecordError(`${EVENT_HEADERS.handlers} is not an array`);
  return parsed.map((entry: unknown, i) => {
    if (!isRecord(entry) || typeof entry['kind'] !== 'string' || !isArgs(entry['args']) || !Array.isArray(entry['options'])) {
      throw new EventRecordError(`${EVENT_HEADERS.handlers}[${i}] is not a handler instruction`);
    }
    const options = entry['options'].map((option: unknown) => {
      if (!isRecord(option) || typeof option['name'] !== 'string' || !isArgs(option['args'])) throw new EventRecordError(`${EVENT_HEADERS.handlers}[${i}] has a bad option`);
      return { name: option['name'], args: option['args'] };
    });
    return { kind: entry['kind'], args: entry['args'], options };
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isArgs(value: unknown): value is (string | number | boolean)[] {
  return Array.isArray(value) && value.every((arg) => typeof arg === 'string' || typeof arg === 'number' || typeof arg === 'boolean');
}
