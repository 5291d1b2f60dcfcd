import type { LetterFilter } from '../notification/dead-letter-replay';

export class ReplayRequestError extends Error {
  override readonly name = 'ReplayRequestError';
}

/** The body of a replay request: an empty body replays every letter. */
export function readReplayRequest(body: unknown): { readonly filter: LetterFilter; readonly dryRun: boolean } {
  const parsed = typeof body === 'string' || Buffer.isBuffer(body) ? parseJson(body.toString()) : (body ?? {});
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ReplayRequestError('the body must be a JSON object');
  const { event, handler, dryRun } = parsed as Record<string, unknown>;
  if (event !== undefined && typeof event !== 'string') throw new ReplayRequestError('"event" must be a string');
  if (handler !== undefined && typeof handler !== 'string') throw new ReplayRequestError('"handler" must be a string');
  if (dryRun !== undefined && typeof dryRun !== 'boolean') throw new ReplayRequestError('"dryRun" must be true or false');
  return { filter: { eventId: event, handlerKey: handler }, dryRun: dryRun ?? false };
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new ReplayRequestError('the body is not JSON');
  }
}
