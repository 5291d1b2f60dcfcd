/**
 * The message ingest sends to every evaluator of its deployment on `POST
 * /kapacitor/v1/sideload/reload`: each reads the sideload directories of the tasks it runs again.
 * `id` names the request in the evaluators' log lines. It travels as JSON text on the Redis
 * channel `sideloadReloadChannelOf` names and is heard only by the evaluators listening at that
 * moment, so `generation` is the value ingest set the counter `sideloadReloadGenerationKeyOf`
 * names to just before: an evaluator that missed it finds the counter ahead of the generation
 * it applied and reloads then.
 */
export interface SideloadReloadMessage {
  readonly id: string;
  readonly generation?: number;
}

/** A message that breaks this contract; the text says which part. */
export class SideloadReloadMessageError extends Error {
  override readonly name = 'SideloadReloadMessageError';
}

/** The deployment's channel, named after its alerts topic as the log level's is (ALERTS_TOPIC). */
export function sideloadReloadChannelOf(alertsTopic: string): string {
  return `vigil.sideload-reload:${alertsTopic}`;
}

/** The deployment's reload counter (a Redis integer key beside the channel), raised before each message. */
export function sideloadReloadGenerationKeyOf(alertsTopic: string): string {
  return `vigil.sideload-reload-generation:${alertsTopic}`;
}

export function encodeSideloadReloadMessage(message: SideloadReloadMessage): string {
  return JSON.stringify(message.generation === undefined ? { id: message.id } : { id: message.id, generation: message.generation });
}

export function decodeSideloadReloadMessage(text: string): SideloadReloadMessage {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new SideloadReloadMessageError('sideload-reload message: not JSON');
  }
  const fields = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  const id = fields['id'];
  if (typeof id !== 'string' || id === '' || id.length > 200) throw new SideloadReloadMessageError(`sideload-reload message: id must be a non-empty string of at most 200 characters, got ${JSON.stringify(id)}`);
  const generation = fields['generation'];
  if (generation === undefined) return { id };
  if (typeof generation !== 'number' || !Number.isSafeInteger(generation) || generation < 1) throw new SideloadReloadMessageError(`sideload-reload message: generation must be a positive integer, got ${JSON.stringify(generation)}`);
  return { id, generation };
}
