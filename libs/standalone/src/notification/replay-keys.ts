import { REPLAY_HEADER, type HandlerKey } from '@vigil/delivery';

/**
 * The handler keys named by an event-log record's replay header (written by `vigil dlq replay`),
 * or undefined on an ordinary record. A header that is not a JSON array of strings makes the
 * record unreadable, as on the alerts topic.
 */
export function replayKeysOf(headers: Readonly<Record<string, string>>): HandlerKey[] | undefined {
  const header = headers[REPLAY_HEADER];
  if (header === undefined) return undefined;
  const parsed: unknown = JSON.parse(header);
  if (Array.isArray(parsed) && parsed.every((key): key is HandlerKey => typeof key === 'string')) return parsed;
  throw new Error(`${REPLAY_HEADER} is not an array of handler keys`);
}
