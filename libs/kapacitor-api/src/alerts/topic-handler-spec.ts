import { compileTopicMatch, TopicMatchError, type TopicMatch } from '@vigil/tick-engine';
import { TopicHandlerError } from './topic-handler-kinds';
import { isValidHandlerId, isValidTopicId } from './topic-names';

/** A topic handler as Kapacitor's API takes and answers it (`services/alert/dao.go`, `HandlerSpec`). */
export interface TopicHandlerSpec {
  readonly topic: string;
  readonly id: string;
  readonly kind: string;
  readonly options: Readonly<Record<string, unknown>>;
  readonly match: string;
}

/** Kapacitor's `HandlerSpec.Validate`, with its messages. */
export function checkSpec(spec: TopicHandlerSpec): void {
  if (!isValidTopicId(spec.topic)) throw new TopicHandlerError(`handler topic must contain only letters, numbers, '-', '.' and '_'. ${JSON.stringify(spec.id)}`);
  if (!isValidHandlerId(spec.id)) throw new TopicHandlerError(`handler ID must contain only letters, numbers, '-', '.' and '_'. ${JSON.stringify(spec.id)}`);
  if (spec.kind === '') throw new TopicHandlerError('handler Kind must not be empty');
}

/**
 * A spec's `match` compiled, as Kapacitor's `createHandlerFromSpec` compiles it when the handler is
 * defined: one that cannot compile is a TopicHandlerError (`invalid match expression: ...`), which
 * the API answers 400.
 */
export function compileHandlerMatch(match: string): TopicMatch {
  try {
    return compileTopicMatch(match);
  } catch (error) {
    if (error instanceof TopicMatchError) throw new TopicHandlerError(error.message);
    throw error;
  }
}

/** Reads a spec from JSON as Kapacitor's decoder does: missing fields are empty, wrong types refused. */
export function specOf(topic: string, body: unknown): TopicHandlerSpec {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new TopicHandlerError('invalid handler json: expected a JSON object');
  const { id = '', kind = '', options = {}, match = '' } = body as Record<string, unknown>;
  if (typeof id !== 'string' || typeof kind !== 'string' || typeof match !== 'string') throw new TopicHandlerError('invalid handler json: id, kind and match must be strings');
  const given = options ?? {};
  if (typeof given !== 'object' || Array.isArray(given)) throw new TopicHandlerError('invalid handler json: options must be an object');
  return { topic, id, kind, options: given as Record<string, unknown>, match };
}
