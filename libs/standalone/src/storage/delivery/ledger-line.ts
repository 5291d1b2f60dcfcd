import type { HandlerKey, Settlement } from '@vigil/delivery';

/** What one ledger line records: a settlement of a pair, or the clearing of a dead one. */
export type LedgerVerb = Settlement | 'cleared';

export interface LedgerEntry {
  readonly verb: LedgerVerb;
  readonly eventId: string;
  readonly key: HandlerKey;
  /** When it was written, so old settlements expire as the Redis ledger's keys do. */
  readonly atMs: number;
}

const VERBS: readonly LedgerVerb[] = ['delivered', 'dead', 'cleared'];

/** `<verb> <eventId> <handlerKey> <atMs>`; spaces, newlines and `%` inside ids are %-escaped. */
export function encodeLedgerLine(entry: LedgerEntry): string {
  return `${entry.verb} ${escapeField(entry.eventId)} ${escapeField(entry.key)} ${entry.atMs}\n`;
}

export function decodeLedgerLine(line: string): LedgerEntry | { readonly invalid: string } {
  const parts = line.split(' ');
  const [verb, eventId, key, atMs] = parts;
  if (parts.length !== 4 || verb === undefined || eventId === undefined || key === undefined || atMs === undefined) {
    return { invalid: 'expected "<verb> <eventId> <handlerKey> <atMs>"' };
  }
  const known = VERBS.find((candidate) => candidate === verb);
  if (!known) return { invalid: `unknown verb ${JSON.stringify(verb)}` };
  if (!/^\d+$/.test(atMs)) return { invalid: `bad time ${JSON.stringify(atMs)}` };
  try {
    return { verb: known, eventId: decodeURIComponent(eventId), key: decodeURIComponent(key), atMs: Number(atMs) };
  } catch {
    return { invalid: 'bad %-escape' };
  }
}

function escapeField(field: string): string {
  if (field.length === 0) throw new Error('delivery ledger: event id and handler key must not be empty');
  return field.replace(/[% \t\n\r\v\f]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}
