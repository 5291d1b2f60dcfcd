/**
 * The message ingest sends to every evaluator of its deployment on `POST
 * /kapacitor/v1/sideload/reload`: each reads the sideload directories of the tasks it runs again.
 * `id` names the request in the evaluators' log lines. It travels as JSON text on the Redis
 * channel `sideloadReloadChannelOf` names; like the log level, it is heard only by the
 * evaluators listening at that moment.
 */
export interface SideloadReloadMessage {
  readonly id: string;
}

/** A message that breaks this contract; the text says which part. */
export class SideloadReloadMessageError extends Error {
  override readonly name = 'SideloadReloadMessageError';
}

/** The deployment's channel, named after its alerts topic as the log level's is (ALERTS_TOPIC). */
export function sideloadReloadChannelOf(alertsTopic: string): string {
  return `vigil.sideload-reload:${alertsTopic}`;
}

export function encodeSideloadReloadMessage(message: SideloadReloadMessage): string {
  return JSON.stringify({ id: message.id });
}

export function decodeSideloadReloadMessage(text: string): SideloadReloadMessage {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new SideloadReloadMessageError('sideload-reload message: not JSON');
  }
  const id = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)['id'] : undefined;
  if (typeof id !== 'string' || id === '' || id.length > 200) throw new SideloadReloadMessageError(`sideload-reload message: id must be a non-empty string of at most 200 characters, got ${JSON.stringify(id)}`);
  return { id };
}
