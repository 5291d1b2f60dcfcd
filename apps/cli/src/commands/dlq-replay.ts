import { DEAD_LETTER_HEADERS, REPLAY_HEADER, type HandlerKey, type Settlement } from '@vigil/delivery';
import type { ListedLetter } from './dlq-letter-line';

/** The ledger operations a replay needs; RedisDeliveryLedger provides them. */
export interface ReplayLedger {
  settlement(eventId: string, key: HandlerKey): Promise<Settlement | undefined>;
  /** Clears a dead pair and says whether it was dead, so only one of two racing replays sends it. */
  takeDead(eventId: string, key: HandlerKey): Promise<boolean>;
  markDead(eventId: string, key: HandlerKey): Promise<void>;
}

/** An alerts-topic record to write; resolves once the broker acknowledged it. */
export type ReplayPublish = (record: { key: string; value: string; headers: Record<string, string> }) => Promise<void>;

export type ReplayOutcome =
  | { readonly outcome: 'replayed' | 'would-replay' }
  | { readonly outcome: 'skipped'; readonly why: string };

export type ReplayReport = { readonly eventId: string; readonly alertId: string; readonly handlerKey: HandlerKey } & ReplayOutcome;

const DEAD_LETTER_HEADER_NAMES: ReadonlySet<string> = new Set([...Object.values(DEAD_LETTER_HEADERS), REPLAY_HEADER]);

/**
 * Re-publishes dead (event, handler) pairs to the alerts topic, in the dead-letter topic's order
 * (one alert id's letters share a partition, so its events stay in order among themselves).
 * Only a pair the ledger still calls `dead` is replayed: one delivered since is skipped, and so is
 * one already replayed (its dead mark is gone), which makes running a replay twice harmless. The
 * mark is cleared before publishing, because the notifier skips pairs marked dead; if the publish
 * fails the mark is put back so a later replay can try again. Several dead handlers of one event
 * go out as one record naming all of them in the replay header.
 */
export async function replayLetters(
  letters: readonly ListedLetter[],
  options: { readonly ledger: ReplayLedger; readonly publish: ReplayPublish; readonly dryRun: boolean },
): Promise<ReplayReport[]> {
  const reports: ReplayReport[] = [];
  for (const [eventId, pairs] of groupByEvent(letters)) {
    const taken: ListedLetter[] = [];
    for (const listed of pairs) {
      const key = listed.letter.target.key;
      const report = { eventId, alertId: listed.letter.alertId, handlerKey: key };
      const settlement = await options.ledger.settlement(eventId, key);
      if (settlement !== 'dead') {
        reports.push({ ...report, outcome: 'skipped', why: settlement === 'delivered' ? 'delivered since' : 'not dead (already replayed, or its ledger mark expired)' });
      } else if (options.dryRun) {
        reports.push({ ...report, outcome: 'would-replay' });
      } else if (await options.ledger.takeDead(eventId, key)) {
        taken.push(listed);
      } else {
        reports.push({ ...report, outcome: 'skipped', why: 'taken by a concurrent replay or delivered meanwhile' });
      }
    }
    const first = taken[0];
    if (first === undefined) continue;
    const keys = taken.map((listed) => listed.letter.target.key);
    try {
      await options.publish(replayRecordOf(first, keys));
    } catch (error) {
      // Puts the dead marks back (NX, so a delivery that happened meanwhile is kept).
      for (const key of keys) await options.ledger.markDead(eventId, key);
      throw error;
    }
    for (const listed of taken) reports.push({ eventId, alertId: listed.letter.alertId, handlerKey: listed.letter.target.key, outcome: 'replayed' });
  }
  return reports;
}

/** The alerts-topic record as the evaluator wrote it, plus the replay header naming `keys`. */
export function replayRecordOf(listed: ListedLetter, keys: readonly HandlerKey[]): { key: string; value: string; headers: Record<string, string> } {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(listed.headers)) if (!DEAD_LETTER_HEADER_NAMES.has(name)) headers[name] = value;
  headers[REPLAY_HEADER] = JSON.stringify(keys);
  return { key: listed.key, value: listed.letter.json, headers };
}

/** Letters by event id in first-seen order, one per handler key (a pair dead-lettered twice is replayed once). */
function groupByEvent(letters: readonly ListedLetter[]): Map<string, ListedLetter[]> {
  const events = new Map<string, Map<HandlerKey, ListedLetter>>();
  for (const listed of letters) {
    const pairs = events.get(listed.letter.eventId) ?? new Map<HandlerKey, ListedLetter>();
    if (!pairs.has(listed.letter.target.key)) pairs.set(listed.letter.target.key, listed);
    events.set(listed.letter.eventId, pairs);
  }
  return new Map([...events].map(([eventId, pairs]) => [eventId, [...pairs.values()]]));
}
