import { DEAD_LETTER_HEADERS, REPLAY_HEADER, type DeadLetter, type HandlerKey, type Settlement } from '@vigil/delivery';

/** A dead letter with the record it came in (key and headers as written), so its event can be re-published unchanged. */
export interface ReplayableLetter {
  readonly letter: DeadLetter;
  readonly key: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** `--event` and `--handler` of `vigil dlq`: both must match when both are given. */
export interface LetterFilter {
  readonly eventId?: string;
  readonly handlerKey?: string;
}

export function matchesFilter(letter: DeadLetter, filter: LetterFilter): boolean {
  return (
    (filter.eventId === undefined || letter.eventId === filter.eventId) &&
    (filter.handlerKey === undefined || letter.target.key === filter.handlerKey)
  );
}

/** The ledger read a replay needs (the Redis and the file ledger provide it); a replay writes nothing to the ledger. */
export interface ReplayLedger {
  settlement(eventId: string, key: HandlerKey): Promise<Settlement | undefined>;
}

/** An alerts record to write (to the alerts topic or the event log); resolves once it is durable. */
export type ReplayPublish = (record: { key: string; value: string; headers: Record<string, string> }) => Promise<void>;

export type ReplayOutcome =
  | { readonly outcome: 'replayed' | 'would-replay' }
  | { readonly outcome: 'skipped'; readonly why: string };

export type ReplayReport = { readonly eventId: string; readonly alertId: string; readonly handlerKey: HandlerKey } & ReplayOutcome;

const DEAD_LETTER_HEADER_NAMES: ReadonlySet<string> = new Set([...Object.values(DEAD_LETTER_HEADERS), REPLAY_HEADER]);

/**
 * Re-publishes dead (event, handler) pairs, in the letters' order (one alert id's letters share a
 * partition, so its events stay in order among themselves). A pair the ledger holds as
 * `delivered` is skipped (a replay got it through already). The dead mark stays: the notifier
 * delivers a replayed record's pairs although they are dead, and skips them once delivered, so a
 * replay that crashes anywhere, or runs twice, still delivers each pair once. Several dead
 * handlers of one event go out as one record naming all of them in the replay header.
 */
export async function replayLetters(
  letters: readonly ReplayableLetter[],
  options: { readonly ledger: ReplayLedger; readonly publish: ReplayPublish; readonly dryRun: boolean },
): Promise<ReplayReport[]> {
  const reports: ReplayReport[] = [];
  for (const [eventId, pairs] of groupByEvent(letters)) {
    const due: ReplayableLetter[] = [];
    for (const listed of pairs) {
      const key = listed.letter.target.key;
      // No mark at all (it expired, or the notifier died between the letter and the mark) is
      // replayed too: the notifier delivers an unmarked pair in any case.
      if ((await options.ledger.settlement(eventId, key)) === 'delivered') {
        reports.push({ eventId, alertId: listed.letter.alertId, handlerKey: key, outcome: 'skipped', why: 'delivered since' });
      } else {
        due.push(listed);
      }
    }
    const first = due[0];
    if (first === undefined) continue;
    if (!options.dryRun) await options.publish(replayRecordOf(first, due.map((listed) => listed.letter.target.key)));
    const outcome = options.dryRun ? 'would-replay' : 'replayed';
    for (const listed of due) reports.push({ eventId, alertId: listed.letter.alertId, handlerKey: listed.letter.target.key, outcome });
  }
  return reports;
}

/** The alerts record as the evaluator wrote it, plus the replay header naming `keys`. */
export function replayRecordOf(listed: ReplayableLetter, keys: readonly HandlerKey[]): { key: string; value: string; headers: Record<string, string> } {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(listed.headers)) if (!DEAD_LETTER_HEADER_NAMES.has(name)) headers[name] = value;
  headers[REPLAY_HEADER] = JSON.stringify(keys);
  return { key: listed.key, value: listed.letter.json, headers };
}

/** Letters by event id in first-seen order, one per handler key (a pair dead-lettered twice is replayed once). */
function groupByEvent(letters: readonly ReplayableLetter[]): Map<string, ReplayableLetter[]> {
  const events = new Map<string, Map<HandlerKey, ReplayableLetter>>();
  for (const listed of letters) {
    const pairs = events.get(listed.letter.eventId) ?? new Map<HandlerKey, ReplayableLetter>();
    if (!pairs.has(listed.letter.target.key)) pairs.set(listed.letter.target.key, listed);
    events.set(listed.letter.eventId, pairs);
  }
  return new Map([...events].map(([eventId, pairs]) => [eventId, [...pairs.values()]]));
}
